// R-BACKUP against the real servers: back up this test's own databases and buckets (encrypted),
// drop them, restore → every document deep-equals the original (types kept: ObjectId, Date, Long,
// Decimal128, Binary), every object is byte-identical with its metadata, an empty collection and an
// empty bucket come back, and a bucket with Object Lock (the archive's) comes back with it. A
// truncated backup file is refused before anything is written, with a non-zero exit code and a
// message naming the file.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createS3 } from "@cong/kit";
import { uniqueName } from "@cong/testing";
import { Binary, Long, MongoClient, ObjectId } from "mongodb";
import { BackupError, runBackup, runRestore } from "../src/backup/backup";
import { openTarget } from "../src/backup/target";
import { env } from "./fixtures";

const s3 = createS3({ ...env, S3_REGION: env.S3_REGION ?? "us-east-1" });
const key = randomBytes(32);

async function readAll(bucket: string, k: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await s3.getObject(bucket, k)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function dropBucket(bucket: string) {
  if (!(await s3.bucketExists(bucket))) return;
  // every version: a bucket with Object Lock is versioned
  const versions: { name: string; versionId?: string }[] = [];
  for await (const o of s3.listObjects(bucket, "", true, { IncludeVersion: true })) {
    const v = o as { name?: string; versionId?: string | null };
    if (v.name) versions.push({ name: v.name, ...(v.versionId ? { versionId: v.versionId } : {}) });
  }
  if (versions.length) await s3.removeObjects(bucket, versions);
  await s3.removeBucket(bucket);
}

const lockOf = async (bucket: string) =>
  ((await (s3.getObjectLockConfig(bucket) as unknown as Promise<{ objectLockEnabled?: string }>).catch(
    () => null,
  )) ?? {}) as { objectLockEnabled?: string };

describe("backup and restore (R-BACKUP)", () => {
  const tag = uniqueName("bk").replaceAll("-", "_");
  const dbs = [`${tag}_content`, `${tag}_media`];
  const bucket = uniqueName("bk-media");
  /** like the archive's bucket: Object Lock, objects with user metadata */
  const locked = uniqueName("bk-archive");
  const empty = uniqueName("bk-empty");
  const buckets = [bucket, locked, empty];
  const archived = Buffer.from('{"itemId":"it1","revision":1}');
  const archivedMeta = {
    "content-type": "application/json",
    "source-bucket": bucket,
    "source-etag": "9b2cf535f27731c974343645a3985328",
  };
  const makeBuckets = async () => {
    await s3.makeBucket(bucket).catch(() => undefined);
    await s3.makeBucket(locked, "", { ObjectLocking: true }).catch(() => undefined);
    await s3.makeBucket(empty).catch(() => undefined);
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-backup-"));
  const mongo = new MongoClient(env.MONGO_URL);
  const original: Record<string, unknown[]> = {};
  const objects: Record<string, Buffer> = {
    "stttt/2026/11/anh-hoi-nghi.jpg": randomBytes(1_500_000),
    "stttt/2026/11/bao-cao.pdf": Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(70_000)]),
    "tanyen/readme.txt": Buffer.from("Cổng Thông tin điện tử huyện Tân Yên\n", "utf8"),
  };

  beforeAll(async () => {
    await mongo.connect();
    const items = Array.from({ length: 1200 }, (_, i) => ({
      _id: new ObjectId(),
      portalId: i % 2 ? "stttt" : "tanyen",
      title: `Thông báo số ${i}/TB-UBND về việc tiếp công dân`,
      publishedAt: new Date(Date.UTC(2026, 10, 1, 0, 0, i)),
      views: Long.fromString("1234567890123"),
      fee: 12500.5,
      count: 7,
      tags: ["chuyển đổi số", { nested: { deep: i } }],
      nullable: null,
    }));
    await mongo.db(dbs[0]).collection("items").insertMany(items);
    await mongo.db(dbs[0]).collection("items").createIndex({ portalId: 1 }, { name: "by_portal" });
    await mongo
      .db(dbs[0])
      .collection("portals")
      .insertOne({ _id: "stttt" as never, name: "Sở Thông tin và Truyền thông" });
    await mongo
      .db(dbs[1])
      .collection("assets")
      .insertMany([{ _id: "a1" as never, bytes: new Binary(randomBytes(64)), sha: "x" }]);
    // empty now (media drops its markers once done), still a collection of the service
    await mongo.db(dbs[1]).createCollection("todo");
    for (const db of dbs)
      for (const c of await mongo.db(db).listCollections().toArray())
        original[`${db}.${c.name}`] = await mongo.db(db).collection(c.name).find().sort({ _id: 1 }).toArray();
    await makeBuckets();
    for (const [k, v] of Object.entries(objects)) await s3.putObject(bucket, k, v, v.length);
    await s3.putObject(locked, "stttt/it1/r1.json", archived, archived.length, {
      "Content-Type": archivedMeta["content-type"],
      "x-amz-meta-source-bucket": archivedMeta["source-bucket"],
      "x-amz-meta-source-etag": archivedMeta["source-etag"],
    });
  });

  afterAll(async () => {
    for (const db of dbs)
      await mongo
        .db(db)
        .dropDatabase()
        .catch(() => undefined);
    await mongo.close();
    for (const b of buckets) await dropBucket(b).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const deps = () => ({
    mongo,
    s3,
    target: openTarget(dir, () => s3),
    encryptionKey: key,
    databases: dbs,
    buckets,
  });

  it("backs up, restores into emptied databases and buckets, and everything is identical", async () => {
    const m = await runBackup(deps());
    expect(m.totals).toMatchObject({ documents: 1202, objects: 4 });
    expect(m.bucketSettings?.[locked]).toMatchObject({ objectLock: true, versioning: "Enabled" });
    expect(m.bucketSettings?.[bucket]?.objectLock).toBe(false);
    expect(m.encrypted).toBe(true);
    // encrypted at rest: the plain title is nowhere in the stored file
    const itemsFile = m.files.find((f) => f.collection === "items");
    const stored = fs.readFileSync(path.join(dir, m.id, itemsFile?.path ?? ""));
    expect(stored.includes(Buffer.from("tiếp công dân"))).toBe(false);
    // non-empty targets are refused without --force
    await expect(runRestore(deps(), m.id)).rejects.toThrow(/not empty/);

    const metaBefore = await Promise.all(
      Object.keys(objects).map(async (k) => (await s3.statObject(bucket, k)).metaData),
    );
    for (const db of dbs) await mongo.db(db).dropDatabase();
    for (const b of buckets) await dropBucket(b);
    const r = await runRestore(deps(), m.id, { verify: true });
    expect(r).toMatchObject({ documents: 1202, objects: 4 });
    // the empty collection and the empty bucket are there again
    expect(
      (await mongo.db(dbs[1]).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort(),
    ).toEqual(["assets", "todo"]);
    expect(await s3.bucketExists(empty)).toBe(true);
    // the archive-like bucket has its Object Lock again (a restore made it without: overwritable),
    // and its object its metadata (the archive's media copies name their source)
    expect((await lockOf(locked)).objectLockEnabled).toBe("Enabled");
    expect((await readAll(locked, "stttt/it1/r1.json")).equals(archived)).toBe(true);
    expect((await s3.statObject(locked, "stttt/it1/r1.json")).metaData).toMatchObject(archivedMeta);
    expect(
      await Promise.all(Object.keys(objects).map(async (k) => (await s3.statObject(bucket, k)).metaData)),
    ).toEqual(metaBefore);
    for (const [name, docs] of Object.entries(original)) {
      const [db, coll] = name.split(".") as [string, string];
      expect(await mongo.db(db).collection(coll).find().sort({ _id: 1 }).toArray()).toEqual(docs);
    }
    // int64 stays int64 (read without promotion), not a double
    const restoredItem = await mongo.db(dbs[0]).collection("items").findOne({}, { promoteLongs: false });
    expect(restoredItem?.views).toBeInstanceOf(Long);
    expect(typeof restoredItem?.count).toBe("number");
    expect(restoredItem?.publishedAt).toBeInstanceOf(Date);
    expect(restoredItem?._id).toBeInstanceOf(ObjectId);
    for (const [k, v] of Object.entries(objects)) expect((await readAll(bucket, k)).equals(v)).toBe(true);
  });

  it("refuses a truncated backup before writing anything (exit code ≠ 0, names the file)", async () => {
    const m = await runBackup(deps());
    const victim = m.files.find((f) => f.kind === "object" && f.key === "stttt/2026/11/anh-hoi-nghi.jpg");
    const file = path.join(dir, m.id, victim?.path ?? "");
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    for (const db of dbs) await mongo.db(db).dropDatabase();
    for (const b of buckets) await dropBucket(b);

    await expect(runRestore(deps(), m.id)).rejects.toThrow(BackupError);
    const cli = spawnSync(
      path.join(__dirname, "..", "node_modules", ".bin", "tsx"),
      [path.join(__dirname, "..", "src", "cli.ts"), "restore", "--from", m.id, "--target", dir, "--verify"],
      {
        env: {
          ...process.env,
          MONGO_URL: env.MONGO_URL,
          S3_ENDPOINT: env.S3_ENDPOINT,
          S3_ACCESS_KEY: env.S3_ACCESS_KEY,
          S3_SECRET_KEY: env.S3_SECRET_KEY,
          BACKUP_ENCRYPTION_KEY: key.toString("base64"),
        },
        encoding: "utf8",
      },
    );
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain("nothing was restored");
    expect(cli.stderr).toContain(`${victim?.path}: `);
    expect(cli.stderr).toContain("truncated");
    // nothing written: databases and bucket still absent/empty
    for (const db of dbs) expect(await mongo.db(db).collection("items").countDocuments({})).toBe(0);
    for (const b of buckets) expect(await s3.bucketExists(b)).toBe(false);
  });

  it("keeps only the last N backups", async () => {
    const before = await openTarget(dir, () => s3).list();
    await mongo
      .db(dbs[0])
      .collection("portals")
      .insertOne({ _id: "tanyen" as never, name: "Huyện Tân Yên" });
    await makeBuckets();
    await runBackup(deps(), { keep: 1 });
    const after = await openTarget(dir, () => s3).list();
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(after).toHaveLength(1);
    expect(before).not.toContain(after[0]);
  });
});
