// R-RETAIN on the REAL servers: the hash chain verified on demand over HTTP (the admin's archive
// screen). A platform admin starts a run (202 with its Location), anyone of platform-admin and
// auditor follows it; its state is a Mongo document, so the answer does not depend on the replica.
// One run per scope: a run going on another replica makes a second POST 409 naming it, a dead one
// (no progress for 10 minutes) is taken over. A changed S3 object is found by its portal's run and
// not by another portal's; an entry tampered with in Mongo breaks the whole chain's run, which
// names the entry (`firstBreak`) and is recorded where the chain gauges read.
import { entryHash, readObject, sha256, snapshotKey } from "../src/archive/store";
import { STALE_MS } from "../src/archive/verification-runs";
import { body, published, type RunningArchive, startArchive, token, waitFor } from "./fixtures";

let a: RunningArchive;
let admin: string;
let auditor: string;
let board: string;
const tanyen = [published("tanyen"), published("tanyen")];
const lucngan = published("lucngan");

beforeAll(async () => {
  a = await startArchive("verify-runs");
  [admin, auditor, board] = await Promise.all([
    token("platform.admin"),
    token("auditor"),
    token("tanyen.board-member"),
  ]);
  // chain: 1 tanyen, 2 lucngan, 3 tanyen
  await a.archive.store.archivePublished(tanyen[0]?.data as never);
  await a.archive.store.archivePublished(lucngan.data);
  await a.archive.store.archivePublished(tanyen[1]?.data as never);
});
afterAll(async () => {
  await a?.close();
});

const start = (who: string, payload?: unknown) =>
  fetch(`${a.base}/archive/verify`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${who}`,
      ...(payload === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
const run = (id: string, who = auditor) =>
  fetch(`${a.base}/archive/verify/${id}`, { headers: { authorization: `Bearer ${who}` } });
/** the run once it ended (polled as the admin screen would) */
const finished = (id: string) =>
  waitFor(
    async () => {
      const b = await body(await run(id));
      return b.status === "running" ? null : b;
    },
    { what: `verification ${id} to end` },
  );

describe("chain verification runs over HTTP (R-RETAIN)", () => {
  it("R-RETAIN: a platform admin starts one (202, Location); it checks every entry and ends ok, an auditor follows it", async () => {
    const res = await start(admin);
    expect(res.status).toBe(202);
    const started = await body(res);
    expect(started).toEqual({ id: expect.stringMatching(/^v/), status: "running", checked: 0, total: 3 });
    expect(res.headers.get("location")).toBe(`/archive/verify/${started.id}`);
    const done = await finished(started.id);
    expect(done).toMatchObject({
      id: started.id,
      scope: "all",
      portalId: null,
      status: "ok",
      checked: 3,
      total: 3,
      problems: 0,
      startedBy: { username: "platform.admin" },
    });
    expect(done.firstBreak).toBeUndefined();
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));
    // the whole chain's run is recorded where the cong_archive_chain_* gauges read
    expect((await a.archive.verifier.status()).lastResult).toMatchObject({ checked: 3, problems: 0 });
  });

  it("R-RETAIN: an auditor may follow a run but not start one (403); a portal's board may do neither; an unknown run is 404", async () => {
    const asAuditor = await start(auditor, {});
    expect(asAuditor.status).toBe(403);
    expect(asAuditor.headers.get("content-type")).toContain("application/problem+json");
    expect(await body(asAuditor)).toMatchObject({ code: "forbidden", reason: "realm_role_required" });
    const asBoard = await start(board, { portalId: "tanyen" });
    expect(asBoard.status).toBe(403);
    const started = await body(await start(admin, { portalId: "tanyen" }));
    await finished(started.id);
    const follow = await run(started.id, board);
    expect(follow.status).toBe(403);
    expect(await body(follow)).toMatchObject({ code: "forbidden", reason: "realm_role_required" });
    for (const id of ["v0000000000-00000000", "not-a-run"]) {
      const r = await run(id, admin);
      expect(r.status).toBe(404);
      expect(await body(r)).toMatchObject({ code: "not_found", reason: "unknown_verification" });
    }
  });

  it("R-RETAIN: a body that is not {portalId?} is 422 naming the field", async () => {
    for (const [payload, path] of [
      [{ portalId: "Tân Yên" }, "portalId"],
      [{ portalId: 7 }, "portalId"],
      [{ scope: "all" }, ""],
      [[], ""],
    ] as const) {
      const r = await start(admin, payload);
      expect(r.status).toBe(422);
      const b = await body(r);
      expect(b.code).toBe("validation_failed");
      expect(b.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it("R-RETAIN: one run per scope — a run going on another replica makes a second POST 409 naming it; a dead one is taken over", async () => {
    const runs = a.archive.runs.runs;
    const jobs = a.archive.svc.db?.collection<{ _id: string; runId: string; at: Date }>("jobs");
    const other = "v00000000aa-0123abcd";
    const now = new Date();
    await runs.insertOne({
      _id: other,
      scope: "all",
      portalId: null,
      status: "running",
      checked: 400,
      total: 900,
      problems: 0,
      firstBreak: null,
      mediaChecked: 0,
      mediaMissing: 0,
      error: null,
      startedBy: { id: "x", username: "platform.admin" },
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
    });
    await jobs?.insertOne({ _id: "chain-verification-run:all", runId: other, at: now });
    const busy = await start(admin, {});
    expect(busy.status).toBe(409);
    expect(await body(busy)).toMatchObject({
      code: "conflict",
      reason: "verification_running",
      runningId: other,
    });
    expect(busy.headers.get("location")).toBe(`/archive/verify/${other}`);
    // its progress, as any replica answers it
    expect(await body(await run(other))).toMatchObject({ status: "running", checked: 400, total: 900 });
    // another scope is not held up
    const portal = await start(admin, { portalId: "lucngan" });
    expect(portal.status).toBe(202);
    await finished((await body(portal)).id);
    // the other replica died: no progress for longer than STALE_MS
    await runs.updateOne({ _id: other }, { $set: { updatedAt: new Date(Date.now() - STALE_MS - 1000) } });
    const taken = await start(admin);
    expect(taken.status).toBe(202);
    const mine = await body(taken);
    expect(await body(await run(other))).toMatchObject({
      status: "failed",
      error: expect.stringContaining("abandoned"),
    });
    expect((await finished(mine.id)).status).toBe("ok");
    // the lock is given back at the end: the next run starts
    const next = await start(admin);
    expect(next.status).toBe(202);
    await finished((await body(next)).id);
  });

  it("R-RETAIN: a changed archived object is found by its portal's run (content_changed), not by another portal's", async () => {
    const key = snapshotKey("lucngan", lucngan.itemId, 1);
    const original = await readObject(a.archive.s3, a.bucket, key);
    const forged = Buffer.from('{"itemId":"forged"}');
    await a.archive.s3.putObject(a.bucket, key, forged, forged.length);
    const other = await finished((await body(await start(admin, { portalId: "tanyen" }))).id);
    expect(other).toMatchObject({ scope: "tanyen", status: "ok", checked: 3, problems: 0 });
    const own = await finished((await body(await start(admin, { portalId: "lucngan" }))).id);
    expect(own).toMatchObject({
      scope: "lucngan",
      portalId: "lucngan",
      status: "broken",
      checked: 3,
      problems: 1,
      firstBreak: { seq: 2, key, kind: "content_changed" },
    });
    expect(own.firstBreak.message).toContain(`${key}: content changed`);
    // put back as it was, for the next test
    await a.archive.s3.putObject(a.bucket, key, original, original.length);
  });

  it("R-RETAIN: an entry tampered with in Mongo breaks the whole chain; the run names the entry and the gauges' state says broken", async () => {
    const entry = await a.archive.store.entries.findOne({ _id: 3 });
    await a.archive.store.entries.updateOne({ _id: 3 }, { $set: { sha256: "0".repeat(64) } });
    const done = await finished((await body(await start(admin))).id);
    expect(done).toMatchObject({
      status: "broken",
      checked: 3,
      firstBreak: { seq: 3, key: entry?.key, kind: "entry_hash_mismatch" },
    });
    expect(done.problems).toBeGreaterThanOrEqual(2);
    const state = await a.archive.verifier.status();
    expect(state.lastResult?.problems).toBe(done.problems);
    expect(state.lastProblems[0]).toBe(done.firstBreak.message);
  });

  it("R-RETAIN: a run's progress is written as it goes, every 200 entries, and its end", async () => {
    // 450 more entries of a portal whose objects this run does not re-read (the links and hashes it
    // checks are right), so the walk is long enough to report progress
    const head = await a.archive.store.head();
    let prev = (await a.archive.store.entries.findOne({ _id: head }))?.hash ?? "";
    const more = Array.from({ length: 450 }, (_, i) => {
      const seq = head + 1 + i;
      const key = `hagiang/${seq}/r1.json`;
      const digest = sha256(key);
      const e = {
        _id: seq,
        key,
        sha256: digest,
        size: 1,
        prevHash: prev,
        hash: entryHash(seq, key, digest, prev),
        at: new Date(),
      };
      prev = e.hash;
      return e;
    });
    await a.archive.store.entries.insertMany(more);
    // the earlier test's tampered entry, put back
    const three = await a.archive.store.entries.findOne({ _id: 3 });
    const obj = await readObject(a.archive.s3, a.bucket, three?.key ?? "");
    await a.archive.store.entries.updateOne({ _id: 3 }, { $set: { sha256: sha256(obj) } });
    const writes = jest.spyOn(a.archive.runs.runs, "updateOne");
    const res = await start(admin, { portalId: "tanyen" });
    const { id, total } = await body(res);
    expect(total).toBe(head + 450);
    const done = await finished(id);
    expect(done).toMatchObject({ status: "ok", checked: head + 450, total: head + 450 });
    const progress = writes.mock.calls
      .map(([, update]) => (update as { $set?: { checked?: number; status?: string } }).$set)
      .filter((set) => set?.checked !== undefined && set.status === undefined)
      .map((set) => set?.checked);
    expect(progress).toEqual(expect.arrayContaining([200, 400, head + 450]));
    writes.mockRestore();
  });
});
