// Calls to the platform's APIs with the signed-in person's access token. Their problem+json
// answers become ApiError (status, stable code and reason, field errors); the screens turn those
// into Vietnamese messages beside the fields — a person never sees raw JSON.
import type { IncomingHttpHeaders } from "node:http";

export type ServiceName = "content" | "media" | "identity" | "archive";

export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    /** problem `code` (validation_failed, conflict, forbidden …) */
    readonly code: string,
    readonly reason: string | undefined,
    readonly detail: string | undefined,
    readonly errors: FieldProblem[],
    readonly body: Record<string, unknown>,
  ) {
    super(`${status} ${code}${reason ? `/${reason}` : ""}: ${detail ?? ""}`);
  }

  /** The Vietnamese half of a bilingual "Việt. / English." detail. */
  detailFor(lang: "vi" | "en"): string | undefined {
    if (!this.detail) return undefined;
    const [viPart, enPart] = this.detail.split(" / ");
    return lang === "en" && enPart ? enPart : viPart;
  }
}

/** The API could not be reached or answered 5xx. */
export class ApiUnavailable extends Error {
  override readonly name = "ApiUnavailable";
}

/** The access token is gone or refused: the person must sign in again. */
export class SessionEnded extends Error {
  override readonly name = "SessionEnded";
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  etag?: string;
}

export interface CallOptions {
  json?: unknown;
  /** the version the person edited (If-Match), for optimistic concurrency */
  ifMatch?: number;
  query?: Record<string, string | number | undefined | null>;
  /** accept these statuses without throwing (e.g. 404 as "none") */
  accept?: number[];
}

export class ApiClient {
  constructor(
    private readonly bases: Record<ServiceName, string>,
    private readonly token: () => Promise<string | null>,
    private readonly requestId: string,
    private readonly lang: "vi" | "en",
  ) {}

  url(service: ServiceName, path: string, query?: CallOptions["query"]): string {
    const u = new URL(path, this.bases[service]);
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined && v !== null && v !== "") u.searchParams.set(k, String(v));
    return u.href;
  }

  /** Headers every call carries: the bearer token, the request id, the language. */
  async headers(extra: Record<string, string> = {}): Promise<Record<string, string>> {
    const token = await this.token();
    if (!token) throw new SessionEnded("no access token");
    return {
      authorization: `Bearer ${token}`,
      "x-request-id": this.requestId,
      "accept-language": this.lang,
      accept: "application/json, application/problem+json",
      ...extra,
    };
  }

  async call<T>(
    service: ServiceName,
    method: string,
    path: string,
    o: CallOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers = await this.headers(o.json !== undefined ? { "content-type": "application/json" } : {});
    if (o.ifMatch !== undefined) headers["if-match"] = `"${o.ifMatch}"`;
    let res: Response;
    try {
      res = await fetch(this.url(service, path, o.query), {
        method,
        headers,
        ...(o.json !== undefined ? { body: JSON.stringify(o.json) } : {}),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      throw new ApiUnavailable(`${service} unreachable: ${(e as Error).message}`, { cause: e });
    }
    return this.read<T>(service, res, o.accept);
  }

  async read<T>(service: ServiceName, res: Response, accept: number[] = []): Promise<ApiResponse<T>> {
    const type = res.headers.get("content-type") ?? "";
    const text = await res.text();
    const body = /json/.test(type) && text ? (JSON.parse(text) as unknown) : text;
    const etag = res.headers.get("etag")?.replace(/^W\//, "").replaceAll('"', "");
    if (res.ok || accept.includes(res.status))
      return { status: res.status, data: body as T, ...(etag ? { etag } : {}) };
    if (res.status === 401) throw new SessionEnded(`${service} refused the token`);
    if (res.status >= 500) throw new ApiUnavailable(`${service} answered ${res.status}`);
    const p = (typeof body === "object" && body ? body : {}) as Record<string, unknown>;
    throw new ApiError(
      res.status,
      typeof p.code === "string" ? p.code : String(res.status),
      typeof p.reason === "string" ? p.reason : undefined,
      typeof p.detail === "string" ? p.detail : undefined,
      Array.isArray(p.errors) ? (p.errors as FieldProblem[]) : [],
      p,
    );
  }

  get<T>(service: ServiceName, path: string, o?: CallOptions) {
    return this.call<T>(service, "GET", path, o);
  }
  post<T>(service: ServiceName, path: string, o?: CallOptions) {
    return this.call<T>(service, "POST", path, o);
  }
  put<T>(service: ServiceName, path: string, o?: CallOptions) {
    return this.call<T>(service, "PUT", path, o);
  }
  patch<T>(service: ServiceName, path: string, o?: CallOptions) {
    return this.call<T>(service, "PATCH", path, o);
  }
  delete<T>(service: ServiceName, path: string, o?: CallOptions) {
    return this.call<T>(service, "DELETE", path, o);
  }
}

/** Request headers worth passing on when streaming a body through (uploads). */
export function passThroughHeaders(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["content-type", "content-length", "transfer-encoding"]) {
    const v = h[k];
    if (typeof v === "string") out[k] = v;
  }
  return out;
}
