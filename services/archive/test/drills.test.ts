// R-BACKUP on the REAL servers: a restore drill (the admin's backup screen, issue 19 screen 4) — a
// backup of BACKUP_TARGET restored into scratch databases and buckets, every collection's count and
// every object's bytes checked against the manifest, the scratch copies removed, the live data
// untouched. A real backup is taken of this file's own database (a collection of 40 documents and an
// empty one) and buckets (the archive bucket, with Object Lock, and a media bucket); a platform
// admin starts a drill (202, Location), an auditor follows it; one drill at a time (409 naming it),
// a dead one (no progress for 10 minutes) is taken over and its scratch copies removed; a damaged
// backup file fails the drill naming the collection and the object. Every answer is checked against
// openapi.yaml (fixtures' conformance).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { indexesSettled, unflat, uniqueName, watchQueries } from "@cong/testing";
import { MongoClient } from "mongodb";
import { readObject, sha256 } from "../src/archive/store";
import { runBackup } from "../src/backup/backup";
import { scratchNames } from "../src/backup/drill";
import { ABANDONED, type DrillRun, STALE_MS } from "../src/backup/drill-runs";
import type { BackupManifest } from "../src/backup/manifest";
import { openTarget } from "../src/backup/target";
import { body, env, published, type RunningArchive, startArchive, token, waitFor } from "./fixtures";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-drills-"));
const portalDb = `${uniqueName("drills").replaceAll("-", "_")}_content`;
const mediaBucket = uniqueName("drills-media").slice(0, 60);
const mongo = new MongoClient(env.MONGO_URL);
const media: Record<string, Buffer> = {
  "tanyen/as01/anh-hoi-nghi.jpg": Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251)),
  "tanyen/as02/bao-cao.pdf": Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(40_000, 0x5a)]),
};

let a: RunningArchive;
/** an archive without BACKUP_TARGET (started with the other, so its consumer has joined by its end) */
let bare: RunningArchive;
let admin: string;
let auditor: string;
let board: string;
let manifest: BackupManifest;
let queries: ReturnType<typeof watchQueries>;

const call = (pathname: string, who: string, init: RequestInit = {}) =>
  fetch(`${a.base}${pathname}`, {
    ...init,
    headers: { authorization: `Bearer ${who}`, ...(init.body ? { "content-type": "application/json" } : {}) },
  });
const start = (id: string, who = admin, payload?: unknown) =>
  call(`/backups/${id}/drills`, who, {
    method: "POST",
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
const drill = (id: string, who = auditor) => call(`/backups/drills/${id}`, who);
/** the drill once it ended (polled as the admin screen would) */
const finished = (id: string) =>
  waitFor(
    async () => {
      const b = await body(await drill(id));
      return b.status === "running" ? null : b;
    },
    { what: `drill ${id} to end`, timeoutMs: 120_000, intervalMs: 250 },
  );

/** what the live database and buckets hold: every document, every object's sha256 */
async function live() {
  const docs = await mongo.db(portalDb).collection("items").find({}).sort({ _id: 1 }).toArray();
  const objects: Record<string, string> = {};
  for (const bucket of [a.bucket, mediaBucket])
    for await (const o of a.archive.s3.listObjectsV2(bucket, "", true))
      if (o.name) objects[`${bucket}/${o.name}`] = sha256(await readObject(a.archive.s3, bucket, o.name));
  const collections = (await mongo.db(portalDb).listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .sort();
  return { docs, objects, collections };
}

/** scratch databases and buckets of the drill whose id ends with `short` that still exist */
async function scratchLeft(short: string) {
  const dbs = (await mongo.db("admin").admin().listDatabases({ nameOnly: true })).databases
    .map((d) => d.name)
    .filter((n) => n.startsWith(`drill_${short}_`));
  const buckets = (await a.archive.s3.listBuckets())
    .map((b) => b.name)
    .filter((n) => n.startsWith(`drill-${short}-`));
  return [...dbs, ...buckets];
}

const db = () => {
  const d = a.archive.svc.db;
  if (!d) throw new Error("no db");
  return d;
};

beforeAll(async () => {
  await mongo.connect();
  await mongo
    .db(portalDb)
    .collection("items")
    .insertMany(
      Array.from({ length: 40 }, (_, i) => ({
        portalId: "tanyen",
        title: `Thông báo số ${i}/TB-UBND`,
        at: new Date(Date.UTC(2026, 10, 1, 0, 0, i)),
      })),
    );
  await mongo.db(portalDb).createCollection("drafts");
  [a, bare] = await Promise.all([
    startArchive("drills", "2026-11-28T02:05:00Z", { BACKUP_TARGET: dir }, { monitorCommands: true }),
    startArchive("drills-bare"),
  ]);
  const client = a.archive.svc.mongo?.getClient();
  if (!client) throw new Error("no mongo client");
  queries = watchQueries(client);
  await a.archive.s3.makeBucket(mediaBucket);
  for (const [key, bytes] of Object.entries(media))
    await a.archive.s3.putObject(mediaBucket, key, bytes, bytes.length, {
      "Content-Type": key.endsWith(".pdf") ? "application/pdf" : "image/jpeg",
    });
  // the archive bucket (Object Lock): an archived revision and its manifest copy
  await a.archive.store.archivePublished(published("tanyen").data);
  manifest = await runBackup({
    mongo,
    s3: a.archive.s3,
    target: openTarget(dir, () => a.archive.s3),
    databases: [portalDb],
    buckets: [a.bucket, mediaBucket],
  });
  [admin, auditor, board] = await Promise.all([
    token("platform.admin"),
    token("auditor"),
    token("tanyen.board-member"),
  ]);
});
afterAll(async () => {
  await bare?.close();
  await a?.close();
  if (a) {
    const keys: string[] = [];
    for await (const o of a.archive.s3.listObjectsV2(mediaBucket, "", true)) if (o.name) keys.push(o.name);
    await a.archive.s3.removeObjects(mediaBucket, keys).catch(() => undefined);
    await a.archive.s3.removeBucket(mediaBucket).catch(() => undefined);
  }
  await mongo.db(portalDb).dropDatabase();
  await mongo.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("restore drills of a backup (R-BACKUP)", () => {
  let first = "";

  it("R-BACKUP: a platform admin starts a drill (202, Location); it restores into scratch copies, every count equal and every object byte-identical, then removes them; the live data is untouched", async () => {
    const before = await live();
    const res = await start(manifest.id);
    expect(res.status).toBe(202);
    const started = await body(res);
    expect(started).toEqual({
      id: expect.stringMatching(/^d[0-9a-z]{8,12}-[0-9a-f]{8}$/),
      backupId: manifest.id,
      status: "running",
      done: 0,
      total: manifest.files.length,
    });
    expect(res.headers.get("location")).toBe(`/backups/drills/${started.id}`);
    first = started.id;
    const done = await finished(started.id);
    expect(done).toEqual({
      id: started.id,
      backupId: manifest.id,
      status: "passed",
      done: manifest.files.length,
      total: manifest.files.length,
      startedBy: { username: "platform.admin" },
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
      collections: [
        { database: portalDb, collection: "drafts", expected: 0, restored: 0, equal: true },
        { database: portalDb, collection: "items", expected: 40, restored: 40, equal: true },
      ],
      // two media objects, the archived revision and its manifest copy
      objects: { expected: 4, restored: 4, identical: 4, mismatched: [] },
      error: null,
    });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
    // the scratch copies are gone; the live database and buckets are as they were
    expect(await scratchLeft(started.id.slice(-8))).toEqual([]);
    expect(await live()).toEqual(before);
    // who started it, in the audit trail
    const audited = await db().collection("audit").findOne({ drillId: started.id });
    expect(audited).toMatchObject({
      action: "backup.drill_started",
      backupId: manifest.id,
      by: { username: "platform.admin" },
    });
  });

  it("R-BACKUP: the drills, newest first, for platform admins and auditors; limit 1–50 in digits, default 10", async () => {
    const second = await body(await start(manifest.id, admin, {}));
    await finished(second.id);
    const list = await body(await call("/backups/drills", auditor));
    expect(list.items.map((d: { id: string }) => d.id)).toEqual([second.id, first]);
    expect(list.items[1]).toEqual(await body(await drill(first)));
    expect(list.items[0]).toMatchObject({ status: "passed", backupId: manifest.id });
    const one = await body(await call("/backups/drills?limit=1", admin));
    expect(one.items.map((d: { id: string }) => d.id)).toEqual([second.id]);
  });

  it("R-BACKUP: a drill's own queries — the lock, the drill's document, the list — read by _id (ADR 0004)", async () => {
    await indexesSettled(db(), ["backup_drills", "jobs", "audit"]);
    queries.start();
    const res = await start(manifest.id);
    expect(res.status).toBe(202);
    const { id } = await body(res);
    await finished(id);
    expect((await call("/backups/drills?limit=5", auditor)).status).toBe(200);
    const seen = queries.stop().filter((q) => ["backup_drills", "jobs", "audit"].includes(q.collection));
    expect(seen.length).toBeGreaterThan(3);
    expect(await unflat(db(), seen)).toEqual([]);
  });

  it("R-BACKUP: one drill at a time — a drill going on another replica makes a POST 409 naming it; a dead one is taken over and its scratch copies removed", async () => {
    const other = "d00000000aa-0123abcd";
    const scratch = scratchNames("0123abcd", manifest);
    const now = new Date();
    const running: DrillRun = {
      _id: other,
      backupId: manifest.id,
      status: "running",
      done: 2,
      total: manifest.files.length,
      collections: [],
      objects: { expected: 4, restored: 1, identical: 1, mismatched: [] },
      error: null,
      scratch,
      startedBy: { id: "x", username: "platform.admin" },
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    await a.archive.drills.runs.insertOne(running);
    await db().collection<{ _id: string; runId: string; at: Date }>("jobs").insertOne({
      _id: "backup-drill-run",
      runId: other,
      at: now,
    });
    // what that replica had written before it stopped
    const leftDb = scratch.databases[0]?.to ?? "";
    const leftBucket = scratch.buckets[1]?.to ?? "";
    await mongo.db(leftDb).collection("items").insertOne({ title: "một phần" });
    await a.archive.s3.makeBucket(leftBucket);
    await a.archive.s3.putObject(leftBucket, "tanyen/as01/anh-hoi-nghi.jpg", Buffer.from("x"), 1);
    const busy = await start(manifest.id);
    expect(busy.status).toBe(409);
    expect(busy.headers.get("content-type")).toContain("application/problem+json");
    expect(await body(busy)).toMatchObject({ code: "conflict", reason: "drill_running", runningId: other });
    expect(busy.headers.get("location")).toBe(`/backups/drills/${other}`);
    // its progress, as any replica answers it
    expect(await body(await drill(other))).toMatchObject({ status: "running", done: 2, finishedAt: null });
    // the other replica died: no progress for longer than STALE_MS
    await a.archive.drills.runs.updateOne(
      { _id: other },
      { $set: { updatedAt: new Date(Date.now() - STALE_MS - 1000) } },
    );
    const taken = await start(manifest.id);
    expect(taken.status).toBe(202);
    const mine = await body(taken);
    expect(await body(await drill(other))).toMatchObject({ status: "failed", error: ABANDONED });
    expect((await finished(mine.id)).status).toBe("passed");
    expect(await scratchLeft("0123abcd")).toEqual([]);
    // the lock is given back at the end: the next drill starts
    const next = await start(manifest.id);
    expect(next.status).toBe(202);
    await finished((await body(next)).id);
  });

  it("R-BACKUP: an unknown backup or drill is 404; a bad backup id, limit or body is 422", async () => {
    const unknown = await start("2020-01-01T00-00-00-000Z-abcdef");
    expect(unknown.status).toBe(404);
    expect(await body(unknown)).toMatchObject({ code: "not_found", reason: "unknown_backup" });
    for (const id of ["d0000000000-00000000", "not-a-drill"]) {
      const r = await drill(id, admin);
      expect(r.status).toBe(404);
      expect(await body(r)).toMatchObject({ code: "not_found", reason: "unknown_drill" });
    }
    for (const id of ["not-a-backup", "..%2Fetc", `${manifest.id}x`]) {
      const r = await start(id);
      expect({ id, status: r.status }).toEqual({ id, status: 422 });
      const b = await body(r);
      expect(b.code).toBe("validation_failed");
      expect(b.errors.map((e: { path: string }) => e.path)).toContain("id");
    }
    for (const [payload, at] of [
      [{ databases: ["cong_content"] }, ""],
      [[], ""],
    ] as const) {
      const r = await start(manifest.id, admin, payload);
      expect(r.status).toBe(422);
      expect((await body(r)).errors.map((e: { path: string }) => e.path)).toContain(at);
    }
    for (const q of ["?limit=51", "?limit=0", "?limit=1e1", "?limit=", "?limit=05", "?backupId=x"]) {
      const r = await call(`/backups/drills${q}`, admin);
      expect({ q, status: r.status, code: (await body(r)).code }).toEqual({
        q,
        status: 422,
        code: "validation_failed",
      });
    }
  });

  it("R-BACKUP: only platform admins start a drill (an auditor: 403); a portal's board may neither start nor read one", async () => {
    const asAuditor = await start(manifest.id, auditor, {});
    expect(asAuditor.status).toBe(403);
    expect(asAuditor.headers.get("content-type")).toContain("application/problem+json");
    expect(await body(asAuditor)).toMatchObject({ code: "forbidden", reason: "realm_role_required" });
    for (const r of [
      await start(manifest.id, board),
      await call("/backups/drills", board),
      await drill(first, board),
    ]) {
      expect(r.status).toBe(403);
      expect(await body(r)).toMatchObject({ code: "forbidden", reason: "realm_role_required" });
    }
  });

  it("R-BACKUP: a backup target that cannot be read is 503 backup_target_unavailable", async () => {
    // the target's folder replaced by a file: reading a manifest under it fails (not "missing")
    const away = `${dir}.away`;
    fs.renameSync(dir, away);
    fs.writeFileSync(dir, "not a folder");
    try {
      const r = await start(manifest.id);
      expect(r.status).toBe(503);
      expect(await body(r)).toMatchObject({ code: "unavailable", reason: "backup_target_unavailable" });
    } finally {
      fs.rmSync(dir);
      fs.renameSync(away, dir);
    }
  });

  it("R-BACKUP: a damaged backup file fails the drill, naming the collection and the object; the rest is checked and the scratch copies removed", async () => {
    const flip = (file: string) => {
      const at = path.join(dir, manifest.id, file);
      const bytes = fs.readFileSync(at);
      const i = Math.floor(bytes.length / 2);
      bytes.writeUInt8(bytes.readUInt8(i) ^ 0x01, i);
      fs.writeFileSync(at, bytes);
    };
    const items = manifest.files.find((f) => f.kind === "collection" && f.collection === "items");
    const photo = manifest.files.find((f) => f.kind === "object" && f.key === "tanyen/as01/anh-hoi-nghi.jpg");
    flip(items?.path ?? "");
    flip(photo?.path ?? "");
    const before = await live();
    const res = await start(manifest.id);
    expect(res.status).toBe(202);
    const done = await finished((await body(res)).id);
    expect(done).toMatchObject({
      status: "failed",
      done: manifest.files.length,
      total: manifest.files.length,
      collections: [
        { database: portalDb, collection: "drafts", expected: 0, restored: 0, equal: true },
        { database: portalDb, collection: "items", expected: 40, restored: 0, equal: false },
      ],
      objects: {
        expected: 4,
        restored: 3,
        identical: 3,
        mismatched: [`${mediaBucket}/tanyen/as01/anh-hoi-nghi.jpg`],
      },
    });
    expect(done.error).toContain("Không đạt");
    expect(done.error).toContain(`${portalDb}.items: ${items?.path}: sha256 differs from the manifest`);
    expect(done.error).toContain(`${mediaBucket}/tanyen/as01/anh-hoi-nghi.jpg`);
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
    expect(await scratchLeft(done.id.slice(-8))).toEqual([]);
    expect(await live()).toEqual(before);
  });

  it("R-BACKUP: without BACKUP_TARGET there is nothing to drill (503); the drills recorded are still listed", async () => {
    {
      const r = await fetch(`${bare.base}/backups/2026-11-28T02-05-00-000Z-abcdef/drills`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(r.status).toBe(503);
      expect(await body(r)).toMatchObject({ code: "unavailable", reason: "backup_target_unavailable" });
      const list = await fetch(`${bare.base}/backups/drills`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      expect(list.status).toBe(200);
      expect(await body(list)).toEqual({ items: [] });
    }
  });
});
