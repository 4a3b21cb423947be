// R-BACKUP against the real servers: back up this test's own databases and buckets (encrypted),
// drop them, restore → every document deep-equals the original (types kept: ObjectId, Date, Long,
// Decimal128, Binary) and every object is byte-identical. A truncated backup file is refused before
// anything is written, with a non-zero exit code and a message naming the file.
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
  const keys: string[] = [];
  for await (const o of s3.listObjectsV2(bucket, "", true)) if (o.name) keys.push(o.name);
  if (keys.length) await s3.removeObjects(bucket, keys);
  await s3.removeBucket(bucket);
}

describe("backup and restore (R-BACKUP)", () => {
  const tag = uniqueName("bk").replaceAll("-", "_");
  const dbs = [`${tag}_content`, `${tag}_media`];
  const bucket = uniqueName("bk-media");
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
    for (const db of dbs)
      for (const c of await mongo.db(db).listCollections().toArray())
        original[`${db}.${c.name}`] = await mongo.db(db).collection(c.name).find().sort({ _id: 1 }).toArray();
    await s3.makeBucket(bucket);
    for (const [k, v] of Object.entries(objects)) await s3.putObject(bucket, k, v, v.length);
  });

  afterAll(async () => {
    for (const db of dbs)
      await mongo
        .db(db)
        .dropDatabase()
        .catch(() => undefined);
    await mongo.close();
    await dropBucket(bucket).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const deps = () => ({
    mongo,
    s3,
    target: openTarget(dir, () => s3),
    encryptionKey: key,
    databases: dbs,
    buckets: [bucket],
  });

  it("backs up, restores into emptied databases and buckets, and everything is identical", async () => {
    const m = await runBackup(deps());
    expect(m.totals).toMatchObject({ documents: 1202, objects: 3 });
    expect(m.encrypted).toBe(true);
    // encrypted at rest: the plain title is nowhere in the stored file
    const itemsFile = m.files.find((f) => f.collection === "items");
    const stored = fs.readFileSync(path.join(dir, m.id, itemsFile?.path ?? ""));
    expect(stored.includes(Buffer.from("tiếp công dân"))).toBe(false);
    // non-empty targets are refused without --force
    await expect(runRestore(deps(), m.id)).rejects.toThrow(/not empty/);

    for (const db of dbs) await mongo.db(db).dropDatabase();
    await dropBucket(bucket);
    const r = await runRestore(deps(), m.id, { verify: true });
    expect(r).toMatchObject({ documents: 1202, objects: 3 });
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
    await dropBucket(bucket);

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
    expect(await s3.bucketExists(bucket)).toBe(false);
  });

  it("keeps only the last N backups", async () => {
    const before = await openTarget(dir, () => s3).list();
    await mongo
      .db(dbs[0])
      .collection("portals")
      .insertOne({ _id: "tanyen" as never, name: "Huyện Tân Yên" });
    await s3.makeBucket(bucket).catch(() => undefined);
    await runBackup(deps(), { keep: 1 });
    const after = await openTarget(dir, () => s3).list();
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(after).toHaveLength(1);
    expect(before).not.toContain(after[0]);
  });
});
