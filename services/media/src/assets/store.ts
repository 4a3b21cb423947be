// Streams an upload into S3 while deciding its type by its bytes (R-FMT): hashing, counting and
// scanning every chunk, never holding more than about two S3 parts in memory. The first part is
// sent only after the type is decided, so a refused file never reaches S3; a refusal or an
// oversize body later on aborts the multipart upload, so nothing of it stays.
import { createHash } from "node:crypto";
import type { Client } from "minio";
import { type Decided, decideType, isExecutable, PolyglotScanner } from "./inspect";
import { checkPdf } from "./pdf";
import { checkSvg } from "./svg";

export class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`upload exceeds ${limit} bytes`);
  }
}

export interface Stored {
  key: string;
  size: number;
  sha256: string;
  decided: Decided;
}

export interface UploadInput {
  client: Client;
  bucket: string;
  key: string;
  body: AsyncIterable<Buffer>;
  declaredMime: string;
  filename: string;
  /** the limit for a kind once decided; before that (null) the largest of all */
  limitFor: (decided: Decided | null) => number;
  /** sniffs the head bytes (file-type's fileTypeFromBuffer in production) */
  sniff: (head: Buffer) => Promise<string | undefined>;
  /** S3 multipart part size (≥ 5 MiB) */
  partSize: number;
  /** parts uploaded at once (default 2) */
  concurrency?: number;
}

export const HEAD_BYTES = 4100;

export async function streamUpload(input: UploadInput): Promise<Stored> {
  const { client, bucket, key } = input;
  const hash = createHash("sha256");
  let size = 0;
  let head = Buffer.alloc(0);
  let decided: Decided | null = null;
  let scanner: PolyglotScanner | null = null;
  let pending: Buffer[] = [];
  let uploadId: string | undefined;
  const etags: { part: number; etag: string }[] = [];
  const inflight = new Set<Promise<void>>();
  let partError: unknown;
  let partNumber = 0;
  // an SVG (a parse of its XML) and a PDF (a parse of every object) are checked as a whole before
  // the upload is completed, so they are kept until then (bounded by their kind's limit)
  const whole: Buffer[] = [];
  const keptWhole = (d: Decided | null) => !d || d.mime === "image/svg+xml" || d.mime === "application/pdf";

  const decide = async (): Promise<Decided> => {
    if (isExecutable(head)) decideType(head, undefined, input.declaredMime, input.filename);
    const d = decideType(head, await input.sniff(head), input.declaredMime, input.filename);
    scanner = new PolyglotScanner(d.kind, d.mime);
    for (const b of pending) scanner.push(b);
    decided = d;
    return d;
  };

  // part buffers are reused (at most `concurrency` in flight plus the one being filled), so a
  // large upload allocates a few parts once instead of a fresh buffer per part
  const pool: Buffer[] = [];
  let cur: Buffer | null = null;
  let curLen = 0;

  const sendPart = async (buf: Buffer, length: number): Promise<void> => {
    if (!uploadId)
      uploadId = await client.initiateNewMultipartUpload(bucket, key, {
        "Content-Type": (decided as Decided | null)?.mime ?? "application/octet-stream",
      });
    const part = ++partNumber;
    const id = uploadId;
    const p: Promise<void> = client
      .uploadPart(
        { bucketName: bucket, objectName: key, uploadID: id, partNumber: part, headers: {} },
        buf.subarray(0, length),
      )
      .then((r) => {
        etags.push({ part, etag: r.etag });
        pool.push(buf);
      })
      .catch((e: unknown) => {
        partError ??= e;
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
    while (inflight.size >= (input.concurrency ?? 2)) await Promise.race(inflight);
    if (partError) throw partError;
  };

  const append = async (chunk: Buffer): Promise<void> => {
    let off = 0;
    while (off < chunk.length) {
      if (!cur) {
        cur = pool.pop() ?? Buffer.allocUnsafeSlow(input.partSize);
        curLen = 0;
      }
      const n = chunk.copy(cur, curLen, off);
      curLen += n;
      off += n;
      if (curLen === cur.length) {
        const full = cur;
        cur = null;
        await sendPart(full, full.length);
      }
    }
  };

  try {
    for await (const raw of input.body) {
      const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      size += chunk.length;
      if (size > input.limitFor(decided)) throw new TooLarge(input.limitFor(decided));
      hash.update(chunk);
      if (!decided && head.length < HEAD_BYTES)
        head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      whole.push(chunk);
      if (!decided) {
        pending.push(chunk);
        if (head.length >= HEAD_BYTES) {
          await decide();
          (scanner as PolyglotScanner | null)?.check();
          for (const b of pending) await append(b);
          pending = [];
        }
      } else {
        (scanner as PolyglotScanner | null)?.push(chunk);
        (scanner as PolyglotScanner | null)?.check();
        await append(chunk);
      }
      if (!keptWhole(decided)) whole.length = 0;
    }
    if (!decided) {
      await decide();
      (scanner as PolyglotScanner | null)?.check();
      for (const b of pending) await append(b);
      pending = [];
    }
    const d = decided as unknown as Decided;
    (scanner as PolyglotScanner | null)?.check();
    if (d.mime === "image/svg+xml") checkSvg(Buffer.concat(whole).toString("utf8"));
    if (d.mime === "application/pdf") await checkPdf(Buffer.concat(whole));
    whole.length = 0;
    if (size > input.limitFor(d)) throw new TooLarge(input.limitFor(d));
    const last = cur as Buffer | null;
    if (!uploadId) {
      const data = last ? last.subarray(0, curLen) : Buffer.alloc(0);
      await client.putObject(bucket, key, data, data.length, { "Content-Type": d.mime });
    } else {
      if (last && curLen > 0) await sendPart(last, curLen);
      await Promise.all(inflight);
      if (partError) throw partError;
      etags.sort((a, b) => a.part - b.part);
      await client.completeMultipartUpload(bucket, key, uploadId, etags);
    }
    return { key, size, sha256: hash.digest("hex"), decided: d };
  } catch (err) {
    pending = [];
    await Promise.allSettled(inflight);
    if (uploadId) await client.abortMultipartUpload(bucket, key, uploadId).catch(() => undefined);
    throw err;
  }
}

/** Removes every object under `prefix` (an asset's folder). */
export async function removePrefix(client: Client, bucket: string, prefix: string): Promise<number> {
  const names: string[] = [];
  for await (const o of client.listObjectsV2(bucket, prefix, true)) {
    const name = (o as { name?: string }).name;
    if (name) names.push(name);
  }
  if (names.length) await client.removeObjects(bucket, names);
  return names.length;
}
