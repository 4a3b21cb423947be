// Verification of the archive's hash chain (R-RETAIN): every entry re-read by its number, its link
// (prevHash) and its own hash recomputed, the object it chains re-hashed, each media object the
// object lists re-hashed (once per key), and the entry's copy under `manifest/` compared. Each problem
// names the object; media assets never archived are reported, not counted as tampering.
import type * as Minio from "minio";
import type { Collection } from "mongodb";
import {
  type ArchivedMedia,
  entryHash,
  GENESIS,
  hashObject,
  type ManifestEntry,
  manifestKey,
  mediaListed,
  readObject,
  sha256,
} from "./objects";

/** What a verification reads: the entries by number, the head, the archive bucket. */
export interface ChainSource {
  entries: Collection<ManifestEntry>;
  s3: Minio.Client;
  bucket: string;
  head(): Promise<number>;
}

/** What went wrong with one entry: stable `kind`, the entry's number and key, the message. */
export interface ChainProblem {
  seq: number;
  /** the chained object's key (null when the entry itself is missing) */
  key: string | null;
  kind:
    | "entry_missing"
    | "link_broken"
    | "entry_hash_mismatch"
    | "content_changed"
    | "object_unreadable"
    | "media_changed"
    | "media_unreadable"
    | "manifest_copy_differs"
    | "manifest_copy_unreadable";
  message: string;
}

export interface ChainVerificationResult {
  /** entries walked (every entry of the chain, whatever the scope) */
  checked: number;
  problems: string[];
  /** the same problems, each with its entry and kind, in chain order */
  found: ChainProblem[];
  media: { checked: number; missing: string[] };
}

export interface VerifyOptions {
  /**
   * only the objects of this portal (keys `<portalId>/…`) are re-read, with their media and their
   * manifest copies; every entry's link and hash are still checked, since they chain every portal
   */
  portalId?: string | undefined;
  /** after each entry; awaited (a caller may record progress) */
  onProgress?: ((done: number, total: number) => void | Promise<void>) | undefined;
  /** asked before each entry: true ends the verification with VerificationStopped */
  stop?: (() => boolean) | undefined;
}

export class VerificationStopped extends Error {
  override readonly name = "VerificationStopped";
}

/** Re-reads every object and recomputes every hash and link; lists each problem, naming the object. */
export async function verifyChain(
  c: ChainSource,
  opts: VerifyOptions = {},
): Promise<ChainVerificationResult> {
  const head = await c.head();
  const problems: string[] = [];
  const found: ChainProblem[] = [];
  const problem = (seq: number, key: string | null, kind: ChainProblem["kind"], message: string) => {
    problems.push(message);
    found.push({ seq, key, kind, message });
  };
  const mediaSeen = new Map<string, string>();
  const mediaMissing = new Set<string>();
  let mediaChecked = 0;
  let prevHash = GENESIS;
  const inScope = (key: string) => !opts.portalId || key.startsWith(`${opts.portalId}/`);
  for (let seq = 1; seq <= head; seq++) {
    if (opts.stop?.()) throw new VerificationStopped(`verification stopped at entry ${seq} of ${head}`);
    const e = await c.entries.findOne({ _id: seq });
    if (!e) {
      problem(seq, null, "entry_missing", `manifest entry ${seq} is missing`);
      continue;
    }
    if (e.prevHash !== prevHash)
      problem(seq, e.key, "link_broken", `manifest entry ${seq} (${e.key}): chain broken (prevHash)`);
    if (entryHash(seq, e.key, e.sha256, e.prevHash) !== e.hash)
      problem(
        seq,
        e.key,
        "entry_hash_mismatch",
        `manifest entry ${seq} (${e.key}): entry hash does not match its fields`,
      );
    prevHash = e.hash;
    if (inScope(e.key)) {
      const p = (kind: ChainProblem["kind"], message: string) => problem(seq, e.key, kind, message);
      mediaChecked += await checkObject(c, e, p, mediaSeen, mediaMissing);
      await checkCopy(c, e, p);
    }
    await opts.onProgress?.(seq, head);
  }
  // assets never archived are not tampering, but are reported (key|assetId)
  return { checked: head, problems, found, media: { checked: mediaChecked, missing: [...mediaMissing] } };
}

type Report = (kind: ChainProblem["kind"], message: string) => void;

/** The chained object and the media it lists; returns how many media objects were hashed. */
async function checkObject(
  c: ChainSource,
  e: ManifestEntry,
  problem: Report,
  mediaSeen: Map<string, string>,
  mediaMissing: Set<string>,
): Promise<number> {
  let mediaChecked = 0;
  try {
    const obj = await readObject(c.s3, c.bucket, e.key);
    if (sha256(obj) !== e.sha256)
      problem("content_changed", `s3://${c.bucket}/${e.key}: content changed (sha256 mismatch)`);
    const listed = mediaListed(obj);
    for (const m of listed?.objects ?? []) {
      if (mediaSeen.get(m.key) === m.sha256) continue;
      try {
        const h = await hashObject(c.s3, c.bucket, m.key);
        if (h.sha256 !== m.sha256 || h.size !== m.size)
          problem("media_changed", `s3://${c.bucket}/${m.key}: media content changed (listed by ${e.key})`);
        else mediaSeen.set(m.key, m.sha256);
        mediaChecked++;
      } catch (err) {
        problem(
          "media_unreadable",
          `s3://${c.bucket}/${m.key}: media cannot be read (${(err as Error).message}; listed by ${e.key})`,
        );
      }
    }
    for (const assetId of listed?.missing ?? []) mediaMissing.add(`${e.key}|${assetId}`);
    if (/\.media-[^/]+\.json$/.test(e.key)) {
      const of = JSON.parse(obj.toString("utf8")) as {
        snapshotKey?: string;
        archivedMedia?: ArchivedMedia;
      };
      for (const o of of.archivedMedia?.objects ?? []) mediaMissing.delete(`${of.snapshotKey}|${o.assetId}`);
    }
  } catch (err) {
    problem("object_unreadable", `s3://${c.bucket}/${e.key}: cannot be read (${(err as Error).message})`);
  }
  return mediaChecked;
}

/** The entry's copy under `manifest/`, field by field. */
async function checkCopy(c: ChainSource, e: ManifestEntry, problem: Report): Promise<void> {
  const key = manifestKey(e._id);
  try {
    const copy = JSON.parse((await readObject(c.s3, c.bucket, key)).toString("utf8"));
    if (
      copy.hash !== e.hash ||
      copy.sha256 !== e.sha256 ||
      copy.key !== e.key ||
      copy.prevHash !== e.prevHash
    )
      problem("manifest_copy_differs", `s3://${c.bucket}/${key}: differs from the manifest in the database`);
  } catch (err) {
    problem(
      "manifest_copy_unreadable",
      `s3://${c.bucket}/${key}: cannot be read (${(err as Error).message})`,
    );
  }
}
