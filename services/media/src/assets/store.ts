import { createHash, randomUUID } from "node:crypto";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Client } from "minio";
import { type Decided, decideType, isExecutable, PolyglotScanner, RefusedFile } from "./inspect";

export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`upload exceeds ${limit} bytes`);
  }
}

export interface Quarantined {
  key: string;
  size: number;
  sha256: string;
  decided: Decided;
}

export interface QuarantineInput {
  client: Client;
  bucket: string;
  body: Readable;
  declaredMime: string;
  filename: string;
  /** Largest size allowed for any kind (checked while streaming); per-kind limit once the type is known. */
  limitFor: (decided: Decided | null) => number;
  /** Sniffs the head bytes (file-type's fileTypeFromBuffer in production). */
  sniff: (head: Buffer) => Promise<string | undefined>;
}

const HEAD_BYTES = 4100;

/**
 * Streams a body to `quarantine/<uuid>` while hashing, counting and sniffing (R-FMT).
 * Memory stays bounded: only the first 4100 bytes are kept. On a refusal or an
 * oversize body the upload is aborted and any partial/complete object removed, so
 * nothing of a refused file stays in S3.
 */
export async function streamToQuarantine(input: QuarantineInput): Promise<Quarantined> {
  const key = `quarantine/${randomUUID()}`;
  const hash = createHash("sha256");
  let size = 0;
  let head = Buffer.alloc(0);
  let decided: Decided | null = null;
  let scanner: PolyglotScanner | null = null;
  const pending: Buffer[] = [];

  const decide = async (): Promise<void> => {
    if (isExecutable(head)) decideType(head, undefined, input.declaredMime, input.filename);
    decided = decideType(head, await input.sniff(head), input.declaredMime, input.filename);
    scanner = new PolyglotScanner(decided.kind, decided.mime);
    for (const b of pending) scanner.push(b);
    pending.length = 0;
  };

  const guard = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      (async () => {
        size += chunk.length;
        if (size > input.limitFor(decided)) throw new TooLarge(input.limitFor(decided));
        hash.update(chunk);
        if (!decided) {
          head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
          pending.push(chunk);
          if (head.length >= HEAD_BYTES) await decide();
        } else scanner?.push(chunk);
        scanner?.check();
      })().then(() => cb(null, chunk), cb);
    },
    flush(cb) {
      (async () => {
        if (!decided) await decide();
        (scanner as PolyglotScanner | null)?.check();
        if (size > input.limitFor(decided)) throw new TooLarge(input.limitFor(decided));
      })().then(() => cb(), cb);
    },
  });

  const upload = input.client.putObject(input.bucket, key, guard, undefined, {
    "Content-Type": "application/octet-stream",
  });
  try {
    await Promise.all([pipeline(input.body, guard), upload]);
  } catch (err) {
    input.body.unpipe?.();
    input.body.resume?.();
    guard.destroy();
    await upload.catch(() => undefined);
    await removeEverything(input.client, input.bucket, key);
    if (err instanceof RefusedFile || err instanceof TooLarge) throw err;
    throw err;
  }
  return { key, size, sha256: hash.digest("hex"), decided: decided as unknown as Decided };
}

export async function removeEverything(client: Client, bucket: string, key: string): Promise<void> {
  await client.removeIncompleteUpload(bucket, key).catch(() => undefined);
  await client.removeObject(bucket, key).catch(() => undefined);
}
