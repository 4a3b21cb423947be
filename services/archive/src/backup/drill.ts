// R-BACKUP: a restore drill — a backup restored into scratch databases and buckets, to prove it can
// be restored, without touching the live ones. Each database D of the backup goes to
// `drill_<short>_D` and each bucket B to `drill-<short>-B` (names too long, or a bucket name with a
// dot, are cut and end with a hash of the original, so two never meet); every write goes through
// restore.ts's own steps with these names. File by file: the stored file is checked against the
// manifest (size, sha256; a damaged one is not restored), written, and read back — a collection's
// document count against the manifest's, an object's bytes (sha256) and metadata against the
// manifest's (byte-identical). A bucket the backup had with Object Lock gets a scratch bucket with
// Object Lock, checked after; its default retention rule is not applied (the scratch objects could
// then not be removed before it let them). The scratch databases and buckets are removed at the end,
// whatever happened (removeScratch), every version of every object first.
import { createHash } from "node:crypto";
import type * as Minio from "minio";
import type { MongoClient } from "mongodb";
import { SCRATCH_BUCKET_PREFIX } from "./backup";
import { type BackupDeps, BackupError, type BackupFile, type BackupManifest } from "./manifest";
import {
  busyTargets,
  checkStoredFile,
  createBucket,
  locksLost,
  type RestoreNames,
  readRestored,
  restoreFile,
} from "./restore";

/** where each of the backup's databases and buckets goes in a drill (`from` the backup's name) */
export interface DrillScratch {
  databases: { from: string; to: string }[];
  buckets: { from: string; to: string }[];
}

export interface CollectionCheck {
  database: string;
  collection: string;
  /** the manifest's count */
  expected: number;
  /** documents in the scratch copy */
  restored: number;
  /** the stored file was intact and the counts are equal */
  equal: boolean;
}

export interface ObjectsCheck {
  /** objects in the manifest */
  expected: number;
  /** written to the scratch buckets */
  restored: number;
  /** read back with the manifest's sha256 and metadata */
  identical: number;
  /** `bucket/key` (the backup's bucket) of the first objects that are not, at most MISMATCHED_SHOWN */
  mismatched: string[];
}

export interface DrillProgress {
  /** files handled, of `total` (the manifest's files) */
  done: number;
  total: number;
  collections: CollectionCheck[];
  objects: ObjectsCheck;
}

export interface DrillOutcome extends DrillProgress {
  /** what does not match, one line each, naming the collection (`db.collection`) or object (`bucket/key`) */
  problems: string[];
}

export const MISMATCHED_SHOWN = 20;
const DB_MAX = 63;
const BUCKET_MAX = 63;

const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 8);

/** `prefix` + `name`, cut to `max` and ended with a hash of `name` when it does not fit as it is. */
function fitted(prefix: string, name: string, max: number, ok: (n: string) => boolean): string {
  const whole = `${prefix}${name}`;
  if (whole.length <= max && ok(name)) return whole;
  const tail = `${prefix.at(-1)}${digest(name)}`;
  const cleaned = name.replace(/[^a-z0-9_-]/gi, prefix.at(-1) ?? "-").toLowerCase();
  return `${prefix}${cleaned.slice(0, max - prefix.length - tail.length)}${tail}`;
}

/** The scratch names of a drill (`short`: 8 hex digits of its id) for every database and bucket of `m`. */
export function scratchNames(short: string, m: BackupManifest): DrillScratch {
  if (!/^[0-9a-f]{8}$/.test(short)) throw new Error(`drill scratch id: 8 hex digits, not ${short}`);
  return {
    // database names: letters, digits, `_` and `-` (FerretDB takes no `.`), ≤ 63
    databases: m.databases.map((from) => ({
      from,
      to: fitted(`drill_${short}_`, from, DB_MAX, (n) => /^[A-Za-z0-9_-]+$/.test(n)),
    })),
    // S3 names: lower-case letters, digits, `-` (a `.` is left out: `.-` is refused by some servers), ≤ 63
    buckets: m.buckets.map((from) => ({
      from,
      to: fitted(`${SCRATCH_BUCKET_PREFIX}${short}-`, from, BUCKET_MAX, (n) => /^[a-z0-9-]+$/.test(n)),
    })),
  };
}

/** restore.ts's names for a drill: only the backup's own databases and buckets have one. */
export function namesOf(scratch: DrillScratch): RestoreNames {
  const db = new Map(scratch.databases.map((x) => [x.from, x.to]));
  const bucket = new Map(scratch.buckets.map((x) => [x.from, x.to]));
  const of = (map: Map<string, string>, what: string) => (name: string) => {
    const to = map.get(name);
    if (!to) throw new BackupError(`the manifest names ${what} ${name}, which it does not list`);
    return to;
  };
  return { database: of(db, "database"), bucket: of(bucket, "bucket") };
}

const where = (f: BackupFile) =>
  f.kind === "collection" ? `${f.db}.${f.collection}` : `${f.bucket}/${f.key}`;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Restores backup `m` into `scratch` and checks every file, reporting progress after each one.
 * Problems with the backup's files are its outcome; it throws only when the drill cannot go on
 * (an encrypted backup without the key, a scratch name already holding data, a server error
 * outside a file, `stop()`). It leaves the scratch names as they are: removeScratch removes them.
 */
export async function runDrill(
  d: BackupDeps,
  m: BackupManifest,
  scratch: DrillScratch,
  opts: { onProgress?: (p: DrillProgress) => Promise<void>; stop?: () => boolean } = {},
): Promise<DrillOutcome> {
  const log = d.log ?? (() => undefined);
  if (m.encrypted && !d.encryptionKey)
    throw new BackupError("this backup is encrypted: the service needs BACKUP_ENCRYPTION_KEY");
  const names = namesOf(scratch);
  const busy = await busyTargets(d, m, names);
  if (busy.length) throw new BackupError(`scratch names already hold data: ${busy.join("; ")}`);
  for (const bucket of m.buckets)
    await createBucket(d.s3, names.bucket(bucket), m.bucketSettings?.[bucket], log, { retention: false });
  const objects = m.files.filter((f) => f.kind === "object");
  const out: DrillOutcome = {
    done: 0,
    total: m.files.length,
    collections: [],
    objects: { expected: objects.length, restored: 0, identical: 0, mismatched: [] },
    problems: [],
  };
  const mismatch = (f: BackupFile, problem: string) => {
    out.problems.push(problem);
    if (out.objects.mismatched.length < MISMATCHED_SHOWN) out.objects.mismatched.push(where(f));
  };
  for (const f of m.files) {
    if (opts.stop?.()) throw new BackupError("stopped: the service shut down");
    const damaged = await checkStoredFile(d.target, m.id, f);
    let failed = damaged ? `${where(f)}: ${damaged}; not restored` : null;
    if (!failed)
      try {
        await restoreFile(d, m.id, f, names);
        if (f.kind === "object") out.objects.restored++;
      } catch (e) {
        failed = `${where(f)}: could not be restored (${message(e)})`;
      }
    if (f.kind === "collection") {
      const r = await readRestored(d, f, names);
      const restored = r.kind === "collection" ? r.count : 0;
      const equal = !failed && restored === f.count;
      if (failed) out.problems.push(failed);
      else if (!equal)
        out.problems.push(`${where(f)}: ${restored} documents restored, the manifest has ${f.count}`);
      out.collections.push({
        database: f.db ?? "",
        collection: f.collection ?? "",
        expected: f.count ?? 0,
        restored,
        equal,
      });
    } else if (failed) mismatch(f, failed);
    else {
      const r = await readRestored(d, f, names);
      if (r.kind === "object" && r.sha256 !== f.plainSha256)
        mismatch(f, `${where(f)}: the restored bytes differ from the manifest (sha256)`);
      else if (r.kind === "object" && !r.metadataEqual)
        mismatch(f, `${where(f)}: the restored metadata differs from the manifest`);
      else out.objects.identical++;
    }
    out.done++;
    await opts.onProgress?.(out);
  }
  for (const bucket of await locksLost(d, m, names))
    out.problems.push(`bucket ${bucket}: had Object Lock, its scratch copy has none`);
  return out;
}

/** Every version of every object of `bucket`, then the bucket (a locked one is versioned). */
async function dropBucket(s3: Minio.Client, bucket: string): Promise<void> {
  if (!(await s3.bucketExists(bucket))) return;
  const versions: { name: string; versionId?: string }[] = [];
  for await (const o of s3.listObjects(bucket, "", true, { IncludeVersion: true })) {
    const v = o as { name?: string; versionId?: string | null };
    if (v.name) versions.push({ name: v.name, ...(v.versionId ? { versionId: v.versionId } : {}) });
  }
  for (let i = 0; i < versions.length; i += 500) await s3.removeObjects(bucket, versions.slice(i, i + 500));
  await s3.removeBucket(bucket);
}

/** Removes a drill's scratch databases and buckets; answers what could not be removed (checked after). */
export async function removeScratch(
  mongo: MongoClient,
  s3: Minio.Client,
  scratch: DrillScratch,
): Promise<string[]> {
  const left: string[] = [];
  for (const { to } of scratch.databases)
    await mongo
      .db(to)
      .dropDatabase()
      .catch((e) => left.push(`database ${to}: ${message(e)}`));
  for (const { to } of scratch.buckets)
    await dropBucket(s3, to).catch((e) => left.push(`bucket ${to}: ${message(e)}`));
  const ours = new Set(scratch.databases.map((x) => x.to));
  const listed = await mongo.db("admin").admin().listDatabases({ nameOnly: true });
  for (const { name } of listed.databases)
    if (ours.has(name) && !left.some((l) => l.startsWith(`database ${name}:`)))
      left.push(`database ${name}: still there`);
  for (const { to } of scratch.buckets)
    if ((await s3.bucketExists(to)) && !left.some((l) => l.startsWith(`bucket ${to}:`)))
      left.push(`bucket ${to}: still there`);
  return left;
}
