// The staff screens' lists on the REAL servers (issue 21): the audit trail (per portal, by action —
// the handover list —, platform-wide), invitations (pending, expired, accepted) and memberships
// per portal. Each gives what the data says, newest first, page by page without a gap or a repeat,
// never another portal's entry; a leftover key of an interrupted write is skipped; and every query
// the lists send is pushed down to the `_id` index (explain() on the server). Also issue 15
// class 9: `/handovers` checks the caller's permission before it looks anyone up.
import type { KeyEntry } from "@cong/kit";
import { indexesSettled, unflat, waitFor, watchQueries } from "@cong/testing";
import type { AuditAction, AuditEntry } from "../src/audit/audit.repository";
import { type Invitation, InvitationRepository } from "../src/invitations/invitation.repository";
import { api, type RunningIdentity, startIdentity, type TestRealm, throwawayRealm, token } from "./fixtures";

let t: TestRealm;
let svc: RunningIdentity;
let call: ReturnType<typeof api>;
let queries: ReturnType<typeof watchQueries>;
const tk: Record<string, string> = {};

beforeAll(async () => {
  t = await throwawayRealm("identity-lists");
  svc = await startIdentity(t.realm, { monitorCommands: true });
  call = api(svc.base);
  const client = svc.identity.svc.mongo?.getClient();
  if (!client) throw new Error("no mongo client");
  queries = watchQueries(client);
  for (const u of [
    "platform.admin",
    "auditor",
    "alpha.board-head",
    "alpha.board-member",
    "beta.board-head",
    "alpha.contributor",
  ])
    tk[u] = await token(t.realm, u);
});
afterAll(async () => {
  await svc?.close();
  await t?.drop();
});

const db = () => {
  const d = svc.identity.svc.db;
  if (!d) throw new Error("no db");
  return d;
};

/** Every item of a list, page by page; also checks that each page is at most `limit` long. */
async function all<T>(
  path: string,
  user: string,
  field: string,
  limit: number,
  from: string | null = null,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = from;
  for (let i = 0; i < 200; i++) {
    const sep = path.includes("?") ? "&" : "?";
    const r = await call("GET", `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, tk[user]);
    expect(r.status).toBe(200);
    const page = r.body[field] as T[];
    expect(page.length).toBeLessThanOrEqual(limit);
    out.push(...page);
    cursor = r.body.nextCursor as string | null;
    if (!cursor) return out;
  }
  throw new Error("too many pages");
}

describe("the audit trail", () => {
  const actions: AuditAction[] = ["membership.granted", "membership.revoked", "user.invited"];
  const expected: AuditEntry[] = [];

  beforeAll(async () => {
    const audit = svc.identity.deps.audit;
    const base = Date.parse("2026-12-01T00:00:00Z");
    // 90 entries on alpha, 40 on beta, 6 handovers spanning both, 4 platform-wide (no portal)
    for (let n = 0; n < 140; n++) {
      const portalIds =
        n < 90 ? ["alpha"] : n < 130 ? ["beta"] : n < 136 ? ["beta", "alpha"] : ([] as string[]);
      const action: AuditAction =
        n >= 130 && n < 136 ? "account.handed-over" : (actions[n % 3] as AuditAction);
      expected.push(
        await audit.record({
          portalIds,
          action,
          actor: { id: "u-1", username: "platform.admin" },
          details: { n },
          // two entries share a millisecond now and then: the key's id part keeps them apart
          at: new Date(base + Math.floor(n / 2) * 60_000 + (n % 2)),
        }),
      );
    }
    await indexesSettled(db(), ["audit", "audit_index"]);
  });

  const newestFirst = (xs: AuditEntry[]) =>
    [...xs].sort((a, b) => b.at.getTime() - a.at.getTime() || (b._id < a._id ? -1 : 1)).map((e) => e._id);

  it("pages a portal's trail newest first, without gaps or repeats, never another portal's entry", async () => {
    queries.start();
    const alpha = await all<{ id: string; portalIds: string[] }>(
      "/portals/alpha/audit",
      "alpha.board-head",
      "entries",
      17,
    );
    const plan = queries.stop();
    expect(alpha.map((e) => e.id)).toEqual(
      newestFirst(expected.filter((e) => e.portalIds.includes("alpha"))),
    );
    expect(alpha.every((e) => e.portalIds.includes("alpha"))).toBe(true);
    expect(await unflat(db(), plan)).toEqual([]);
    const beta = await all<{ id: string }>("/portals/beta/audit", "beta.board-head", "entries", 50);
    expect(beta.map((e) => e.id)).toEqual(newestFirst(expected.filter((e) => e.portalIds.includes("beta"))));
  });

  it("filters by action (the handover list) and by time, and the platform-wide trail holds everything", async () => {
    queries.start();
    const handovers = await all<{ id: string; action: string }>(
      "/portals/alpha/audit?action=account.handed-over",
      "alpha.board-member",
      "entries",
      4,
    );
    expect(handovers.map((e) => e.id)).toEqual(
      newestFirst(expected.filter((e) => e.action === "account.handed-over")),
    );
    const before = "2026-12-01T00:30:00.000Z";
    const older = await all<{ id: string }>(
      `/portals/alpha/audit?action=user.invited&before=${before}`,
      "auditor",
      "entries",
      5,
    );
    expect(older.map((e) => e.id)).toEqual(
      newestFirst(
        expected.filter(
          (e) => e.portalIds.includes("alpha") && e.action === "user.invited" && e.at < new Date(before),
        ),
      ),
    );
    const everything = await all<{ id: string }>("/audit", "auditor", "entries", 60);
    expect(everything.map((e) => e.id)).toEqual(newestFirst(expected));
    const platform = await all<{ id: string }>("/audit?action=user.invited", "platform.admin", "entries", 60);
    expect(platform.map((e) => e.id)).toEqual(
      newestFirst(expected.filter((e) => e.action === "user.invited")),
    );
    expect(await unflat(db(), queries.stop())).toEqual([]);
  });

  it("refuses other portals' boards, a cursor of another list, and unknown parameters", async () => {
    expect((await call("GET", "/portals/alpha/audit", tk["beta.board-head"])).status).toBe(403);
    expect((await call("GET", "/portals/alpha/audit", tk["alpha.contributor"])).status).toBe(403);
    expect((await call("GET", "/audit", tk["alpha.board-head"])).status).toBe(403);
    const first = await call("GET", "/portals/alpha/audit?limit=2", tk["alpha.board-head"]);
    const cursor = first.body.nextCursor as string;
    const stolen = await call("GET", `/portals/beta/audit?cursor=${cursor}`, tk["platform.admin"]);
    expect(stolen.status).toBe(422);
    expect(stolen.body.reason).toBe("invalid_cursor");
    const otherFilter = await call(
      "GET",
      `/portals/alpha/audit?action=user.invited&cursor=${cursor}`,
      tk["platform.admin"],
    );
    expect(otherFilter.status).toBe(422);
    expect((await call("GET", "/portals/alpha/audit?action=wizardry", tk.auditor)).status).toBe(422);
    expect((await call("GET", "/portals/alpha/audit?portalIds[$ne]=x", tk.auditor)).status).toBe(422);
  });

  it("skips a key whose entry was never written, and clears it once it is old", async () => {
    const index = db().collection<KeyEntry>("audit_index");
    const ghost = "alpha|a|2026-12-31T00:00:00.000Z|alpha~3aghost";
    await index.insertOne({ _id: ghost, i: "alpha:ghost", t: new Date() });
    const page = await call("GET", "/portals/alpha/audit?limit=3", tk["alpha.board-head"]);
    expect(page.body.entries).toHaveLength(3);
    expect(page.body.entries.map((e: { id: string }) => e.id)).not.toContain("alpha:ghost");
    expect(await index.findOne({ _id: ghost })).not.toBeNull(); // a write may still be under way
    await index.updateOne({ _id: ghost }, { $set: { t: new Date(Date.now() - 3_600_000) } });
    await call("GET", "/portals/alpha/audit?limit=3", tk["alpha.board-head"]);
    await waitFor(async () => (await index.findOne({ _id: ghost })) === null, {
      timeoutMs: 10_000,
      what: "the leftover key cleared",
    });
  });

  it("backfills the keys of entries written before the index existed", async () => {
    const legacy: AuditEntry = {
      _id: "alpha:2027-01-01T00:00:00.000Z:legacy01",
      portalId: "alpha",
      portalIds: ["alpha"],
      action: "membership.granted",
      actor: { id: "u-1", username: "platform.admin" },
      details: {},
      at: new Date("2027-01-01T00:00:00.000Z"),
    };
    await db().collection<AuditEntry>("audit").insertOne(legacy);
    expect((await call("GET", "/portals/alpha/audit?limit=1", tk.auditor)).body.entries[0].id).not.toBe(
      legacy._id,
    );
    await db().collection<KeyEntry>("audit_index").deleteOne({ _id: "~backfill:audit-index:v1" });
    expect(await svc.identity.deps.audit.backfill()).toBe(expected.length + 1);
    expect(await svc.identity.deps.audit.backfill()).toBe(0);
    expect((await call("GET", "/portals/alpha/audit?limit=1", tk.auditor)).body.entries[0].id).toBe(
      legacy._id,
    );
  });
});

describe("invitations", () => {
  const made: Invitation[] = [];
  const hour = 3_600_000;
  let writes: Awaited<ReturnType<typeof queries.stop>> = [];

  beforeAll(async () => {
    const repo = new InvitationRepository(db(), svc.identity.svc.outbox!);
    queries.start();
    const now = Date.now();
    // 30 on alpha, 10 on beta, 3 without a portal; created an hour apart, each valid for 72 h:
    // the older ones have expired; every fifth is accepted
    for (let n = 0; n < 43; n++) {
      const createdAt = new Date(now - (n + 1) * 3 * hour);
      const portalId = n < 30 ? "alpha" : n < 40 ? "beta" : null;
      const inv: Invitation = {
        _id: `${n.toString(16).padStart(4, "0")}${"ab".repeat(30)}`,
        userId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
        username: `invited.${n}`,
        email: `invited.${n}@bacgiang.localhost`,
        portalId,
        role: portalId ? "contributor" : null,
        invitedBy: { id: "u-1", username: "platform.admin" },
        createdAt,
        expiresAt: new Date(createdAt.getTime() + 72 * hour),
        acceptedAt: null,
      };
      await repo.insert(inv);
      if (n % 5 === 0) {
        const at = new Date(createdAt.getTime() + hour);
        expect(await repo.markAccepted(inv, at)).toBe(true);
        expect(await repo.markAccepted(inv, at)).toBe(false);
        inv.acceptedAt = at;
      }
      made.push(inv);
    }
    writes = queries.stop();
    await indexesSettled(db(), ["invitations", "invitation_index"]);
  });

  it("writes an invitation and its acceptance with `_id` look-ups only", async () => {
    expect(writes.length).toBeGreaterThan(0);
    expect(await unflat(db(), writes)).toEqual([]);
  });

  const status = (i: Invitation) =>
    i.acceptedAt ? "accepted" : i.expiresAt.getTime() < Date.now() ? "expired" : "pending";
  const usernames = (xs: Invitation[], by: (i: Invitation) => number) =>
    [...xs].sort((a, b) => by(b) - by(a)).map((i) => i.username);

  it("lists a portal's invitations newest first, by status, page by page", async () => {
    queries.start();
    const alpha = made.filter((i) => i.portalId === "alpha");
    const everyOne = await all<{ username: string; status: string; email: string }>(
      "/portals/alpha/invitations",
      "alpha.board-head",
      "invitations",
      7,
    );
    expect(everyOne.map((i) => i.username)).toEqual(usernames(alpha, (i) => i.createdAt.getTime()));
    expect(everyOne.map((i) => i.status)).toEqual(
      [...alpha].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map(status),
    );
    for (const s of ["pending", "expired"] as const) {
      const got = await all<{ username: string; status: string }>(
        `/portals/alpha/invitations?status=${s}`,
        "alpha.board-member",
        "invitations",
        4,
      );
      expect(got.every((i) => i.status === s)).toBe(true);
      expect(got.map((i) => i.username)).toEqual(
        usernames(
          alpha.filter((i) => status(i) === s),
          (i) => i.expiresAt.getTime(),
        ),
      );
      expect(got.length).toBeGreaterThan(0);
    }
    const accepted = await all<{ username: string; acceptedAt: string }>(
      "/portals/alpha/invitations?status=accepted",
      "auditor",
      "invitations",
      3,
    );
    expect(accepted.map((i) => i.username)).toEqual(
      usernames(
        alpha.filter((i) => i.acceptedAt),
        (i) => i.acceptedAt?.getTime() ?? 0,
      ),
    );
    const platform = await all<{ username: string }>("/invitations", "platform.admin", "invitations", 20);
    expect(platform.map((i) => i.username)).toEqual(usernames(made, (i) => i.createdAt.getTime()));
    expect(await unflat(db(), queries.stop())).toEqual([]);
  });

  it("never shows another portal's invitation, and keeps them from other portals' staff", async () => {
    const beta = await all<{ username: string; portalId: string }>(
      "/portals/beta/invitations",
      "beta.board-head",
      "invitations",
      50,
    );
    expect(beta.map((i) => i.username).sort()).toEqual(
      made
        .filter((i) => i.portalId === "beta")
        .map((i) => i.username)
        .sort(),
    );
    expect((await call("GET", "/portals/alpha/invitations", tk["beta.board-head"])).status).toBe(403);
    expect((await call("GET", "/portals/alpha/invitations", tk["alpha.contributor"])).status).toBe(403);
    expect((await call("GET", "/invitations", tk["alpha.board-head"])).status).toBe(403);
    expect((await call("GET", "/portals/alpha/invitations?status=lost", tk.auditor)).status).toBe(422);
  });
});

describe("memberships per portal", () => {
  const contributors: string[] = [];

  beforeAll(async () => {
    const users = Array.from({ length: 23 }, (_, n) => ({
      username: `member.${String(n).padStart(2, "0")}`,
      enabled: true,
      firstName: "Thành",
      lastName: `Viên ${n}`,
      groups: ["/portals/alpha/contributor"],
    }));
    await t.kc.realms.partialImport({
      realm: t.realm,
      rep: { ifResourceExists: "SKIP", users } as never,
    });
    contributors.push(...users.map((u) => u.username), "alpha.contributor");
  });

  const entry = (m: { username: string; role: string }) => `${m.role}:${m.username}`;

  it("pages one role's members and every role's, each member once, board first", async () => {
    const whole = await call("GET", "/portals/alpha/memberships?limit=200", tk["alpha.board-head"]);
    expect(whole.status).toBe(200);
    expect(whole.body.nextCursor).toBeNull();
    const roles = whole.body.members.map((m: { role: string }) => m.role);
    expect(roles[0]).toBe("board-head");
    expect(
      whole.body.members
        .filter((m: { role: string }) => m.role === "contributor")
        .map((m: { username: string }) => m.username)
        .sort(),
    ).toEqual([...contributors].sort());
    const paged = await all<{ username: string; role: string }>(
      "/portals/alpha/memberships",
      "alpha.board-member",
      "members",
      4,
    );
    expect(paged.map(entry)).toEqual(whole.body.members.map(entry));
    const one = await all<{ username: string; role: string }>(
      "/portals/alpha/memberships?role=contributor",
      "auditor",
      "members",
      5,
    );
    expect(one.map(entry)).toEqual(
      whole.body.members.filter((m: { role: string }) => m.role === "contributor").map(entry),
    );
  });

  it("a member added or removed before the page shown meanwhile neither repeats nor skips anyone", async () => {
    const first = await call("GET", "/portals/alpha/memberships?role=contributor&limit=8", tk.auditor);
    const shown = first.body.members.map((m: { username: string }) => m.username) as string[];
    // one added before the position (sorts first), one removed before it
    const { id } = await t.kc.users.create({
      username: "aaa.early",
      enabled: true,
      groups: ["/portals/alpha/contributor"],
    });
    const removed = (await t.kc.users.find({ username: shown[1], exact: true }))[0]?.id as string;
    const group = await t.kc.realms.getGroupByPath({ path: "/portals/alpha/contributor", realm: t.realm });
    await t.kc.users.delFromGroup({ id: removed, groupId: group?.id as string });
    const rest = await all<{ username: string }>(
      "/portals/alpha/memberships?role=contributor",
      "auditor",
      "members",
      8,
      first.body.nextCursor,
    );
    const names = rest.map((m) => m.username);
    const expectedRest = [...contributors].sort().filter((u) => u > (shown[shown.length - 1] as string));
    expect(names).toEqual(expectedRest);
    expect(names.some((n) => shown.includes(n))).toBe(false);
    await t.kc.users.del({ id });
  });

  it("keeps a portal's members from other portals' staff", async () => {
    expect((await call("GET", "/portals/alpha/memberships", tk["beta.board-head"])).status).toBe(403);
    expect((await call("GET", "/portals/alpha/memberships?role=wizard", tk.auditor)).status).toBe(422);
    const bad = await call("GET", "/portals/alpha/memberships?cursor=bm90LWEtY3Vyc29y", tk.auditor);
    expect(bad.status).toBe(422);
    expect(bad.body.reason).toBe("invalid_cursor");
  });
});

describe("handover checks permission before looking anyone up (issue 15, class 9)", () => {
  it("answers someone who may not hand over the same, whether the usernames exist or not", async () => {
    const probe = async (user: string, body: object) => {
      const r = await call("POST", "/handovers", tk[user], body);
      return { status: r.status, code: r.body.code, reason: r.body.reason, detail: r.body.detail };
    };
    const exists = { from: { username: "alpha.board-member" }, to: { username: "alpha.contributor" } };
    const unknown = { from: { username: "no.such.person" }, to: { username: "nor.this.one" } };
    const asContributor = await probe("alpha.contributor", exists);
    expect(asContributor.status).toBe(403);
    expect(await probe("alpha.contributor", unknown)).toEqual(asContributor);
    expect(await probe("alpha.board-member", unknown)).toEqual(await probe("alpha.board-member", exists));
    // a board head naming a portal they do not manage: refused before the look-up too
    const elsewhere = await probe("beta.board-head", { ...unknown, portalIds: ["alpha"] });
    expect(elsewhere).toEqual(await probe("beta.board-head", { ...exists, portalIds: ["alpha"] }));
    expect(elsewhere).toMatchObject({ status: 403, reason: "not_a_member_of_portal" });
    // whoever may hand over accounts is told that an account does not exist
    expect((await probe("alpha.board-head", unknown)).status).toBe(404);
    expect((await probe("platform.admin", unknown)).status).toBe(404);
  });
});
