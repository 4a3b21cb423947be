// The load generator of `pnpm admin` (bench/src/admin.ts), in its own process so its work does not
// share an event loop with the admin under test or with the bench's bookkeeping. It reads a plan
// (JSON) from stdin: the admin's base URL, one cookie header per signed-in editor and, per page,
// the path each editor requests. Each editor is a closed loop on its own keep-alive connection
// (one request at a time, the next as soon as the page has arrived, like a browser tab); each page
// phase (a page and the editors requesting it) is warmed up, then measured for a fixed time. It writes one JSON line per event to stdout:
// {event:"warm"|"start", page} and {event:"end", page, latencies (ms), errors, statuses}.
import http from "node:http";

export interface LoadPlan {
  base: string;
  cookies: string[];
  warmupSeconds: number;
  seconds: number;
  /** per page: which editors (indexes into cookies) and the path each of them requests */
  pages: {
    name: string;
    editors: number[];
    paths: string[];
    warmupSeconds?: number;
    seconds?: number;
    /** an editor's pause after each page (ms, ×0.5–1.5 at random): people read what they opened */
    thinkMs?: number;
  }[];
}

export interface PageResult {
  event: "end";
  page: string;
  seconds: number;
  latencies: number[];
  errors: number;
  statuses: Record<string, number>;
}

function get(agent: http.Agent, base: URL, path: string, cookie: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path,
        agent,
        headers: { cookie, accept: "text/html", "accept-language": "vi" },
        timeout: 30_000,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(0));
    req.end();
  });
}

async function run(plan: LoadPlan): Promise<void> {
  const base = new URL(plan.base);
  const agents = plan.cookies.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const say = (x: unknown) => process.stdout.write(`${JSON.stringify(x)}\n`);
  for (const page of plan.pages) {
    const phase = async (seconds: number, record: boolean) => {
      const latencies: number[] = [];
      const statuses: Record<string, number> = {};
      let errors = 0;
      const until = performance.now() + seconds * 1000;
      await Promise.all(
        page.editors.map(async (i) => {
          const agent = agents[i] as http.Agent;
          const cookie = plan.cookies[i] as string;
          const path = page.paths[i % page.paths.length] as string;
          while (performance.now() < until) {
            const t0 = performance.now();
            const status = await get(agent, base, path, cookie);
            if (record) {
              latencies.push(performance.now() - t0);
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (status !== 200) errors++;
            }
            if (page.thinkMs)
              await new Promise((r) => setTimeout(r, (page.thinkMs ?? 0) * (0.5 + Math.random())));
          }
        }),
      );
      return { latencies, statuses, errors };
    };
    say({ event: "warm", page: page.name });
    await phase(page.warmupSeconds ?? plan.warmupSeconds, false);
    say({ event: "start", page: page.name });
    const t0 = performance.now();
    const r = await phase(page.seconds ?? plan.seconds, true);
    const result: PageResult = {
      event: "end",
      page: page.name,
      seconds: (performance.now() - t0) / 1000,
      ...r,
    };
    say(result);
  }
  for (const a of agents) a.destroy();
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => {
  input += c;
});
process.stdin.on("end", () => {
  run(JSON.parse(input) as LoadPlan).catch((e) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
});
