// Static files named by their content hash (issue 17): `/static/<name>-<12 hex of SHA-256>.<ext>`,
// so a changed file has a new address and every address can be cached for a year (`immutable`).
// Pages link the hashed names; the files are built in code (site-css.ts, favicon.ts), so `dist/`
// needs no copy step and the hash is known at start.
import { createHash } from "node:crypto";

/** the cache policy of a hashed file: its bytes never change at that address */
export const IMMUTABLE = "public, max-age=31536000, immutable";

/** `/static/<name>-<hash>.<ext>`, the hash the first 12 hex digits of the content's SHA-256 */
export function hashedPath(name: string, ext: string, content: string | Buffer): string {
  return `/static/${name}-${createHash("sha256").update(content).digest("hex").slice(0, 12)}.${ext}`;
}
