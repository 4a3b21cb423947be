import { unflat, watchQueries } from "@cong/testing";
// The feedback inbox and the comment moderation list on the REAL FerretDB (issue 21, R-FEEDBACK,
// R-TIMELY, R-ORG): each filter and combination answers what the documents say, cursor paging
// gives every unchanged message once while others change between pages, a portal never sees
// another's, and every query of the lists and of their writes uses the `_id` index (explain()).
import { caller, type Harness, startExtras } from "./feedback-harness";
import { mongoClientOf, type Reply } from "./helpers";

let h: Harness;
let queries: ReturnType<typeof watchQueries>;
const call = caller(() => h);
let ipSeq = 0;
const ip = () => ({ "x-forwarded-for": `203.0.113.${(++ipSeq % 250) + 1}`, "x-test-seq": String(ipSeq) });
const DAY = 86_400_000;
const T0 = new Date("2026-03-02T09:00:00+07:00").getTime();

beforeAll(async () => {
  h = await startExtras(
    "content-inbox",
    { rateLimit: { limit: 1000, windowMs: 60_000 } },
    { logLevel: "warn", monitorCommands: true },
  );
  queries = watchQueries(mongoClientOf(h.svc));
  await h.addPortal({ portalId: "stttt" });
  await h.addPortal({ portalId: "tanyen", kind: "district" });
});
afterAll(async () => {
  h.clock.now = new Date();
  await h?.stop();
});

async function all(
  path: string,
  user: string,
  limit = 100,
): Promise<{ feedbackId?: string; commentId?: string }[]> {
  const out: { feedbackId?: string; commentId?: string }[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 60; i++) {
    const sep = path.includes("?") ? "&" : "?";
    const r: Reply = await call(
      "GET",
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
      user,
    );
    expect({ path, status: r.status }).toEqual({ path, status: 200 });
    out.push(...r.body.items);
    cursor = r.body.nextCursor;
    if (!cursor) break;
  }
  return out;
}
const ids = (xs: { feedbackId?: string; commentId?: string }[]) => xs.map((x) => x.feedbackId ?? x.commentId);

describe("feedback inbox", () => {
  const made: { id: string; portal: string }[] = [];
  const BM = "stttt.board-member";

  beforeAll(async () => {
    // one message a day over three weeks: the older ones are past their 15 working days
    for (let i = 0; i < 21; i++) {
      h.clock.now = new Date(T0 + i * DAY);
      const portal = i % 7 === 6 ? "tanyen" : "stttt";
      const r = await call(
        "POST",
        `/public/portals/${portal}/feedback`,
        null,
        {
          kind: i % 2 ? "feedback" : "question",
          fullName: "Trần Văn Bình",
          email: "binh@example.vn",
          message: `Ý kiến số ${i} về thủ tục hành chính của cơ quan.`,
          consent: true,
        },
        ip(),
      );
      expect(r.status).toBe(202);
      made.push({ id: r.body.feedbackId, portal });
    }
    h.clock.now = new Date(T0 + 30 * DAY);
    for (const [i, m] of made.entries()) {
      if (m.portal !== "stttt") continue;
      if (i % 3 === 1 || i % 3 === 2) {
        const a = await call("POST", `/portals/stttt/feedback/${m.id}/assign`, "stttt.board-deputy", {
          agency: "Văn phòng Sở",
        });
        expect(a.status).toBe(200);
      }
      if (i % 3 === 2) {
        const a = await call("POST", `/portals/stttt/feedback/${m.id}/answer`, "stttt.focal-officer", {
          answer: "Cơ quan đã tiếp nhận và xử lý theo quy định.",
        });
        expect(a.status).toBe(200);
      }
    }
  });

  /** The truth: each message as the staff view shows it (status, overdue flag, dates). */
  async function truth() {
    const out = [];
    for (const m of made.filter((x) => x.portal === "stttt"))
      out.push((await call("GET", `/portals/stttt/feedback/${m.id}`, BM)).body);
    return out as {
      feedbackId: string;
      status: string;
      overdue: boolean;
      receivedAt: string;
      dueAt: string;
    }[];
  }

  it("answers each filter and combination, newest first or by due date", async () => {
    const t = await truth();
    expect(t.some((x) => x.overdue) && t.some((x) => !x.overdue && x.status !== "answered")).toBe(true);
    const newest = (xs: typeof t) =>
      [...xs].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).map((x) => x.feedbackId);
    // the same due date (received over a weekend): the earlier received first
    const byDue = (xs: typeof t) =>
      [...xs]
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.receivedAt.localeCompare(b.receivedAt))
        .map((x) => x.feedbackId);
    const open = t.filter((x) => x.status !== "answered");
    const cases: [string, string[]][] = [
      ["", newest(t)],
      ["status=received", newest(t.filter((x) => x.status === "received"))],
      ["status=assigned", newest(t.filter((x) => x.status === "assigned"))],
      ["status=answered", newest(t.filter((x) => x.status === "answered"))],
      ["overdue=true", newest(t.filter((x) => x.overdue))],
      ["overdue=false", newest(t.filter((x) => !x.overdue))],
      ["overdue=true&status=assigned", newest(t.filter((x) => x.overdue && x.status === "assigned"))],
      ["overdue=false&status=received", newest(t.filter((x) => !x.overdue && x.status === "received"))],
      ["sort=due", byDue(open)],
      ["sort=due&status=received", byDue(open.filter((x) => x.status === "received"))],
      ["sort=due&overdue=true", byDue(open.filter((x) => x.overdue))],
      ["sort=due&overdue=false", byDue(open.filter((x) => !x.overdue))],
    ];
    for (const [q, want] of cases) {
      const got = ids(await all(`/portals/stttt/feedback?${q}`, BM, 4));
      expect({ q, got }).toEqual({ q, got: want });
    }
    // the overdue list: most overdue first, with working days
    const overdue = await call("GET", "/portals/stttt/feedback-overdue", BM);
    expect(ids(overdue.body.items)).toEqual(byDue(open.filter((x) => x.overdue)));
    expect(overdue.body.items[0].workingDaysOverdue).toBeGreaterThan(0);
  });

  it("pages without repeats while messages change between pages; never another portal's", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let changed: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r: Reply = await call(
        "GET",
        `/portals/stttt/feedback?status=received&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        BM,
      );
      seen.push(...ids(r.body.items).map(String));
      cursor = r.body.nextCursor;
      if (page === 0) {
        // a message further down is assigned meanwhile: it leaves the "received" list
        const t = (await truth()).filter((x) => x.status === "received" && !seen.includes(x.feedbackId));
        changed = t[t.length - 1]?.feedbackId;
        await call("POST", `/portals/stttt/feedback/${changed}/assign`, "stttt.board-deputy", {
          agency: "Phòng A",
        });
      }
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(changed);
    const received = (await truth()).filter((x) => x.status === "received").map((x) => x.feedbackId);
    expect(seen.sort()).toEqual(received.sort());
    const tanyen = ids(await all("/portals/tanyen/feedback", "tanyen.board-member"));
    expect(tanyen.sort()).toEqual(
      made
        .filter((m) => m.portal === "tanyen")
        .map((m) => m.id)
        .sort(),
    );
    const stttt = ids(await all("/portals/stttt/feedback", BM));
    expect(stttt.some((id) => tanyen.includes(id))).toBe(false);
    const first = await call("GET", "/portals/stttt/feedback?limit=1", BM);
    const forged = await call(
      "GET",
      `/portals/tanyen/feedback?cursor=${first.body.nextCursor}`,
      "tanyen.board-member",
    );
    expect(forged.status).toBe(422);
  });
});

describe("comment moderation list", () => {
  beforeAll(async () => {
    await h.addItem({ itemId: "baiviet-stttt-01", portalId: "stttt" });
    await h.addItem({ itemId: "baiviet-stttt-02", portalId: "stttt" });
    await h.addItem({ itemId: "baiviet-tanyen-01", portalId: "tanyen" });
    h.clock.now = new Date(T0);
    await h.addItem({
      itemId: "duthao-stttt-01",
      portalId: "stttt",
      kind: "draft-for-comment",
      commentsEnabled: false,
      comment: { opensAt: new Date(T0 - DAY), closesAt: new Date(T0 + 60 * DAY) },
    });
    const post = async (itemId: string, i: number, extra: object = {}) => {
      h.clock.now = new Date(T0 + i * 60_000);
      const r = await call(
        "POST",
        `/public/items/${itemId}/comments`,
        null,
        { text: `Bình luận số ${i}.`, ...extra },
        ip(),
      );
      expect(r.status).toBe(202);
      return r.body.commentId as string;
    };
    const posted: string[] = [];
    for (let i = 0; i < 9; i++)
      posted.push(await post(i % 3 === 2 ? "baiviet-stttt-02" : "baiviet-stttt-01", i));
    for (let i = 9; i < 12; i++) await post("baiviet-tanyen-01", i);
    for (let i = 12; i < 15; i++) await post("duthao-stttt-01", i, { fullName: "Lê Thị Mai", consent: true });
    for (const [i, id] of posted.entries()) {
      if (i % 2 === 1) continue;
      const decision = i % 4 === 0 ? "approve" : "reject";
      const r = await call("POST", `/portals/stttt/comments/${id}/moderate`, "stttt.focal-officer", {
        decision,
      });
      expect(r.status).toBe(200);
    }
  });

  async function truth() {
    const all = await h.svc.db?.collection("comments").find({ portalId: "stttt" }).toArray();
    return (all ?? []) as unknown as {
      _id: string;
      status: string;
      itemId: string;
      kind: string;
      createdAt: Date;
    }[];
  }

  it("answers each filter and combination, newest first, page by page", async () => {
    const t = await truth();
    const newest = (xs: typeof t) =>
      [...xs].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map((x) => x._id);
    const cases: [string, string[]][] = [
      ["", newest(t)],
      ["status=held", newest(t.filter((x) => x.status === "held"))],
      ["status=approved", newest(t.filter((x) => x.status === "approved"))],
      ["status=rejected", newest(t.filter((x) => x.status === "rejected"))],
      ["itemId=baiviet-stttt-02", newest(t.filter((x) => x.itemId === "baiviet-stttt-02"))],
      [
        "itemId=baiviet-stttt-01&status=approved",
        newest(t.filter((x) => x.itemId === "baiviet-stttt-01" && x.status === "approved")),
      ],
      ["itemId=baiviet-tanyen-01", []],
    ];
    for (const [q, want] of cases) {
      const got = ids(await all(`/portals/stttt/comments?${q}`, "stttt.board-member", 2));
      expect({ q, got }).toEqual({ q, got: want });
    }
    // the public thread: approved reader comments, oldest first
    const pub = await call("GET", "/public/items/baiviet-stttt-01/comments", null);
    const approved = t
      .filter((x) => x.itemId === "baiviet-stttt-01" && x.status === "approved")
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((x) => x._id);
    expect(ids(pub.body.items)).toEqual(approved);
    // the draft's comments for the board (and as CSV)
    const drafts = await call(
      "GET",
      "/portals/stttt/items/duthao-stttt-01/draft-comments",
      "stttt.board-member",
    );
    expect(drafts.body.items).toHaveLength(3);
    expect(drafts.body.items.every((c: { kind: string }) => c.kind === "draft")).toBe(true);
    // another portal's comments are never listed
    const tanyen = ids(await all("/portals/tanyen/comments", "tanyen.board-member"));
    expect(tanyen).toHaveLength(3);
    expect(tanyen.some((id) => t.some((x) => x._id === id))).toBe(false);
    expect(
      (await call("GET", "/portals/tanyen/items/duthao-stttt-01/draft-comments", "tanyen.board-member")).body
        .items,
    ).toEqual([]);
  });
});

describe("no full scans (FerretDB pushdown, MongoDB _id index)", () => {
  it("every query of the inbox, the moderation list and their writes uses the _id index", async () => {
    queries.start();
    h.clock.now = new Date(T0 + 31 * DAY);
    const r = await call(
      "POST",
      "/public/portals/stttt/feedback",
      null,
      {
        kind: "question",
        fullName: "Phạm Văn An",
        phone: "0912345678",
        message: "Câu hỏi về thủ tục cấp phép.",
        consent: true,
      },
      ip(),
    );
    const id = r.body.feedbackId;
    await call("POST", `/portals/stttt/feedback/${id}/assign`, "stttt.board-deputy", { agency: "Phòng B" });
    await call("POST", `/portals/stttt/feedback/${id}/answer`, "stttt.focal-officer", {
      answer: "Đã trả lời theo quy định.",
    });
    await call("GET", `/portals/stttt/feedback/${id}`, "stttt.board-member");
    for (const q of [
      "",
      "status=assigned",
      "overdue=true",
      "overdue=false",
      "sort=due",
      "sort=due&overdue=false",
    ])
      await all(`/portals/stttt/feedback?${q}`, "stttt.board-member", 3);
    await call("GET", "/portals/stttt/feedback-overdue", "stttt.board-member");
    const c = await call(
      "POST",
      "/public/items/baiviet-stttt-01/comments",
      null,
      { text: "Thêm một bình luận." },
      ip(),
    );
    await call("POST", `/portals/stttt/comments/${c.body.commentId}/moderate`, "stttt.focal-officer", {
      decision: "approve",
    });
    await call("POST", `/portals/stttt/comments/${c.body.commentId}/reply`, "stttt.focal-officer", {
      text: "Cảm ơn bạn.",
    });
    for (const q of ["", "status=held", "itemId=baiviet-stttt-01", "itemId=baiviet-stttt-01&status=approved"])
      await all(`/portals/stttt/comments?${q}`, "stttt.board-member", 3);
    await call("GET", "/public/items/baiviet-stttt-01/comments", null);
    await call("GET", "/portals/stttt/items/duthao-stttt-01/draft-comments", "stttt.board-member");
    const seen = queries.stop();
    // the harness's own stand-ins for the portal and item ports read by `_id` too
    expect(seen.length).toBeGreaterThan(20);
    const db = h.svc.db;
    if (!db) throw new Error("no db");
    expect(await unflat(db, seen)).toEqual([]);
    // and the check does see a scan: the old inbox query (a filter on portalId) is one
    const scan = [{ command: "find", collection: "feedback", filter: { portalId: "stttt" } }];
    expect(await unflat(db, scan)).toHaveLength(1);
  });
});
