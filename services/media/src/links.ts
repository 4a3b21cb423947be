// Preview links to assets that are not public yet (drafts, R-MODERATE): `?token=<exp>.<hmac>`
// bound to one asset, valid until `exp` (seconds since the epoch).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export class PreviewLinks {
  private readonly key: Buffer;
  constructor(
    secret: string | undefined,
    private readonly ttlSeconds: number,
  ) {
    this.key = secret ? Buffer.from(secret, "utf8") : randomBytes(32);
  }

  private mac(assetId: string, exp: number): string {
    return createHmac("sha256", this.key).update(`${assetId}.${exp}`).digest("base64url");
  }

  issue(assetId: string, now = Date.now()): { token: string; expiresAt: Date } {
    const exp = Math.floor(now / 1000) + this.ttlSeconds;
    return { token: `${exp}.${this.mac(assetId, exp)}`, expiresAt: new Date(exp * 1000) };
  }

  valid(assetId: string, token: unknown, now = Date.now()): boolean {
    if (typeof token !== "string") return false;
    const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return false;
    const exp = Number(m[1]);
    if (exp * 1000 < now) return false;
    const given = Buffer.from(m[2] as string);
    const want = Buffer.from(this.mac(assetId, exp));
    return given.length === want.length && timingSafeEqual(given, want);
  }
}
