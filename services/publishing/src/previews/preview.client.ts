// Server-to-server read of an item preview from the content service, which mints the links and
// owns the drafts (R-MODERATE; issue 14): `GET {CONTENT_API_URL}/public/previews/{token}` answers
// 200 with an ItemPreview, 404 (unknown or revoked), 410 (expired), problem+json otherwise. The
// body is validated with the same zod schema content answers with (packages/contracts).
import { ItemPreview, type PreviewToken } from "@cong/contracts";
import type { Logger } from "@cong/kit";
import type { z } from "zod";

export type PreviewResult =
  | { kind: "ok"; preview: ItemPreview }
  | { kind: "not_found" }
  | { kind: "expired" }
  | { kind: "unavailable" };

/** a preview's snapshot is one item's revision: a few MB at the very most */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export class PreviewClient {
  constructor(
    private readonly baseUrl: string,
    private readonly log: Logger,
    private readonly timeoutMs = 5000,
  ) {}

  async get(token: z.output<typeof PreviewToken>, now = Date.now()): Promise<PreviewResult> {
    let res: Response;
    try {
      res = await fetch(new URL(`/public/previews/${encodeURIComponent(token)}`, this.baseUrl), {
        headers: { accept: "application/json, application/problem+json" },
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: "error",
      });
    } catch (e) {
      this.log.warn({ err: e }, "content unreachable for a preview");
      return { kind: "unavailable" };
    }
    if (res.status === 404 || res.status === 400 || res.status === 422) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: "not_found" };
    }
    if (res.status === 410) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: "expired" };
    }
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      this.log.warn({ status: res.status }, "content answered a preview with an error");
      return { kind: "unavailable" };
    }
    let body: unknown;
    try {
      const text = await res.text();
      if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new Error("preview body too large");
      body = JSON.parse(text);
    } catch (e) {
      this.log.error({ err: e }, "content's preview is not JSON");
      return { kind: "unavailable" };
    }
    const parsed = ItemPreview.safeParse(body);
    if (!parsed.success) {
      // a contract violation is a bug on one side: never render what was not validated
      this.log.error({ issues: parsed.error.issues.slice(0, 10) }, "content's preview breaks the contract");
      return { kind: "unavailable" };
    }
    if (Date.parse(parsed.data.expiresAt) <= now) return { kind: "expired" };
    return { kind: "ok", preview: parsed.data };
  }
}
