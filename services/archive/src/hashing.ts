// A pass-through stream that counts and hashes (SHA-256) what flows through it: backups, restores
// and the media copies of archived snapshots record what they wrote with it.
import { createHash } from "node:crypto";
import { Transform } from "node:stream";

/** Counts bytes and hashes (SHA-256) what passes through. */
export function tap() {
  const hash = createHash("sha256");
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  return { stream, result: () => ({ bytes, sha256: hash.digest("hex") }) };
}
