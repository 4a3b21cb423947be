// Which statuses a service really answered, against what its OpenAPI document declares (issue 15,
// class 10): the global fetch of a test file is wrapped, every answer from one of the service's
// base URLs is recorded by method, path and status, and `undeclared` names each one the document
// does not list for the route (matched to the most specific path template).
export interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Record<string, unknown> } | unknown>>;
}

export interface AnswerLog {
  /** "<METHOD> <path template> <status>" of every answer the document does not declare */
  undeclared(spec: OpenApiDoc): string[];
  /** how many distinct (request, status) pairs were seen (so a check over nothing fails) */
  readonly size: number;
  restore(): void;
}

export function recordAnswers(bases: () => string | string[]): AnswerLog {
  const seen = new Map<string, Set<number>>();
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const res = await original(input, init);
    try {
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      const b = bases();
      const origins = (Array.isArray(b) ? b : [b]).filter(Boolean).map((x) => new URL(x).origin);
      if (origins.includes(url.origin)) {
        const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
        const key = `${method} ${url.pathname}`;
        seen.set(key, (seen.get(key) ?? new Set()).add(res.status));
      }
    } catch {
      /* not a URL we know */
    }
    return res;
  }) as typeof fetch;
  return {
    restore: () => {
      globalThis.fetch = original;
    },
    undeclared(spec) {
      const templates = Object.keys(spec.paths).map((t) => ({
        t,
        re: new RegExp(`^${t.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+")}$`),
        params: (t.match(/\{/g) ?? []).length,
      }));
      const missing: string[] = [];
      for (const [key, statuses] of seen) {
        const [method, path] = key.split(" ") as [string, string];
        const match = templates.filter((x) => x.re.test(path)).sort((a, b) => a.params - b.params)[0];
        for (const status of statuses) {
          const op =
            match &&
            (spec.paths[match.t]?.[method.toLowerCase()] as
              | { responses?: Record<string, unknown> }
              | undefined);
          if (!op?.responses?.[String(status)] && !op?.responses?.default)
            missing.push(`${method} ${match?.t ?? path} ${status}`);
        }
      }
      return [...new Set(missing)].sort();
    },
    get size() {
      return [...seen.values()].reduce((n, s) => n + s.size, 0);
    },
  };
}
