// Reader comments with moderation and agency replies; comments on drafts open for public comment
// (R-FEEDBACK, R-MODERATE, R-BOARD, R-ORG, R-PII), against the real servers.
import { caller, collectFeedbackEvents, type Harness, startExtras } from "./feedback-harness";

const DAY = 86_400_000;

describe("reader and draft comments (R-FEEDBACK, R-MODERATE)", () => {
  let h: Harness;
  let events: Awaited<ReturnType<typeof collectFeedbackEvents>>;
  const call = caller(() => h);
  let ipSeq = 0;
  const ip = () => ({ "x-forwarded-for": `192.0.2.${++ipSeq}` });

  beforeAll(async () => {
    h = await startExtras("comments");
    await h.addPortal({ portalId: "stp" });
    await h.addPortal({ portalId: "lucngan", kind: "district" });
    await h.addItem({ itemId: "baiviet-mo-binhluan", portalId: "stp" });
    await h.addItem({ itemId: "baiviet-khoa-binhluan", portalId: "stp", commentsEnabled: false });
    await h.addItem({ itemId: "baiviet-chua-dang", portalId: "stp", published: false });
    // a draft for comment, never published, whose window is open: not there for readers
    await h.addItem({
      itemId: "duthao-chua-dang",
      portalId: "stp",
      kind: "draft-for-comment",
      published: false,
      comment: { opensAt: new Date(Date.now() - 2 * DAY), closesAt: new Date(Date.now() + 20 * DAY) },
    });
    const now = Date.now();
    await h.addItem({
      itemId: "duthao-dang-mo",
      portalId: "stp",
      kind: "draft-for-comment",
      commentsEnabled: false,
      comment: { opensAt: new Date(now - 2 * DAY), closesAt: new Date(now + 20 * DAY) },
    });
    await h.addItem({
      itemId: "duthao-chua-mo",
      portalId: "stp",
      kind: "draft-for-comment",
      comment: { opensAt: new Date(now + 3 * DAY), closesAt: new Date(now + 30 * DAY) },
    });
    await h.addItem({
      itemId: "duthao-da-dong",
      portalId: "stp",
      kind: "draft-for-comment",
      comment: { opensAt: new Date(now - 40 * DAY), closesAt: new Date(now - DAY) },
    });
    events = await collectFeedbackEvents(h);
  });
  afterAll(async () => {
    await events?.stop();
    await h?.stop();
  });

  it("R-MODERATE: a reader comment is held, approved by the portal's focal officer, replied to, then public", async () => {
    const c = await call(
      "POST",
      "/public/items/baiviet-mo-binhluan/comments",
      null,
      { text: "Bài viết rất hữu ích, cảm ơn Sở." },
      ip(),
    );
    expect(c.status).toBe(202);
    expect(c.body.status).toBe("held");
    const id = c.body.commentId as string;
    let pub = await call("GET", "/public/items/baiviet-mo-binhluan/comments", null);
    expect(pub.body.items).toEqual([]);

    // R-ORG: another portal's board can neither see nor moderate it
    expect((await call("GET", "/portals/stp/comments?status=held", "lucngan.board-head")).status).toBe(403);
    expect(
      (
        await call("POST", `/portals/stp/comments/${id}/moderate`, "lucngan.board-head", {
          decision: "approve",
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call("POST", `/portals/lucngan/comments/${id}/moderate`, "lucngan.board-head", {
          decision: "approve",
        })
      ).status,
    ).toBe(404);
    // contributors do not moderate
    expect(
      (await call("POST", `/portals/stp/comments/${id}/moderate`, "stp.contributor", { decision: "approve" }))
        .status,
    ).toBe(403);

    const held = await call("GET", "/portals/stp/comments?status=held", "stp.board-member");
    expect(held.body.items.map((x: any) => x.commentId)).toContain(id);
    const ok = await call("POST", `/portals/stp/comments/${id}/moderate`, "stp.focal-officer", {
      decision: "approve",
    });
    expect(ok.status).toBe(200);
    const reply = await call("POST", `/portals/stp/comments/${id}/reply`, "stp.board-deputy", {
      text: "Sở Tư pháp cảm ơn ý kiến của bạn.",
    });
    expect(reply.status).toBe(200);
    pub = await call("GET", "/public/items/baiviet-mo-binhluan/comments", null);
    expect(pub.body.items).toHaveLength(1);
    expect(pub.body.items[0]).toMatchObject({
      commentId: id,
      text: "Bài viết rất hữu ích, cảm ơn Sở.",
      reply: { text: "Sở Tư pháp cảm ơn ý kiến của bạn." },
    });
    // the public view names no officer and no moderator
    expect(JSON.stringify(pub.body)).not.toMatch(/stp\.(board|focal)/);

    // a rejected comment never shows
    const bad = await call(
      "POST",
      "/public/items/baiviet-mo-binhluan/comments",
      null,
      { text: "Nội dung quảng cáo rác." },
      ip(),
    );
    await call("POST", `/portals/stp/comments/${bad.body.commentId}/moderate`, "stp.board-member", {
      decision: "reject",
    });
    pub = await call("GET", "/public/items/baiviet-mo-binhluan/comments", null);
    expect(pub.body.items.map((x: any) => x.commentId)).not.toContain(bad.body.commentId);
  });

  it("R-FEEDBACK: comments only on published items with comments enabled; reader comments carry no personal data", async () => {
    expect(
      (
        await call(
          "POST",
          "/public/items/baiviet-khoa-binhluan/comments",
          null,
          { text: "Bình luận thử." },
          ip(),
        )
      ).status,
    ).toBe(403);
    expect(
      (await call("POST", "/public/items/baiviet-chua-dang/comments", null, { text: "Bình luận thử." }, ip()))
        .status,
    ).toBe(404);
    // nor on a never-published draft for comment, with or without contact data (issue 15, class 4)
    for (const body of [
      { text: "Góp ý thử." },
      { text: "Góp ý thử.", fullName: "Lê Văn Nam", consent: true },
    ]) {
      const r = await call("POST", "/public/items/duthao-chua-dang/comments", null, body, ip());
      expect({ status: r.status, type: r.headers.get("content-type") }).toEqual({
        status: 404,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
    expect((await call("GET", "/public/items/duthao-chua-dang/comments", null)).status).toBe(404);
    expect(
      (await call("POST", "/public/items/khong-ton-tai/comments", null, { text: "Bình luận thử." }, ip()))
        .status,
    ).toBe(404);
    const withName = await call(
      "POST",
      "/public/items/baiviet-mo-binhluan/comments",
      null,
      { text: "Bình luận thử.", fullName: "Trần Văn Bình", consent: true },
      ip(),
    );
    expect(withName.status).toBe(422);
    const injected = await call(
      "POST",
      "/public/items/baiviet-mo-binhluan/comments",
      null,
      { text: { $gt: "" } },
      ip(),
    );
    expect([400, 422]).toContain(injected.status);
  });

  it("R-FEEDBACK: draft comments refused before (409) and after (410) the window", async () => {
    const before = await call(
      "POST",
      "/public/items/duthao-chua-mo/comments",
      null,
      { text: "Góp ý cho dự thảo." },
      ip(),
    );
    expect(before.status).toBe(409);
    expect(before.body.reason).toBe("comment_window_not_open");
    expect(before.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const after = await call(
      "POST",
      "/public/items/duthao-da-dong/comments",
      null,
      { text: "Góp ý cho dự thảo." },
      ip(),
    );
    expect(after.status).toBe(410);
    expect(after.body.reason).toBe("comment_window_closed");
  });

  it("R-FEEDBACK, R-PII: draft comments inside the window are collected, emit feedback.received (draft-comment, no PII) and export as CSV with BOM", async () => {
    const noConsent = await call(
      "POST",
      "/public/items/duthao-dang-mo/comments",
      null,
      { text: "Đề nghị bổ sung quy định.", fullName: "Lê Thị Mai" },
      ip(),
    );
    expect(noConsent.status).toBe(400);
    const c = await call(
      "POST",
      "/public/items/duthao-dang-mo/comments",
      null,
      {
        text: 'Đề nghị làm rõ khoản 2 Điều 5, "thời hạn" áp dụng.\n=1+1',
        fullName: "Lê Thị Mai",
        organization: "Hội Luật gia huyện Lục Ngạn",
        email: "mai.le@example.vn",
        consent: true,
      },
      ip(),
    );
    expect(c.status).toBe(202);
    const anon = await call(
      "POST",
      "/public/items/duthao-dang-mo/comments",
      null,
      { text: "Góp ý không nêu tên." },
      ip(),
    );
    expect(anon.status).toBe(202);

    const ev = await events.waitFor("feedback.received", (d) => d.feedbackId === c.body.commentId);
    expect(ev.data).toMatchObject({ kind: "draft-comment", portalId: "stp" });
    expect(events.invalid).toEqual([]);
    for (const raw of events.raw) {
      expect(raw).not.toContain("Lê Thị Mai");
      expect(raw).not.toContain("mai.le@example.vn");
    }

    expect(
      (await call("GET", "/portals/stp/items/duthao-dang-mo/draft-comments", "lucngan.board-member")).status,
    ).toBe(403);
    const list = await call("GET", "/portals/stp/items/duthao-dang-mo/draft-comments", "stp.board-member");
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const csv = await call(
      "GET",
      "/portals/stp/items/duthao-dang-mo/draft-comments?format=csv",
      "stp.board-member",
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.text.slice(1).split("\r\n");
    expect(lines[0]).toBe("commentId,createdAt,fullName,organization,email,text");
    expect(csv.text).toContain("Hội Luật gia huyện Lục Ngạn");
    // quotes doubled, multi-line cell quoted; a formula after a newline stays inside the quoted cell
    expect(csv.text).toContain('"Đề nghị làm rõ khoản 2 Điều 5, ""thời hạn"" áp dụng.\n=1+1"');
    // draft comments are never in the public reader list
    const pub = await call("GET", "/public/items/duthao-dang-mo/comments", null);
    expect(pub.body.items).toEqual([]);
  });
});
