// The media service as content sees it (an adapter behind a small interface, so unit tests can
// swap it and integration tests use the real service). Every call carries the CALLER's own bearer
// token: media answers with what that person may see on that portal, so a reference to another
// portal's asset is refused by media's own rules (R-ORG), never by a trust content grants itself.
import { fail, type Logger } from "@cong/kit";
import { z } from "zod";

/** What media said about one asset of a portal, asked with the caller's token. */
export type AssetLookup = "found" | "unknown";

export interface MediaLibrary {
  /** `found` when the asset belongs to `portalId` and the caller may use it; `unknown` otherwise. */
  lookUp(portalId: string, assetId: string, authorization: string): Promise<AssetLookup>;
  /**
   * A media preview token for a draft's asset (`?token=` on media's file URLs) and its expiry;
   * null when the asset is not (or no longer) in the portal's library for this caller.
   */
  previewToken(
    portalId: string,
    assetId: string,
    authorization: string,
  ): Promise<{ token: string; expiresAt: Date } | null>;
}

/** media's answer to `POST /portals/{portalId}/assets/{assetId}/links` (services/media/src/routes.ts). */
const LinkAnswer = z.object({ token: z.string().min(1), expiresAt: z.iso.datetime({ offset: true }) });

export const mediaUnavailable = (cause?: unknown) =>
  fail.unavailable(
    "Không kiểm tra được thư viện tệp lúc này; chưa có gì được lưu, vui lòng thử lại sau. / The media library cannot be reached; nothing was saved, try again later.",
    { reason: "media_unavailable", headers: { "Retry-After": "5" }, ...(cause ? { cause } : {}) },
  );

export class HttpMediaLibrary implements MediaLibrary {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  private url(portalId: string, assetId: string, rest = ""): string {
    return `${this.baseUrl.replace(/\/$/, "")}/portals/${encodeURIComponent(portalId)}/assets/${encodeURIComponent(assetId)}${rest}`;
  }

  private async call(method: "GET" | "POST", url: string, authorization: string): Promise<Response> {
    try {
      return await fetch(url, {
        method,
        headers: { authorization, accept: "application/json" },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      this.logger.warn({ err: e, url }, "media unreachable");
      throw mediaUnavailable(e);
    }
  }

  async lookUp(portalId: string, assetId: string, authorization: string): Promise<AssetLookup> {
    const res = await this.call("GET", this.url(portalId, assetId), authorization);
    // 404: no such asset on this portal (or deleted); 403: the caller has no role where it lives
    if (res.status === 404 || res.status === 403) {
      await res.body?.cancel();
      return "unknown";
    }
    if (res.status !== 200) {
      this.logger.warn(
        { status: res.status, portalId, assetId },
        "media answered an asset look-up with an error",
      );
      await res.body?.cancel();
      throw mediaUnavailable();
    }
    const body = (await res.json().catch(() => null)) as { id?: unknown; portalId?: unknown } | null;
    // media already scopes the look-up by portal; the answer is checked again all the same
    return body?.id === assetId && body.portalId === portalId ? "found" : "unknown";
  }

  async previewToken(portalId: string, assetId: string, authorization: string) {
    const res = await this.call("POST", this.url(portalId, assetId, "/links"), authorization);
    if (res.status === 404 || res.status === 403) {
      await res.body?.cancel();
      return null;
    }
    const parsed = res.status === 201 ? LinkAnswer.safeParse(await res.json().catch(() => null)) : null;
    if (!parsed?.success) {
      this.logger.warn({ status: res.status, portalId, assetId }, "media refused a preview token");
      await res.body?.cancel().catch(() => undefined);
      throw mediaUnavailable();
    }
    return { token: parsed.data.token, expiresAt: new Date(parsed.data.expiresAt) };
  }
}
