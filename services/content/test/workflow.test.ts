// R-MODERATE, R-ORG, R-STD (XSS), R-ROYALTY: the editorial workflow through the HTTP API with real
// Keycloak tokens, FerretDB and Kafka. The events must arrive on Kafka and validate against
// packages/contracts.
import * as extras from "../src/extras";
import { client, collectEvents, createPortals, type Running, start, testConfig } from "./helpers";

let svc: Running;
let events: Awaited<ReturnType<typeof collectEvents>>;
const call = client(() => svc.base);
const cfg = testConfig("content-workflow");

beforeAll(async () => {
  svc = await start(cfg, { extras });
  events = await collectEvents(svc.content, cfg.KAFKA_TOPIC_PREFIX ?? "");
  await createPortals(call, ["stttt", "tanyen"]);
});
afterAll(async () => {
  await events?.stop();
  await svc?.stop();
});

const article = (title: string, bodyHtml = "<p>Nội dung bài viết.</p>") => ({
  kind: "article",
  categoryIds: ["cat-tin-tuc-su-kien"],
  locales: { vi: { title, summary: "Tóm tắt", bodyHtml } },
  contributors: [{ name: "Dương Thị Oanh", role: "tác giả" }],
});

async function draftAndSubmit(title: string, author = "stttt.focal-officer") {
  const created = await call("POST", "/portals/stttt/items", author, article(title));
  expect(created.status).toBe(201);
  const id = created.body.itemId as string;
  const submitted = await call("POST", `/portals/stttt/items/${id}/submit`, author, undefined, {
    "if-match": created.headers.get("etag") as string,
  });
  expect(submitted.status).toBe(200);
  expect(submitted.body.state).toBe("submitted");
  return { id, version: submitted.body.version as number };
}

describe("editorial workflow (R-MODERATE)", () => {
  it("focal officer drafts and submits; a board member of the same portal approves and publishes; events validate", async () => {
    const { id } = await draftAndSubmit("Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026");
    const approved = await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.board-member", {});
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe("approved");
    const published = await call("POST", `/portals/stttt/items/${id}/publish`, "stttt.board-member", {});
    expect(published.status).toBe(200);
    expect(published.body.state).toBe("published");
    expect(published.body.live.locales.vi.slug).toBe("hoi-nghi-chuyen-doi-so-tinh-bac-giang-nam-2026");

    const submittedEv = await events.waitFor("content.submitted", (d) => d.itemId === id);
    expect(submittedEv.data.submittedBy.username).toBe("stttt.focal-officer");
    const approvedEv = await events.waitFor("content.approved", (d) => d.itemId === id);
    expect(approvedEv.data.approvedBy.username).toBe("stttt.board-member");
    expect(approvedEv.data.scheduledAt).toBeNull();
    const publishedEv = await events.waitFor("content.published", (d) => d.itemId === id);
    expect(publishedEv.data.snapshot.locales.vi.title).toBe("Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026");
    expect(publishedEv.data.snapshot.retentionClass).toBe("limited-5y");
    expect(publishedEv.data.snapshot.categoryIds).toEqual(["cat-tin-tuc-su-kien"]);
    expect(events.invalid).toEqual([]);

    // the audit trail holds every transition with actor and revision
    const audit = await call("GET", `/portals/stttt/items/${id}/audit`, "stttt.board-head");
    expect(audit.body.audit.map((a: { action: string }) => a.action)).toEqual([
      "created",
      "submitted",
      "approved",
      "published",
    ]);
    expect(audit.body.audit[2].actor.username).toBe("stttt.board-member");

    // the category listing shows it, newest first (its projection follows the publication's answer)
    await svc.content.items.projectionsSettled();
    const listing = await call(
      "GET",
      "/portals/stttt/categories/cat-tin-tuc-su-kien/published?limit=5",
      "stttt.focal-officer",
    );
    expect(listing.status).toBe(200);
    expect(listing.body.items[0].itemId).toBe(id);

    // R-ROYALTY: the contributor earns an entry; the statement is CSV with a BOM
    const period = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
    const csv = await fetch(`${svc.base}/portals/stttt/royalties/statement.csv?period=${period}`, {
      headers: {
        authorization: `Bearer ${await (require("./helpers") as typeof import("./helpers")).token("stttt.board-head")}`,
      },
    });
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("Dương Thị Oanh");
    expect(text).toContain("Hội nghị chuyển đổi số");
  });

  it("refuses self-approval with 403 self_approval", async () => {
    const { id } = await draftAndSubmit("Bài do thành viên Ban biên tập tự viết", "stttt.board-head");
    const res = await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.board-head", {});
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe("forbidden");
    expect(res.body.reason).toBe("self_approval");
  });

  it("refuses approval and publication by anyone who wrote the revision: creator, later editor or submitter (issue 15, class 8)", async () => {
    const refuse = async (id: string, user: string, action = "approve") => {
      const res = await call("POST", `/portals/stttt/items/${id}/${action}`, user, {});
      expect({ user, action, status: res.status, reason: res.body.reason }).toEqual({
        user,
        action,
        status: 403,
        reason: "self_approval",
      });
    };
    // a board member rewrites a rejected draft, the officer submits it again: the rewriter may not approve
    let x = await draftAndSubmit("Bài bị trả lại rồi được thành viên Ban biên tập viết lại");
    let r = await call("POST", `/portals/stttt/items/${x.id}/reject`, "stttt.board-member", {
      comment: "Viết lại phần mở đầu.",
    });
    expect(r.status).toBe(200);
    r = await call("PUT", `/portals/stttt/items/${x.id}`, "stttt.board-member", {
      ...article("Bài bị trả lại rồi được thành viên Ban biên tập viết lại (bản mới)"),
      version: r.body.version,
    });
    expect(r.status).toBe(200);
    expect(r.body.working.editedBy).toEqual([expect.objectContaining({ username: "stttt.board-member" })]);
    r = await call("POST", `/portals/stttt/items/${x.id}/submit`, "stttt.focal-officer", {
      version: r.body.version,
    });
    expect(r.status).toBe(200);
    await refuse(x.id, "stttt.board-member");
    // the creator (a board head) and the submitter are refused as before; a board member who did not write it approves
    x = await draftAndSubmit("Bài do Trưởng ban soạn, Phó ban sửa", "stttt.board-head");
    r = await call("POST", `/portals/stttt/items/${x.id}/reject`, "stttt.board-member", { comment: "Sửa." });
    r = await call("PUT", `/portals/stttt/items/${x.id}`, "stttt.board-deputy", {
      ...article("Bài do Trưởng ban soạn, Phó ban sửa (bản 2)"),
      version: r.body.version,
    });
    expect(r.status).toBe(200);
    r = await call("POST", `/portals/stttt/items/${x.id}/submit`, "stttt.focal-officer", {
      version: r.body.version,
    });
    expect(r.status).toBe(200);
    await refuse(x.id, "stttt.board-head");
    await refuse(x.id, "stttt.board-deputy");
    r = await call("POST", `/portals/stttt/items/${x.id}/approve`, "stttt.board-member", {});
    expect(r.status).toBe(200);
    // publication is checked the same way: the deputy who edited it does not publish it either
    await refuse(x.id, "stttt.board-deputy", "publish");
    r = await call("POST", `/portals/stttt/items/${x.id}/publish`, "stttt.board-member", {});
    expect(r.status).toBe(200);
  });

  it("takes public comments on a draft for comment only once it is live, however open its window (issue 15, class 4)", async () => {
    const now = Date.now();
    const created = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
      kind: "draft-for-comment",
      categoryIds: ["cat-du-thao-lay-y-kien"],
      locales: { vi: { title: "Dự thảo quy định chưa đăng", bodyHtml: "<p>Toàn văn dự thảo.</p>" } },
      comment: {
        opensAt: new Date(now - 86_400_000).toISOString(),
        closesAt: new Date(now + 20 * 86_400_000).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.itemId as string;
    const comment = () =>
      call(
        "POST",
        `/public/items/${id}/comments`,
        null,
        { text: "Đề nghị bổ sung quy định chuyển tiếp." },
        {
          "x-forwarded-for": "198.51.100.7",
        },
      );
    expect((await comment()).status).toBe(404);
    // submitted and approved is not live either
    let r = await call("POST", `/portals/stttt/items/${id}/submit`, "stttt.focal-officer", {
      version: created.body.version,
    });
    r = await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.board-member", {});
    expect(r.status).toBe(200);
    expect((await comment()).status).toBe(404);
    r = await call("POST", `/portals/stttt/items/${id}/publish`, "stttt.board-member", {});
    expect(r.status).toBe(200);
    const live = await comment();
    expect(live.status).toBe(202);
    expect(live.body.status).toBe("held");
  });

  it("refuses a board member of another portal with 403 (R-ORG)", async () => {
    const { id } = await draftAndSubmit("Thông tin chỉ Ban biên tập STTTT được duyệt");
    const res = await call("POST", `/portals/stttt/items/${id}/approve`, "tanyen.board-member", {});
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe("not_a_member_of_portal");
    // nor can they reach it through their own portal's path
    const other = await call("POST", `/portals/tanyen/items/${id}/approve`, "tanyen.board-member", {});
    expect(other.status).toBe(404);
  });

  it("refuses a focal officer approving (board roles only)", async () => {
    const { id } = await draftAndSubmit("Bài chờ Ban biên tập");
    const res = await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.focal-officer", {});
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe("portal_role_required");
  });

  it("answers 409 to a stale version", async () => {
    const created = await call(
      "POST",
      "/portals/stttt/items",
      "stttt.focal-officer",
      article("Bài sửa đồng thời"),
    );
    const etag = created.headers.get("etag") as string;
    const first = await call(
      "PUT",
      `/portals/stttt/items/${created.body.itemId}`,
      "stttt.focal-officer",
      article("Bản sửa thứ nhất"),
      { "if-match": etag },
    );
    expect(first.status).toBe(200);
    const second = await call(
      "PUT",
      `/portals/stttt/items/${created.body.itemId}`,
      "stttt.focal-officer",
      { ...article("Bản sửa thứ hai") },
      { "if-match": etag },
    );
    expect(second.status).toBe(409);
    expect(second.body.reason).toBe("stale_version");
    // the body field works as well as If-Match
    const third = await call("PUT", `/portals/stttt/items/${created.body.itemId}`, "stttt.focal-officer", {
      ...article("Bản sửa thứ ba"),
      version: first.body.version,
    });
    expect(third.status).toBe(200);
  });

  it("removes <script> and onerror= from rich text when saving (XSS)", async () => {
    const res = await call(
      "POST",
      "/portals/stttt/items",
      "stttt.focal-officer",
      article(
        "Bài có mã độc",
        '<p>Xin chào</p><script>alert("x")</script><img src="https://bacgiang.gov.vn/a.png" onerror="alert(1)" alt="Ảnh"><a href="javascript:alert(2)">x</a>',
      ),
    );
    expect(res.status).toBe(201);
    const body = res.body.working.locales.vi.bodyHtml as string;
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toMatch(/onerror/i);
    expect(body).not.toMatch(/javascript:/i);
    expect(body).toContain("<p>Xin chào</p>");
    const stored = await call("GET", `/portals/stttt/items/${res.body.itemId}`, "stttt.board-member");
    expect(stored.body.working.locales.vi.bodyHtml).toBe(body);
  });

  it("rejects with the board's comment back to draft, and an edit of a live item is a new revision while the old stays live", async () => {
    const { id } = await draftAndSubmit("Bài cần bổ sung");
    const rejected = await call("POST", `/portals/stttt/items/${id}/reject`, "stttt.board-deputy", {
      comment: "Bổ sung ảnh và nguồn số liệu.",
    });
    expect(rejected.body.state).toBe("rejected");
    expect(rejected.body.working.rejection.comment).toBe("Bổ sung ảnh và nguồn số liệu.");
    await events.waitFor("content.rejected", (d) => d.itemId === id);
    const edited = await call(
      "PUT",
      `/portals/stttt/items/${id}`,
      "stttt.focal-officer",
      article("Bài đã bổ sung"),
      { "if-match": `"${rejected.body.version}"` },
    );
    expect(edited.body.state).toBe("draft");
    let v = edited.body.version;
    v = (await call("POST", `/portals/stttt/items/${id}/submit`, "stttt.focal-officer", { version: v })).body
      .version;
    v = (await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.board-member", { version: v })).body
      .version;
    const live = await call("POST", `/portals/stttt/items/${id}/publish`, "stttt.board-member", {
      version: v,
    });
    expect(live.body.live.revision).toBe(1);

    const rev2 = await call(
      "PUT",
      `/portals/stttt/items/${id}`,
      "stttt.focal-officer",
      {
        ...article("Bài đã bổ sung (cập nhật số liệu)"),
        locales: {
          vi: {
            title: "Bài đã bổ sung (cập nhật số liệu)",
            bodyHtml: "<p>Mới</p>",
            changeNote: { kind: "minor", text: "Cập nhật số liệu" },
          },
        },
      },
      { "if-match": `"${live.body.version}"` },
    );
    expect(rev2.status).toBe(200);
    expect(rev2.body.status).toBe("published");
    expect(rev2.body.live.revision).toBe(1);
    expect(rev2.body.working.revision).toBe(2);
    expect(rev2.body.live.locales.vi.title).toBe("Bài đã bổ sung");
    v = (
      await call("POST", `/portals/stttt/items/${id}/submit`, "stttt.focal-officer", {
        version: rev2.body.version,
      })
    ).body.version;
    v = (await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.board-member", { version: v })).body
      .version;
    const second = await call("POST", `/portals/stttt/items/${id}/publish`, "stttt.board-member", {
      version: v,
    });
    expect(second.body.live.revision).toBe(2);
    // the slug changed: the old one redirects
    expect(second.body.live.locales.vi.previousSlugs).toEqual(["bai-da-bo-sung"]);
    const ev = await events.waitFor("content.published", (d) => d.itemId === id && d.revision === 2);
    expect(ev.data.snapshot.locales.vi.changeNote).toEqual({ kind: "minor", text: "Cập nhật số liệu" });

    const down = await call("POST", `/portals/stttt/items/${id}/unpublish`, "stttt.board-member", {
      mode: "withdrawn",
    });
    expect(down.status).toBe(422);
    const withdrawn = await call("POST", `/portals/stttt/items/${id}/unpublish`, "stttt.board-member", {
      mode: "withdrawn",
      publicReason: "Thông tin đã được thay thế bởi thông báo số 12/TB-STTTT.",
    });
    expect(withdrawn.body.status).toBe("unpublished");
    await events.waitFor("content.unpublished", (d) => d.itemId === id && d.mode === "withdrawn");
    const archived = await call("POST", `/portals/stttt/items/${id}/archive`, "stttt.board-member", {});
    expect(archived.body.status).toBe("archived");
    await events.waitFor("content.archived", (d) => d.itemId === id && d.reason === "manual");
  });

  it("refuses NoSQL operators and unknown fields in bodies", async () => {
    const res = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
      ...article("Bài thử"),
      categoryIds: [{ $gt: "" }],
    });
    expect([400, 422]).toContain(res.status);
    const extra = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
      ...article("Bài thử"),
      status: "published",
    });
    expect(extra.status).toBe(422);
  });

  it("refuses over-long legal fields, alt texts and captions at the field, and stores nothing (issue 15, class 6)", async () => {
    const legal = {
      number: "36/2019/QĐ-UBND",
      docType: "Quyết định",
      issuer: "UBND tỉnh Bắc Giang",
      signer: "Nguyễn Văn Linh",
      issuedOn: "2019-12-20",
      effectiveOn: "2020-01-01",
      validity: "in-force",
    };
    const doc = (extra: object) => ({
      kind: "legal-document",
      categoryIds: ["cat-van-ban-quy-pham-phap-luat"],
      locales: { vi: { title: "Quyết định quy định quản lý cổng", bodyHtml: "<p>Toàn văn.</p>" } },
      legal,
      ...extra,
    });
    const long = (n: number) => "Đ".repeat(n);
    const cases: [object, string][] = [
      [{ legal: { ...legal, number: long(101) } }, "legal.number"],
      [{ legal: { ...legal, docType: long(101) } }, "legal.docType"],
      [{ legal: { ...legal, issuer: long(301) } }, "legal.issuer"],
      [{ legal: { ...legal, signer: long(201) } }, "legal.signer"],
      [{ media: [{ assetId: "a1b2c3d4e5f6a7b8c9d0e1f2", role: "cover", alt: long(1001) }] }, "media.0.alt"],
      [
        { media: [{ assetId: "a1b2c3d4e5f6a7b8c9d0e1f2", role: "cover", caption: long(2001) }] },
        "media.0.caption",
      ],
    ];
    const before = (await call("GET", "/portals/stttt/items?owner=me&limit=100", "stttt.focal-officer")).body
      .items.length;
    for (const [extra, path] of cases) {
      const r = await call("POST", "/portals/stttt/items", "stttt.focal-officer", doc(extra));
      expect({ path, status: r.status, paths: r.body.errors?.map((e: { path: string }) => e.path) }).toEqual({
        path,
        status: 422,
        paths: [path],
      });
    }
    const after = (await call("GET", "/portals/stttt/items?owner=me&limit=100", "stttt.focal-officer")).body
      .items.length;
    expect(after).toBe(before);
    // at the limit it is taken
    const ok = await call(
      "POST",
      "/portals/stttt/items",
      "stttt.focal-officer",
      doc({ legal: { ...legal, number: long(100) } }),
    );
    expect(ok.status).toBe(201);
  });

  it("lets a contributor draft and submit their own work only", async () => {
    const mine = await call(
      "POST",
      "/portals/stttt/items",
      "stttt.contributor",
      article("Bài cộng tác viên gửi"),
    );
    expect(mine.status).toBe(201);
    const submitted = await call(
      "POST",
      `/portals/stttt/items/${mine.body.itemId}/submit`,
      "stttt.contributor",
      { version: mine.body.version },
    );
    expect(submitted.status).toBe(200);
    const { id } = await draftAndSubmit("Bài của cán bộ đầu mối");
    const rejected = await call("POST", `/portals/stttt/items/${id}/reject`, "stttt.board-member", {
      comment: "Sửa lại tiêu đề.",
    });
    const other = await call("PUT", `/portals/stttt/items/${id}`, "stttt.contributor", {
      ...article("Sửa bài người khác"),
      version: rejected.body.version,
    });
    expect(other.status).toBe(403);
    expect(other.body.reason).toBe("contributor_own_drafts_only");
    const approve = await call(
      "POST",
      `/portals/stttt/items/${mine.body.itemId}/approve`,
      "stttt.contributor",
      {},
    );
    expect(approve.status).toBe(403);
  });

  it("turns an answered question into a Q&A submission for the board (ItemPort)", async () => {
    const { itemId } = await svc.content.items.createQaSubmission({
      portalId: "stttt",
      title: "Thủ tục cấp giấy phép bưu chính",
      question: "<b>Xin hỏi</b> hồ sơ cấp giấy phép bưu chính gồm những gì?",
      answerHtml: "<p>Hồ sơ gồm đơn đề nghị và các giấy tờ theo quy định.</p><script>x</script>",
      actor: { id: "system:feedback", username: "system:feedback" },
    });
    const item = await call("GET", `/portals/stttt/items/${itemId}`, "stttt.board-member");
    expect(item.body.kind).toBe("qa");
    expect(item.body.state).toBe("submitted");
    expect(item.body.working.categoryIds).toEqual(["cat-hoi-dap"]);
    expect(item.body.working.locales.vi.bodyHtml).not.toContain("<script>");
    expect(item.body.working.locales.vi.bodyHtml).toContain("Xin hỏi hồ sơ cấp giấy phép bưu chính");
    const pub = await svc.content.items.getPublic(itemId);
    expect(pub).toMatchObject({ portalId: "stttt", kind: "qa", published: false, isLegalDocument: false });
  });

  it("gives the daily digest the board's review queue (ItemPort.waitingForReview, R-BOARD)", async () => {
    const { itemId } = await svc.content.items.createQaSubmission({
      portalId: "stttt",
      title: "Giờ làm việc của bộ phận một cửa",
      question: "Bộ phận một cửa làm việc vào những giờ nào?",
      answerHtml: "<p>Từ thứ Hai đến thứ Sáu, giờ hành chính.</p>",
      actor: { id: "system:feedback", username: "system:feedback" },
    });
    const waiting = await svc.content.items.waitingForReview("stttt", 100);
    expect(waiting.find((w) => w.itemId === itemId)).toMatchObject({
      title: "Giờ làm việc của bộ phận một cửa",
    });
    expect(waiting.find((w) => w.itemId === itemId)?.submittedAt).toBeInstanceOf(Date);
    // another portal's queue does not hold it
    expect((await svc.content.items.waitingForReview("tanyen", 100)).map((w) => w.itemId)).not.toContain(
      itemId,
    );
  });

  it("lists a portal's items for the admin UI, newest first, page by page, filtered by state", async () => {
    const page1 = await call("GET", "/portals/stttt/items?limit=2", "stttt.board-member");
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.items[0].itemId > page1.body.items[1].itemId).toBe(true);
    const page2 = await call(
      "GET",
      `/portals/stttt/items?limit=2&cursor=${page1.body.nextCursor}`,
      "stttt.board-member",
    );
    expect(page2.body.items[0].itemId < page1.body.items[1].itemId).toBe(true);
    const submitted = await call(
      "GET",
      "/portals/stttt/items?state=submitted&limit=50",
      "stttt.board-member",
    );
    expect(submitted.body.items.length).toBeGreaterThan(0);
    expect(submitted.body.items.every((i: { state: string }) => i.state === "submitted")).toBe(true);
    expect((await call("GET", "/portals/stttt/items?state=bogus", "stttt.board-member")).status).toBe(422);
    expect((await call("GET", "/portals/stttt/items?limit=1000", "stttt.board-member")).status).toBe(422);
    expect((await call("GET", "/portals/stttt/items", "tanyen.board-member")).status).toBe(403);
  });

  describe("public addresses (R-DOM)", () => {
    const publish = async (title: string) => {
      const { id } = await draftAndSubmit(title);
      expect(
        (await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.board-member", {})).status,
      ).toBe(200);
      const published = await call("POST", `/portals/stttt/items/${id}/publish`, "stttt.board-member", {});
      expect(published.status).toBe(200);
      return { id, slug: published.body.live.locales.vi.slug as string };
    };

    it("gives a second item with the same title its own address; each keeps its own on republishing", async () => {
      const first = await publish("Lịch công tác tuần của Ban Giám đốc");
      const second = await publish("Lịch công tác tuần của Ban Giám đốc");
      const third = await publish("Lịch công tác tuần của Ban Giám đốc");
      expect(first.slug).toBe("lich-cong-tac-tuan-cua-ban-giam-doc");
      expect(second.slug).toBe("lich-cong-tac-tuan-cua-ban-giam-doc-2");
      expect(third.slug).toBe("lich-cong-tac-tuan-cua-ban-giam-doc-3");
      // the first item edited and published again keeps its address
      const edited = await call("PUT", `/portals/stttt/items/${first.id}`, "stttt.focal-officer", {
        ...article("Lịch công tác tuần của Ban Giám đốc"),
        version: (await call("GET", `/portals/stttt/items/${first.id}`, "stttt.focal-officer")).body.version,
      });
      expect(edited.status).toBe(200);
      const again = await call(
        "POST",
        `/portals/stttt/items/${first.id}/submit`,
        "stttt.focal-officer",
        undefined,
        {
          "if-match": edited.headers.get("etag") as string,
        },
      );
      expect(again.status).toBe(200);
      expect(
        (await call("POST", `/portals/stttt/items/${first.id}/approve`, "stttt.board-member", {})).status,
      ).toBe(200);
      const republished = await call(
        "POST",
        `/portals/stttt/items/${first.id}/publish`,
        "stttt.board-member",
        {},
      );
      expect(republished.body.live.locales.vi.slug).toBe("lich-cong-tac-tuan-cua-ban-giam-doc");
    });
  });
});
