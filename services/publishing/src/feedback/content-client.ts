// Server-to-server calls to the content service, which owns feedback and reader comments.
export type ForwardResult =
  | { ok: true }
  | { ok: false; status: number; unreachable?: boolean; detail?: string };

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
      try {
        const j = (await res.json()) as { detail?: string; title?: string };
        detail = j.detail ?? j.title;
      } catch {
        detail = undefined;
      }
      return { ok: false, status: res.status, ...(detail ? { detail } : {}) };
    } catch {
      return { ok: false, status: 503, unreachable: true };
    }
  }

  feedback(
    portalId: string,
    body: {
      kind: "feedback" | "question";
      name: string;
      email?: string;
      phone?: string;
      subject?: string;
      message: string;
      consent: true;
    },
    clientIp?: string,
  ) {
    // the content service's intake contract (services/content/src/feedback): `fullName`
    const { name, ...rest } = body;
    return this.post(
      `/public/portals/${encodeURIComponent(portalId)}/feedback`,
      { ...rest, fullName: name },
      clientIp,
    );
  }

  comment(itemId: string, body: { name: string; message: string; consent: true }, clientIp?: string) {
    // the content service's comment contract (services/content/src/comments): `text`, `fullName`
    return this.post(
      `/public/items/${encodeURIComponent(itemId)}/comments`,
      { text: body.message, fullName: body.name, consent: body.consent },
      clientIp,
    );
  }
}
