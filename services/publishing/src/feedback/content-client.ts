// Server-to-server calls to the content service, which owns feedback and reader comments. The
// bodies are the intake contracts of packages/contracts (FeedbackIntake, CommentIntake) as their
// schemas parsed them — the same schemas content validates with (issue 16).
import type { CommentIntake, FeedbackIntake } from "@cong/contracts";

/** a field content refused (problem+json `errors`): its contract path, code and message */
export interface RefusedField {
  path: string;
  code: string;
  message?: string;
}

export type ForwardResult =
  | { ok: true }
  | { ok: false; status: number; unreachable?: boolean; detail?: string; errors?: RefusedField[] };

function refusedFields(v: unknown): RefusedField[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter(
      (e): e is { path: string; code: string; message?: unknown } =>
        typeof e === "object" && e !== null && typeof e.path === "string" && typeof e.code === "string",
    )
    .slice(0, 20)
    .map((e) => ({
      path: e.path,
      code: e.code,
      ...(typeof e.message === "string" ? { message: e.message } : {}),
    }));
}

export class ContentClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 5000,
  ) {}

  private async post(path: string, body: unknown, clientIp?: string): Promise<ForwardResult> {
    try {
      const res = await fetch(new URL(path, this.baseUrl), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/problem+json, application/json",
          ...(clientIp ? { "x-forwarded-for": clientIp } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (res.ok) return { ok: true };
      let detail: string | undefined;
      let errors: RefusedField[] = [];
      try {
        const j = (await res.json()) as { detail?: string; title?: string; errors?: unknown };
        detail = j.detail ?? j.title;
        errors = refusedFields(j.errors);
      } catch {
        detail = undefined;
      }
      return {
        ok: false,
        status: res.status,
        ...(detail ? { detail } : {}),
        ...(errors.length ? { errors } : {}),
      };
    } catch {
      return { ok: false, status: 503, unreachable: true };
    }
  }

  /** `POST /public/portals/{portalId}/feedback` with a FeedbackIntake */
  feedback(portalId: string, body: FeedbackIntake, clientIp?: string) {
    return this.post(`/public/portals/${encodeURIComponent(portalId)}/feedback`, body, clientIp);
  }

  /** `POST /public/items/{itemId}/comments` with a CommentIntake */
  comment(itemId: string, body: CommentIntake, clientIp?: string) {
    return this.post(`/public/items/${encodeURIComponent(itemId)}/comments`, body, clientIp);
  }
}
