// Where backups live: a local folder or s3://bucket/prefix. Each backup is a folder `<id>/` with
// its files and, written last, manifest.json (a backup without one is incomplete and ignored).
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type * as Minio from "minio";

export interface BackupTarget {
  describe: string;
  put(rel: string, body: Readable | Buffer): Promise<void>;
  get(rel: string): Promise<Readable>;
  /** ids of complete backups (folders with a manifest.json), oldest first */
  list(): Promise<string[]>;
  /**
   * every folder at the root, oldest first, complete or not: one shallow listing (S3: by
   * delimiter), not every file of every backup as `list` reads
   */
  folders(): Promise<string[]>;
  remove(id: string): Promise<void>;
}

export function openTarget(spec: string, s3: () => Minio.Client): BackupTarget {
  if (spec.startsWith("s3://")) {
    const [bucket = "", ...rest] = spec.slice(5).split("/");
    const prefix = rest.filter(Boolean).join("/");
    return s3Target(s3(), bucket, prefix ? `${prefix}/` : "");
  }
  return dirTarget(path.resolve(spec));
}

function safe(rel: string): string {
  if (rel.split("/").some((p) => p === ".." || p === "")) throw new Error(`unsafe path in backup: ${rel}`);
  return rel;
}

function dirTarget(root: string): BackupTarget {
  return {
    describe: root,
    async put(rel, body) {
      const file = path.join(root, safe(rel));
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, fs.createWriteStream(file));
    },
    async get(rel) {
      const file = path.join(root, safe(rel));
      await fs.promises.access(file);
      return fs.createReadStream(file);
    },
    async list() {
      const entries = await fs.promises.readdir(root, { withFileTypes: true }).catch(() => []);
      const ids = entries.filter(
        (e) => e.isDirectory() && fs.existsSync(path.join(root, e.name, "manifest.json")),
      );
      return ids.map((e) => e.name).sort();
    },
    async folders() {
      const entries = await fs.promises.readdir(root, { withFileTypes: true }).catch(() => []);
      return entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    },
    async remove(id) {
      await fs.promises.rm(path.join(root, safe(id)), { recursive: true, force: true });
    },
  };
}

function s3Target(s3: Minio.Client, bucket: string, prefix: string): BackupTarget {
  let ensured = false;
  return {
    describe: `s3://${bucket}/${prefix}`,
    async put(rel, body) {
      if (!ensured) {
        if (!(await s3.bucketExists(bucket))) await s3.makeBucket(bucket);
        ensured = true;
      }
      if (Buffer.isBuffer(body)) await s3.putObject(bucket, prefix + safe(rel), body, body.length);
      else await s3.putObject(bucket, prefix + safe(rel), body);
    },
    async get(rel) {
      return s3.getObject(bucket, prefix + safe(rel));
    },
    async list() {
      const ids = new Set<string>();
      for await (const o of s3.listObjectsV2(bucket, prefix, true)) {
        const name = (o as { name?: string }).name;
        const m = name?.slice(prefix.length).match(/^([^/]+)\/manifest\.json$/);
        if (m?.[1]) ids.add(m[1]);
      }
      return [...ids].sort();
    },
    async folders() {
      const ids: string[] = [];
      for await (const o of s3.listObjectsV2(bucket, prefix, false)) {
        const p = (o as { prefix?: string }).prefix;
        const id = p?.slice(prefix.length).replace(/\/$/, "");
        if (id) ids.push(id);
      }
      return ids.sort();
    },
    async remove(id) {
      const keys: string[] = [];
      for await (const o of s3.listObjectsV2(bucket, `${prefix}${safe(id)}/`, true)) {
        const name = (o as { name?: string }).name;
        if (name) keys.push(name);
      }
      for (let i = 0; i < keys.length; i += 500) await s3.removeObjects(bucket, keys.slice(i, i + 500));
    },
  };
}

const MISSING = new Set(["NoSuchKey", "NoSuchBucket", "NotFound", "ENOENT"]);

/** A JSON file of the target, parsed; null when it is not there (any other error is thrown). */
export async function readJsonFile<T>(target: BackupTarget, rel: string): Promise<T | null> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await target.get(rel);
  } catch (e) {
    if (MISSING.has(String((e as { code?: string }).code))) return null;
    throw e;
  }
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as T;
}
