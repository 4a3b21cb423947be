// The admin audit trail's filters on the REAL servers (issue 19, screen 2; R-ACCOUNT: operators
// answer for what their account did): by person — the actor, or the target when there is one —,
// within a window (`after` inclusive, `before` exclusive), by person and action together, on a
// portal's trail and platform-wide. Each reads one facet of keys through the `_id` index (ADR 0004)
// and pages with the same cursor rules as the unfiltered trail; entries written before the person
// keys existed get them from the backfill at start.
import type { KeyEntry } from "@cong/kit";
import { indexesSettled, unflat, watchQueries } from "@cong/testing";
import { type AuditAction, type AuditEntry, auditKeys } from "../src/audit/audit.repository";
import { api, type RunningIdentity, startIdentity, type TestRealm, throwawayRealm, token } from "./fixtures";

let t: TestRealm;
let svc: RunningIdentity;
let call: ReturnType<typeof api>;
let queries: ReturnType<typeof watchQueries>;
const tk: Record<string, string> = {};
const expected: AuditEntry[] = [];

const T0 = Date.parse("2026-11-01T00:00:00Z");
const minute = (n: number) => new Date(T0 + n * 60_000);
const ACTIONS: AuditAction[] = ["membership.granted", "membership.revoked", "user.invited"];
// "an" is a prefix of "an.b": neither's keys may reach into the other's range
const ACTORS = ["an", "an.b", "ng_thi.c"];
const TARGETS = [undefined, "officer.x", "an", "ng_thi.c"];

const db = () => {
  const d = svc.identity.svc.db;
  if (!d) throw new Error("no db");
  return d;
};

beforeAll(async () => {
  t = await throwawayRealm("identity-audit-filters");
  svc = await startIdentity(t.realm, { monitorCommands: true });
  call = api(svc.base);
  const client = svc.identity.svc.mongo?.getClient();
  if (!client) throw new Error("no mongo client");
  queries = watchQueries(client);
  for (const u of ["platform.admin", "auditor", "alpha.board-head", "beta.board-head"])
    tk[u] = await token(t.realm, u);
  const audit = svc.identity.deps.audit;
  // 50 entries on alpha, 5 on beta, 2 handovers spanning both, 3 platform-wide; one a minute
  for (let n = 0; n < 60; n++) {
    const portalIds = n < 50 ? ["alpha"] : n < 55 ? ["beta"] : n < 57 ? ["beta", "alpha"] : [];
    const target = TARGETS[n % 4];
    expected.push(
      await audit.record({
        portalIds,
        action: n === 55 || n === 56 ? "account.handed-over" : (ACTIONS[(n >> 1) % 3] as AuditAction),
        actor: { id: `u-${n % 3}`, username: ACTORS[n % 3] as string },
        ...(target ? { target: { userId: `t-${n % 4}`, username: target } } : {}),
        details: { n },
        at: minute(n),
      }),
    );
  }
  await indexesSettled(db(), ["audit", "audit_index"]);
});
afterAll(async () => {
  await svc?.close();
  await t?.drop();
});

const newestFirst = (xs: AuditEntry[]) =>
  [...xs].sort((a, b) => b.at.getTime() - a.at.getTime() || (b._id < a._id ? -1 : 1)).map((e) => e._id);
const on = (portalId: string) => (e: AuditEntry) => e.portalIds.includes(portalId);
const by = (username: string) => (e: AuditEntry) =>
  e.actor.username === username || e.target?.username === username;

/** Every entry of a list, page by page (each at most `limit`), and how many pages it took. */
async function pages(path: string, user: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let n = 1; n <= 100; n++) {
    const sep = path.includes("?") ? "&" : "?";
    const r = await call("GET", `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, tk[user]);
    expect(r.status).toBe(200);
    const entries = r.body.entries as { id: string }[];
    expect(entries.length).toBeLessThanOrEqual(limit);
    ids.push(...entries.map((e) => e.id));
    cursor = r.body.nextCursor as string | null;
    if (!cursor) return { ids, pages: n };
  }
  throw new Error("too many pages");
}
const list = async (path: string, user: string, limit: number) => (await pages(path, user, limit)).ids;

describe("the audit trail by person, time and action (issue 19, screen 2)", () => {
  it("R-ACCOUNT: who= an actor lists what that person did, on the portal and platform-wide, through the `_id` index", async () => {
    queries.start();
    const alpha = await list("/portals/alpha/audit?who=an.b", "alpha.board-head", 4);
    expect(alpha).toEqual(newestFirst(expected.filter((e) => on("alpha")(e) && by("an.b")(e))));
    expect(alpha.length).toBeGreaterThan(10);
    // "an" did and was the target of other entries: an.b's only where "an" is the target ("an" is
    // a prefix of "an.b", yet neither range reaches into the other)
    const an = await list("/portals/alpha/audit?who=an", "alpha.board-head", 50);
    expect(an).toEqual(newestFirst(expected.filter((e) => on("alpha")(e) && by("an")(e))));
    expect(an.length).toBeGreaterThan(20);
    // a username with "_" (escaped in the key)
    const c = await list("/audit?who=ng_thi.c", "auditor", 7);
    expect(c).toEqual(newestFirst(expected.filter(by("ng_thi.c"))));
    expect(await unflat(db(), queries.stop())).toEqual([]);
    // another portal's board sees only its own portal's entries of the person
    const beta = await list("/portals/beta/audit?who=an.b", "beta.board-head", 50);
    expect(beta).toEqual(newestFirst(expected.filter((e) => on("beta")(e) && by("an.b")(e))));
    expect(beta.length).toBeGreaterThan(0);
  });

  it("R-ACCOUNT: who= a target lists what was done to that person, a grant through the API too", async () => {
    const officer = await list("/portals/alpha/audit?who=officer.x", "auditor", 5);
    expect(officer).toEqual(newestFirst(expected.filter((e) => on("alpha")(e) && by("officer.x")(e))));
    expect(expected.some((e) => e.actor.username === "officer.x")).toBe(false);
    // an entry written by a grant: under its target and under its actor
    const grant = await call("POST", "/portals/alpha/memberships", tk["alpha.board-head"], {
      username: "alpha.contributor",
      role: "board-member",
    });
    expect(grant.status).toBe(201);
    const target = await call("GET", "/portals/alpha/audit?who=alpha.contributor", tk["alpha.board-head"]);
    expect(target.status).toBe(200);
    expect(target.body.entries).toHaveLength(1);
    expect(target.body.entries[0]).toMatchObject({
      action: "membership.granted",
      actor: { username: "alpha.board-head" },
      target: { username: "alpha.contributor" },
    });
    expect(target.body.nextCursor).toBeNull();
    const actor = await call("GET", "/portals/alpha/audit?who=alpha.board-head", tk.auditor);
    expect(actor.body.entries.map((e: { id: string }) => e.id)).toEqual([target.body.entries[0].id]);
    const elsewhere = await call("GET", "/portals/beta/audit?who=alpha.contributor", tk["platform.admin"]);
    expect(elsewhere.body.entries).toEqual([]);
  });

  it("R-ACCOUNT: after+before is a window (start included, end excluded) and the last page ends at its start", async () => {
    const after = minute(10).toISOString();
    const before = minute(40).toISOString();
    const inWindow = (e: AuditEntry) => e.at >= minute(10) && e.at < minute(40);
    const alpha = await pages(`/portals/alpha/audit?after=${after}&before=${before}`, "alpha.board-head", 6);
    const want = newestFirst(expected.filter((e) => on("alpha")(e) && inWindow(e)));
    expect(alpha.ids).toEqual(want);
    expect(alpha.ids).toContain(expected[10]?._id);
    expect(alpha.ids).not.toContain(expected[40]?._id);
    // 30 entries in pages of 6: five pages, the fifth without a cursor (the read stops at `after`)
    expect(want).toHaveLength(30);
    expect(alpha.pages).toBe(5);
    // an offset other than Z is the same instant
    const local = await list(
      `/portals/alpha/audit?after=${encodeURIComponent("2026-11-01T07:10:00+07:00")}&before=${before}`,
      "alpha.board-head",
      100,
    );
    expect(local).toEqual(want);
    // platform-wide: the last ten minutes of the seed (the grant of the test before is later)
    const late = await list(
      `/audit?after=${minute(50).toISOString()}&before=${minute(60).toISOString()}`,
      "auditor",
      4,
    );
    expect(late).toEqual(newestFirst(expected.filter((e) => e.at >= minute(50))));
    expect(late.length).toBe(10);
    // `after` alone: everything from then on, the grant included
    const since = await list(`/portals/alpha/audit?after=${minute(45).toISOString()}`, "auditor", 3);
    expect(since.slice(1)).toEqual(newestFirst(expected.filter((e) => on("alpha")(e) && e.at >= minute(45))));
    expect(since).toHaveLength(8);
  });

  it("R-ACCOUNT: who+action reads the person's entries of that action, within a window too", async () => {
    queries.start();
    const revoked = await list("/portals/alpha/audit?who=an&action=membership.revoked", "auditor", 3);
    expect(revoked).toEqual(
      newestFirst(expected.filter((e) => on("alpha")(e) && by("an")(e) && e.action === "membership.revoked")),
    );
    expect(revoked.length).toBeGreaterThan(3);
    const handovers = await list("/audit?who=an.b&action=account.handed-over", "platform.admin", 10);
    expect(handovers).toEqual(
      newestFirst(expected.filter((e) => by("an.b")(e) && e.action === "account.handed-over")),
    );
    const windowed = await list(
      `/portals/alpha/audit?who=ng_thi.c&action=user.invited&after=${minute(5).toISOString()}&before=${minute(45).toISOString()}`,
      "alpha.board-head",
      2,
    );
    expect(windowed).toEqual(
      newestFirst(
        expected.filter(
          (e) =>
            on("alpha")(e) &&
            by("ng_thi.c")(e) &&
            e.action === "user.invited" &&
            e.at >= minute(5) &&
            e.at < minute(45),
        ),
      ),
    );
    expect(windowed.length).toBeGreaterThan(2);
    expect(await unflat(db(), queries.stop())).toEqual([]);
  });

  it("R-ACCOUNT: refuses a bad who, a bad or inverted window with 422 problem+json naming the parameter", async () => {
    for (const [q, path] of [
      ["who=An", "who"],
      ["who=an%20b", "who"],
      ["who=an:b", "who"],
      [`who=${"a".repeat(65)}`, "who"],
      ["who=", "who"],
      ["after=yesterday", "after"],
      [`after=${minute(20).toISOString()}&before=${minute(20).toISOString()}`, "after"],
      [`after=${minute(30).toISOString()}&before=${minute(20).toISOString()}`, "after"],
    ] as const) {
      for (const route of ["/portals/alpha/audit", "/audit"]) {
        const r = await call("GET", `${route}?${q}`, tk.auditor);
        expect([q, r.status]).toEqual([q, 422]);
        expect(r.type).toMatch(/^application\/problem\+json/);
        expect(r.body.code).toBe("validation_failed");
        expect((r.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
      }
    }
    expect((await call("GET", "/portals/alpha/audit?who[$ne]=x", tk.auditor)).status).toBe(422);
    const longest = await call("GET", `/portals/alpha/audit?who=${"a".repeat(64)}`, tk.auditor);
    expect(longest.status).toBe(200);
    expect(longest.body.entries).toEqual([]);
  });

  it("R-ACCOUNT: the paging cursor holds with filters: no gap or repeat, refused for other filters", async () => {
    const path = `/portals/alpha/audit?who=an&after=${minute(2).toISOString()}&before=${minute(48).toISOString()}`;
    const want = newestFirst(
      expected.filter((e) => on("alpha")(e) && by("an")(e) && e.at >= minute(2) && e.at < minute(48)),
    );
    const walked = await pages(path, "alpha.board-head", 2);
    expect(walked.ids).toEqual(want);
    expect(new Set(walked.ids).size).toBe(walked.ids.length);
    expect(walked.pages).toBe(Math.ceil(want.length / 2));
    const first = await call("GET", `${path}&limit=2`, tk["alpha.board-head"]);
    const cursor = first.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const second = await call("GET", `${path}&limit=2&cursor=${cursor}`, tk["alpha.board-head"]);
    expect(second.body.entries.map((e: { id: string }) => e.id)).toEqual(want.slice(2, 4));
    for (const other of [
      `/portals/alpha/audit?who=an.b&after=${minute(2).toISOString()}&before=${minute(48).toISOString()}`,
      `/portals/alpha/audit?who=an&after=${minute(3).toISOString()}&before=${minute(48).toISOString()}`,
      `/portals/alpha/audit?who=an&action=user.invited&after=${minute(2).toISOString()}&before=${minute(48).toISOString()}`,
      "/portals/alpha/audit?who=an",
      `/audit?who=an&after=${minute(2).toISOString()}&before=${minute(48).toISOString()}`,
    ]) {
      const r = await call("GET", `${other}&limit=2&cursor=${cursor}`, tk["platform.admin"]);
      expect([other, r.status, r.body.reason]).toEqual([other, 422, "invalid_cursor"]);
    }
  });

  it("R-ACCOUNT: entries written before the person keys get them from the backfill at start", async () => {
    // an entry as the previous version wrote it: its whole-trail and by-action keys only
    const legacy: AuditEntry = {
      _id: "alpha:2026-11-02T00:00:00.000Z:legacy02",
      portalId: "alpha",
      portalIds: ["alpha"],
      action: "membership.revoked",
      actor: { id: "u-9", username: "old.hand" },
      target: { userId: "t-9", username: "left.early" },
      details: {},
      at: new Date("2026-11-02T00:00:00.000Z"),
    };
    const index = db().collection<KeyEntry>("audit_index");
    const v1 = auditKeys(legacy).filter((k) => /^[^|]+\|(a|x:[^|]+)\|/.test(k));
    expect(v1).toHaveLength(4); // alpha and platform-wide, all and by action
    await index.insertMany(v1.map((_id) => ({ _id, i: legacy._id, t: new Date() })));
    await db().collection<AuditEntry>("audit").insertOne(legacy);
    const whole = await call(
      "GET",
      "/portals/alpha/audit?action=membership.revoked&before=2026-11-02T00:00:01Z&limit=1",
      tk.auditor,
    );
    expect(whole.body.entries.map((e: { id: string }) => e.id)).toEqual([legacy._id]);
    expect((await call("GET", "/portals/alpha/audit?who=left.early", tk.auditor)).body.entries).toEqual([]);
    // what a start of this version finds: the first generation's marker, not the person keys'
    await index.deleteOne({ _id: "~backfill:audit-index:v2" });
    const audit = svc.identity.deps.audit;
    const stored = await db().collection("audit").countDocuments({});
    expect(stored).toBe(expected.length + 2); // the seed, the grant of a test above, the legacy entry
    expect(await audit.backfill()).toBe(stored);
    expect(await audit.backfill()).toBe(0);
    for (const who of ["old.hand", "left.early"]) {
      const r = await call("GET", `/portals/alpha/audit?who=${who}`, tk.auditor);
      expect(r.body.entries.map((e: { id: string }) => e.id)).toEqual([legacy._id]);
    }
    const both = await call("GET", "/audit?who=left.early&action=membership.revoked", tk.auditor);
    expect(both.body.entries.map((e: { id: string }) => e.id)).toEqual([legacy._id]);
  });
});
