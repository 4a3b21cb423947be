// The archive and the backups (issue 19 screens 3–4; R-RETAIN, R-BACKUP) through the admin against
// the real archive (in-process, its own database, bucket and backup folder, a fixed clock), content
// and Keycloak: a fresh platform admin (one-time code at the first sign-in) searches the archive
// (diacritics-insensitive, by portal and Vietnam days), places a legal hold with a reason, sees it
// block the expiry of its item while another item of the same day expires, lifts it; starts a
// verification of the hash chain and reads its result, and is led to the running one on a 409;
// sees the last backups (time, size, verification; the restore drills are drills.test.ts's). The
// auditor sees the same pages with no action, and forced POSTs are refused (the admin refuses holds
// itself: archive would let an auditor place one).
import {
  env as archiveEnv,
  backupScene,
  cli,
  published,
  type RunningArchive,
  waitFor,
} from "../../archive/test/fixtures";
import {
  Agent,
  createUser,
  kcAdmin,
  type RunningAdmin,
  type Services,
  signInWithAuthenticator,
  startAdmin,
  startServices,
  text,
} from "./fixtures";

const PASSWORD = "Cong-Archive-Otp-2026!";
const adminName = `arc-${Date.now().toString(36)}.admin`;
let adminId = "";
let s: Services;
let arch: RunningArchive;
let a: RunningAdmin;
let admin: Agent;
let backupId = "";
const scene = backupScene("admin-archive", "tanyen", 12);

const legal = published("tanyen", {
  retentionClass: "permanent",
  kind: "legal-document",
  categoryIds: ["cat-van-ban-phap-luat"],
  title: "Quyết định số 36/2026/QĐ-UBND về quản lý Cổng thông tin điện tử",
  at: "2026-03-02T03:00:00.000Z",
});
const recruit = published("tanyen", {
  retentionClass: "limited-5y",
  title: "Thông báo tuyển dụng viên chức huyện Tân Yên năm 2026",
  at: "2026-03-05T03:00:00.000Z",
});
const meeting = published("stttt", {
  retentionClass: "limited-5y",
  title: "Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026",
  at: "2026-03-05T03:00:00.000Z",
});

/** the rows of the page's list of archived items */
const rows = (html: string) => (html.match(/<tbody>[\s\S]*?<\/tbody>/)?.[0].match(/<tr>/g) ?? []).length;
const mainOf = (html: string) => html.slice(html.indexOf("<main"), html.indexOf("</main>"));
const record = (id: string) => arch.archive.deps.records.get(id);

beforeAll(async () => {
  s = await startServices("admin-archive");
  arch = await scene.setUp();
  for (const p of [legal, recruit, meeting]) {
    await arch.archive.deps.records.onPublished(p.data);
    await arch.archive.store.archivePublished(p.data);
  }
  // a real backup of a small database and the archive's bucket, checked by the job against its manifest
  const r = cli(["backup", "--target", scene.dir], {
    MONGO_URL: archiveEnv.MONGO_URL,
    BACKUP_DATABASES: scene.portalDb,
    BACKUP_BUCKETS: arch.bucket,
  });
  if (r.status !== 0) throw new Error(`backup: ${r.stderr}`);
  backupId = r.stdout.trim();
  a = await startAdmin("admin-archive", s, { ARCHIVE_API_URL: arch.base });
  adminId = await createUser(adminName, PASSWORD, { realmRole: "platform-admin" });
}, 240_000);

afterAll(async () => {
  if (adminId) await kcAdmin("DELETE", `/users/${adminId}`).catch(() => undefined);
  await a?.stop();
  await scene.tearDown(arch).catch(() => undefined);
  await s?.stop();
});

describe("the archive (issue 19 screen 3, R-RETAIN)", () => {
  it("a platform admin searches the archive: words without diacritics, a portal, Vietnam days", async () => {
    admin = new Agent(a.url);
    const home = await signInWithAuthenticator(admin, adminName, PASSWORD);
    expect(home.html).toContain('href="/platform/archive"');
    expect(home.html).toContain('href="/platform/backups"');
    let page = await admin.get("/platform/archive");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/platform/archive" aria-current="page"');
    expect(rows(page.html)).toBe(3);

    page = await admin.get("/platform/archive?q=quyet+dinh+36");
    expect(rows(page.html)).toBe(1);
    const body = text(page.html);
    expect(body).toContain("Quyết định số 36/2026/QĐ-UBND về quản lý Cổng thông tin điện tử");
    expect(body).toContain("Văn bản quy phạm pháp luật");
    expect(body).toContain("Vĩnh viễn");
    // 03:00 UTC is 10:00 in Vietnam
    expect(body).toContain("02/03/2026 10:00");
    expect(page.html).toContain('value="quyet dinh 36"');

    page = await admin.get("/platform/archive?portalId=stttt");
    expect(rows(page.html)).toBe(1);
    expect(text(page.html)).toContain("Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026");
    // Vietnam days, both ends included: 05/03/2026 holds the two items of 10:00 that day
    page = await admin.get("/platform/archive?from=05/03/2026&to=05/03/2026");
    expect(rows(page.html)).toBe(2);
    expect(text(page.html)).toContain("05/03/2026 10:00");
    // a 5-year item says when it expires
    expect(text(page.html)).toContain("5 năm hết hạn 05/03/2031 10:00");

    page = await admin.get("/platform/archive?from=31/02/2026&to=01/01/2026");
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/id="from-error"[^>]*>Ngày không hợp lệ \(dd\/MM\/yyyy\)\./);
    expect(page.html).toContain('value="31/02/2026"');
    page = await admin.get("/platform/archive?from=05/03/2026&to=01/03/2026");
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/id="to-error"[^>]*>“Đến ngày” phải sau hoặc bằng “Từ ngày”\./);
    expect(page.html).not.toContain("<tbody>");
  });

  it("places a legal hold with a reason (too short: said beside the field); the hold blocks the expiry", async () => {
    let page = await admin.get("/platform/archive?q=tuyen+dung");
    const link = /<a href="(\/platform\/archive\/items\/[^"]+\/hold\?[^"]+)"/
      .exec(page.html)?.[1]
      ?.replaceAll("&amp;", "&");
    expect(link).toContain(`/platform/archive/items/${recruit.itemId}/hold?`);
    page = await admin.get(link ?? "");
    expect(page.status).toBe(200);
    expect(text(page.html)).toContain("Tạm giữ mục lưu trữ");
    expect(text(page.html)).toContain("Thông báo tuyển dụng viên chức huyện Tân Yên năm 2026");
    expect(text(page.html)).toContain("Mục bị tạm giữ không bị xoá khi hết thời hạn lưu trữ");
    const form = {
      _csrf: Agent.csrf(page),
      action: "place",
      portalId: "tanyen",
      title: recruit.data.snapshot.locales.vi?.title ?? "",
      back: /name="back" value="([^"]+)"/.exec(page.html)?.[1]?.replaceAll("&amp;", "&") ?? "",
    };
    expect(form.back).toBe("/platform/archive?q=tuyen+dung");
    page = await admin.post(`/platform/archive/items/${recruit.itemId}/hold`, { ...form, reason: "TTr" });
    expect(page.status).toBe(422);
    expect(page.html).toMatch(/id="reason-error"[^>]*>Nhập lý do, ít nhất 5 ký tự/);
    expect(page.html).toContain(">TTr</textarea>");
    expect((await record(recruit.itemId))?.hold ?? null).toBeNull();

    const reason = "Phục vụ thanh tra theo Quyết định số 12/QĐ-TTr ngày 01/12/2026";
    page = await admin.post(`/platform/archive/items/${recruit.itemId}/hold`, { ...form, reason });
    expect(page.status).toBe(200);
    expect(new URL(page.url).pathname + new URL(page.url).search).toBe("/platform/archive?q=tuyen+dung");
    expect(text(page.html)).toContain(
      "Đã tạm giữ “Thông báo tuyển dụng viên chức huyện Tân Yên năm 2026”. Mục sẽ không bị xoá khi hết hạn",
    );
    expect(text(page.html)).toContain("Đang tạm giữ");
    expect((await record(recruit.itemId))?.hold).toMatchObject({ reason, by: { username: adminName } });
    const audit = await arch.archive.deps.audit.find({ itemId: recruit.itemId }).toArray();
    expect(audit.map((x) => [x.action, x.by.username, x.reason])).toEqual([
      ["hold.placed", adminName, reason],
    ]);

    page = await admin.get("/platform/archive/holds");
    expect(rows(page.html)).toBe(1);
    expect(text(page.html)).toContain(reason);
    expect(text(page.html)).toMatch(
      new RegExp(`${adminName.replace(".", "\\.")}, lúc \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}`),
    );

    // five years on: the news of the same day expires, the held one stays
    arch.clock.set("2031-03-06T01:00:00Z");
    const run = await arch.archive.deps.scheduler.runOnce();
    expect(run.lastResult).toEqual({ expired: 1, held: 1, failed: 0 });
    expect((await record(recruit.itemId))?.state).toBe("published");
    expect((await record(meeting.itemId))?.state).toBe("expired");
    page = await admin.get("/platform/archive/expired");
    expect(rows(page.html)).toBe(1);
    expect(text(page.html)).toContain("Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026");
    expect(text(page.html)).toContain(
      "Lần rà soát hết hạn gần nhất: 06/03/2031 08:00; 1 mục hết hạn, 1 mục được giữ lại vì đang tạm giữ.",
    );
    page = await admin.get("/platform/archive/expiring");
    expect(rows(page.html)).toBe(1);
    expect(text(page.html)).toContain("Thông báo tuyển dụng viên chức huyện Tân Yên năm 2026");
    expect(text(page.html)).toContain("05/03/2031 10:00");
    // an expiry window of Vietnam days that holds none
    page = await admin.get("/platform/archive/expiring?from=01/01/2040");
    expect(text(page.html)).toContain("Không có mục nào sắp hết hạn trong khoảng này.");
    // an expired item cannot be held: no link on its row
    expect((await admin.get("/platform/archive?portalId=stttt")).html).not.toContain(
      `/items/${meeting.itemId}/hold`,
    );
  });

  it("lifts the hold with a reason, recorded in archive's log", async () => {
    let page = await admin.get("/platform/archive/holds");
    const link = /<a href="(\/platform\/archive\/items\/[^"]+\/hold\?[^"]+)"/
      .exec(page.html)?.[1]
      ?.replaceAll("&amp;", "&");
    page = await admin.get(link ?? "");
    expect(text(page.html)).toContain("Gỡ tạm giữ mục lưu trữ");
    expect(text(page.html)).toContain("Phục vụ thanh tra theo Quyết định số 12/QĐ-TTr ngày 01/12/2026");
    expect(page.html).toContain('id="release"');
    const reason = "Đã kết thúc thanh tra theo Kết luận số 05/KL-TTr";
    page = await admin.post(`/platform/archive/items/${recruit.itemId}/hold`, {
      _csrf: Agent.csrf(page),
      action: "release",
      portalId: "tanyen",
      title: recruit.data.snapshot.locales.vi?.title ?? "",
      back: "/platform/archive/holds",
      reason,
    });
    expect(new URL(page.url).pathname).toBe("/platform/archive/holds");
    expect(text(page.html)).toContain(
      "Đã gỡ tạm giữ “Thông báo tuyển dụng viên chức huyện Tân Yên năm 2026”.",
    );
    expect(text(page.html)).toContain("Không có mục nào đang bị tạm giữ.");
    expect((await record(recruit.itemId))?.hold ?? null).toBeNull();
    const audit = await arch.archive.deps.audit.find({ itemId: recruit.itemId }).sort({ at: 1 }).toArray();
    expect(audit.map((x) => x.action)).toEqual(["hold.placed", "hold.released"]);
    expect(audit[1]?.reason).toBe(reason);
  });

  it("verifies the hash chain: the run's page and its result; a 409 leads to the running one", async () => {
    let page = await admin.get("/platform/archive/verify");
    expect(text(page.html)).toContain("Mỗi bản xuất bản được lưu vào kho và nối vào một chuỗi băm");
    expect(page.html).toContain('id="verify-start"');
    page = await admin.post("/platform/archive/verify", { _csrf: Agent.csrf(page), portalId: "" });
    const id = /\/platform\/archive\/verify\/(v[0-9a-z]+-[0-9a-f]{8})$/.exec(page.url)?.[1] ?? "";
    expect(id).not.toBe("");
    // as the progress island asks: the bar's figures as JSON, until the run ended
    const figures = await waitFor(
      async () => {
        const f = (await (
          await admin.get(`/platform/archive/verify/${id}`, { accept: "application/json" })
        ).html) as string;
        const j = JSON.parse(f) as { running: boolean; done: number; total: number; text: string };
        return j.running ? null : j;
      },
      { what: "the verification to end" },
    );
    expect(figures).toEqual({ running: false, done: 3, total: 3, text: "Đã kiểm tra 3/3 bản lưu (100%)." });
    page = await admin.get(`/platform/archive/verify/${id}`);
    expect(page.status).toBe(200);
    const body = text(page.html);
    expect(body).toContain("Kết quả kiểm tra chuỗi băm");
    expect(body).toContain("Chuỗi băm nguyên vẹn: đã kiểm tra 3 bản lưu, không có sai lệch nào.");
    expect(body).toContain(`Người chạy ${adminName}`);
    expect(body).toContain("Phạm vi Toàn bộ kho lưu trữ");
    expect(page.html).not.toContain("<progress");

    // a run of tanyen going on another replica: the start is 409 and the page is the running one's
    const runId = `v${Date.now().toString(36)}-0badc0de`;
    const now = new Date();
    await arch.archive.runs.runs.insertOne({
      _id: runId,
      scope: "tanyen",
      portalId: "tanyen",
      status: "running",
      checked: 1,
      total: 3,
      problems: 0,
      firstBreak: null,
      mediaChecked: 0,
      mediaMissing: 0,
      error: null,
      startedBy: { id: "u-1", username: "platform.admin" },
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
    });
    await arch.archive.svc.db
      ?.collection<{ _id: string; runId: string; at: Date }>("jobs")
      .insertOne({ _id: "chain-verification-run:tanyen", runId, at: now });
    page = await admin.post("/platform/archive/verify", { _csrf: Agent.csrf(page), portalId: "tanyen" });
    expect(new URL(page.url).pathname).toBe(`/platform/archive/verify/${runId}`);
    expect(text(page.html)).toContain("Đang có một lần kiểm tra cho phạm vi này, chưa bắt đầu lần mới.");
    expect(text(page.html)).toContain("Đang kiểm tra chuỗi băm");
    expect(page.html).toMatch(/<progress id="run-progress-bar" max="3" value="1"[^>]*>33%<\/progress>/);
    expect(page.html).toContain('<label class="label" for="run-progress-bar"');
    expect(text(page.html)).toContain("Đã kiểm tra 1/3 bản lưu (33%).");
    expect(page.html).toContain(`data-progress-url="/platform/archive/verify/${runId}"`);
    expect(page.html).toMatch(/<script[^>]+src="\/static\/progress\.[0-9a-f]+\.js"/);
    // without JavaScript: a link that loads the page again
    expect(page.html).toContain(`href="/platform/archive/verify/${runId}" id="run-progress-refresh"`);
    // the verify page links the run last seen
    expect((await admin.get("/platform/archive/verify")).html).toContain(
      `href="/platform/archive/verify/${runId}"`,
    );
    expect((await admin.get("/platform/archive/verify/v00000000-00000000")).status).toBe(404);
  });
});

describe("the backups (issue 19 screen 4, R-BACKUP)", () => {
  it("lists the last backups with time, size, contents and verification, and the job's status", async () => {
    const page = await admin.get("/platform/backups");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/platform/backups" aria-current="page"');
    const body = text(page.html);
    expect(body).toContain("Các bản sao lưu gần nhất");
    expect(body).toContain("Đã kiểm tra, khớp");
    expect(body).toMatch(/12 bản ghi trong 1 bảng; \d+ tệp/);
    expect(body).toMatch(/\d+(,\d)? (B|kB|MB)/);
    expect(body).toContain("Lần sao lưu thành công gần nhất");
    expect(body).toMatch(/Số lần thất bại liên tiếp 0/);
    // the backup's time in Vietnam time, from its id's UTC stamp
    const [d, h] = backupId.split("T");
    const at = new Date(`${d}T${(h ?? "").slice(0, 8).replaceAll("-", ":")}Z`);
    const vn = new Date(at.getTime() + 7 * 3_600_000);
    const pad = (n: number) => String(n).padStart(2, "0");
    expect(body).toContain(`${pad(vn.getUTCDate())}/${pad(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`);
  });
});

describe("the auditor and others (issue 19 screen 6)", () => {
  it("the auditor sees every page with no action; forced POSTs are refused in Vietnamese", async () => {
    const auditor = new Agent(a.url);
    const home = await auditor.signIn("auditor");
    expect(home.html).toContain('href="/platform/archive"');
    for (const p of [
      "/platform/archive",
      "/platform/archive/holds",
      "/platform/archive/expiring",
      "/platform/archive/expired",
      "/platform/archive/verify",
      "/platform/backups",
    ]) {
      const page = await auditor.get(p);
      expect(page.status).toBe(200);
      const main = mainOf(page.html);
      expect(main).not.toMatch(/<form[^>]+method="post"/);
      expect(main).not.toContain("/hold?");
      expect(main).not.toContain('id="verify-start"');
      expect(main).not.toContain('/drills"');
      expect(text(main)).toContain("Bạn đang xem với vai trò Kiểm tra, giám sát: chỉ được xem");
    }
    expect(rows((await auditor.get("/platform/archive")).html)).toBe(3);
    // the hold page shows the item without its form
    let page = await auditor.get(
      `/platform/archive/items/${recruit.itemId}/hold?portalId=tanyen&title=${encodeURIComponent(recruit.data.snapshot.locales.vi?.title ?? "")}`,
    );
    expect(page.status).toBe(200);
    expect(mainOf(page.html)).not.toMatch(/<form[^>]+method="post"/);
    const csrf = Agent.csrf(page);
    // archive would take an auditor's hold: the admin refuses it
    page = await auditor.post(`/platform/archive/items/${recruit.itemId}/hold`, {
      _csrf: csrf,
      action: "place",
      portalId: "tanyen",
      title: recruit.data.snapshot.locales.vi?.title ?? "",
      reason: "Kiểm tra theo kế hoạch năm 2031",
    });
    expect(page.status).toBe(403);
    expect(text(page.html)).toContain(
      "Tài khoản của bạn chỉ được xem kho lưu trữ, không tạm giữ hay gỡ tạm giữ được.",
    );
    expect((await record(recruit.itemId))?.hold ?? null).toBeNull();
    // archive refuses their verification and their drill
    const runs = await arch.archive.runs.runs.countDocuments({});
    page = await auditor.post("/platform/archive/verify", { _csrf: csrf, portalId: "" });
    expect(page.status).toBe(403);
    expect(text(page.html)).toContain("Tài khoản của bạn không được chạy kiểm tra chuỗi băm.");
    expect(await arch.archive.runs.runs.countDocuments({})).toBe(runs);
  });

  it("a board member has no archive or backups menu and gets the 403 page", async () => {
    const agent = new Agent(a.url);
    const home = await agent.signIn("tanyen.board-member");
    expect(home.html).not.toContain('href="/platform/archive"');
    expect(home.html).not.toContain('href="/platform/backups"');
    expect((await agent.get("/platform/archive")).status).toBe(403);
    expect((await agent.get("/platform/backups")).status).toBe(403);
    expect((await agent.get("/platform/archive/verify")).status).toBe(403);
  });
});
