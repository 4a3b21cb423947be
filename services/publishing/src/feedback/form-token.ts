// CSRF protection without a session store: a signed token in the form (HMAC of portal, form, issue
// time and a nonce) that expires after two hours. Cross-site posts cannot read it; the Origin
// header, when sent, must also be this host.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const MAX_AGE_MS = 2 * 3600_000;

export class FormTokens {
  constructor(private readonly secret: string) {}

  private sign(scope: string, ts: string, nonce: string): string {
    return createHmac("sha256", this.secret).update(`${scope}|${ts}|${nonce}`).digest("base64url");
  }

  issue(scope: string, now = Date.now()): string {
    const ts = now.toString(36);
    const nonce = randomBytes(9).toString("base64url");
    return `${ts}.${nonce}.${this.sign(scope, ts, nonce)}`;
  }

  verify(scope: string, token: unknown, now = Date.now()): boolean {
    if (typeof token !== "string" || token.length > 200) return false;
    const [ts, nonce, sig] = token.split(".");
    if (!ts || !nonce || !sig) return false;
    const issued = Number.parseInt(ts, 36);
    if (!Number.isFinite(issued) || now - issued > MAX_AGE_MS || issued - now > 60_000) return false;
    const expected = Buffer.from(this.sign(scope, ts, nonce));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
