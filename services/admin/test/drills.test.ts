// Restore drills (issue 19 screen 4, R-BACKUP) through the admin against the real archive
// (in-process, its own database, bucket and backup folder), content and Keycloak: a real backup
// of a small database and the archive's bucket is taken by archive's backup job; a fresh platform
// admin (one-time code at the first sign-in) starts a drill from the backups list, follows its
// progress (the progress island's JSON) and reads the result — each collection's count equal, the
// files byte-identical —, is told of an unknown backup in Vietnamese, and is led to the running
// drill when archive answers 409 drill_running. The auditor sees the drills with no action, and a
// drill they force through is refused by archive.
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

const PASSWORD = "Cong-Drills-Otp-2026!";
const adminName = `drl-${Date.now().toString(36)}.admin`;
let adminId = "";
let s: Services;
let arch: RunningArchive;
let a: RunningAdmin;
let admin: Agent;
let backupId = "";
let drillPath = "";
const scene = backupScene("admin-drills", "tanyen", 12);

const mainOf = (html: string) => html.slice(html.indexOf("<main"), html.indexOf("</main>"));
const figuresOf = async (agent: Agent, path: string) =>
  JSON.parse((await agent.get(path, { accept: "application/json" })).html) as {
    running: boolean;
    done: number;
    total: number;
    text: string;
  };

beforeAll(async () => {
  s = await startServices("admin-drills");
  arch = await scene.setUp();
  const p = published("tanyen", { title: "Thông báo lịch tiếp công dân tháng 12/2026" });
  await arch.archive.deps.records.onPublished(p.data);
  await arch.archive.store.archivePublished(p.data);
  const r = cli(["backup", "--target", scene.dir], {
    MONGO_URL: archiveEnv.MONGO_URL,
    BACKUP_DATABASES: scene.portalDb,
    BACKUP_BUCKETS: arch.bucket,
  });
  if (r.status !== 0) throw new Error(`backup: ${r.stderr}`);
  backupId = r.stdout.trim();
  a = await startAdmin("admin-drills", s, { ARCHIVE_API_URL: arch.base });
  adminId = await createUser(adminName, PASSWORD, { realmRole: "platform-admin" });
  admin = new Agent(a.url);
  await signInWithAuthenticator(admin, adminName, PASSWORD);
}, 240_000);

afterAll(async () => {
  if (adminId) await kcAdmin("DELETE", `/users/${adminId}`).catch(() => undefined);
  await a?.stop();
  await scene.tearDown(arch).catch(() => undefined);
  await s?.stop();
});

describe("restore drills (issue 19 screen 4, R-BACKUP)", () => {
  it("a platform admin starts a drill of a backup; its progress, then counts equal and files byte-identical", async () => {
    let page = await admin.get("/platform/backups");
    expect(text(page.html)).toContain("Chưa có lần chạy thử khôi phục nào.");
    expect(page.html).toContain(`action="/platform/backups/${backupId}/drills"`);
    page = await admin.post(`/platform/backups/${backupId}/drills`, { _csrf: Agent.csrf(page) });
    drillPath = new URL(page.url).pathname;
    expect(drillPath).toMatch(/^\/platform\/backups\/drills\/d[0-9a-z]+-[0-9a-f]{8}$/);
    // as the progress island asks, until the drill ended
    const ended = await waitFor(
      async () => {
        const f = await figuresOf(admin, drillPath);
        return f.running ? null : f;
      },
      { what: "the drill to end", timeoutMs: 120_000 },
    );
    expect(ended.done).toBe(ended.total);
    expect(ended.text).toBe(`Đã khôi phục ${ended.total}/${ended.total} phần (100%).`);
    page = await admin.get(drillPath);
    expect(page.status).toBe(200);
    const body = text(page.html);
    expect(body).toContain("Kết quả chạy thử khôi phục");
    expect(body).toContain("Khôi phục thử đạt: số bản ghi của mọi bảng khớp, mọi tệp giống hệt từng byte.");
    expect(body).toContain(`Người chạy ${adminName}`);
    expect(page.html).toContain(
      `<td data-label="Cơ sở dữ liệu"><code class="host">${scene.portalDb}</code></td><td data-label="Bảng"><code class="host">items</code></td><td data-label="Trong bản sao lưu" class="num">12</td><td data-label="Đã khôi phục" class="num">12</td>`,
    );
    expect(body).not.toContain("Không khớp");
    expect(body).toMatch(/Giống hệt từng byte (\d+)\/\1/);
    expect(page.html).not.toContain("<progress");
    // the list has it, with its result
    page = await admin.get("/platform/backups");
    expect(page.html).toContain(`href="${drillPath}"`);
    expect(text(page.html)).toMatch(new RegExp(`${adminName.replace(".", "\\.")} Đạt`));
  });

  it("an unknown backup is said as a sentence; a drill running elsewhere (409) leads to its page", async () => {
    let page = await admin.get("/platform/backups");
    page = await admin.post("/platform/backups/2020-01-01T00-00-00-000Z-abcdef/drills", {
      _csrf: Agent.csrf(page),
    });
    expect(page.status).toBe(404);
    expect(text(page.html)).toContain(
      "Không có bản sao lưu này (có thể đã bị xoá theo lịch giữ bản sao lưu).",
    );

    // a drill going on another replica: archive's 409 names it
    const db = arch.archive.svc.db;
    if (!db) throw new Error("no database");
    const runId = `d${Date.now().toString(36)}-0badc0de`;
    const now = new Date();
    await db.collection<{ _id: string } & Record<string, unknown>>("backup_drills").insertOne({
      _id: runId,
      backupId,
      status: "running",
      done: 3,
      total: 12,
      collections: [],
      objects: { expected: 0, restored: 0, identical: 0, mismatched: [] },
      error: null,
      scratch: { databases: [], buckets: [] },
      startedBy: { id: "u-1", username: "platform.admin" },
      startedAt: now,
      updatedAt: now,
      finishedAt: null,
    });
    await db
      .collection<{ _id: string } & Record<string, unknown>>("jobs")
      .insertOne({ _id: "backup-drill-run", runId, at: now });
    page = await admin.post(`/platform/backups/${backupId}/drills`, { _csrf: Agent.csrf(page) });
    expect(new URL(page.url).pathname).toBe(`/platform/backups/drills/${runId}`);
    expect(text(page.html)).toContain("Đang có một lần chạy thử khôi phục, chưa bắt đầu lần mới.");
    expect(text(page.html)).toContain("Đang chạy thử khôi phục");
    expect(page.html).toMatch(/<progress id="run-progress-bar" max="12" value="3"[^>]*>25%<\/progress>/);
    expect(text(page.html)).toContain("Đã khôi phục 3/12 phần (25%).");
    expect(page.html).toContain(`href="/platform/backups/drills/${runId}" id="run-progress-refresh"`);
    expect(await figuresOf(admin, `/platform/backups/drills/${runId}`)).toEqual({
      running: true,
      done: 3,
      total: 12,
      text: "Đã khôi phục 3/12 phần (25%).",
    });
    expect((await admin.get("/platform/backups/drills/d00000000-00000000")).status).toBe(404);
  });

  it("the auditor sees the drills with no action; a forced drill is refused by archive", async () => {
    const auditor = new Agent(a.url);
    await auditor.signIn("auditor");
    let page = await auditor.get("/platform/backups");
    expect(page.status).toBe(200);
    const main = mainOf(page.html);
    expect(main).not.toMatch(/<form[^>]+method="post"/);
    expect(text(main)).toContain("chỉ được xem, không chạy thử khôi phục được");
    expect(main).toContain(`href="${drillPath}"`);
    page = await auditor.get(drillPath);
    expect(text(page.html)).toContain("Khôi phục thử đạt");
    const drills = await arch.archive.svc.db?.collection("backup_drills").countDocuments({});
    page = await auditor.post(`/platform/backups/${backupId}/drills`, { _csrf: Agent.csrf(page) });
    expect(page.status).toBe(403);
    expect(text(page.html)).toContain(
      "Tài khoản của bạn không được chạy thử khôi phục. Chỉ quản trị hệ thống được làm việc này.",
    );
    expect(await arch.archive.svc.db?.collection("backup_drills").countDocuments({})).toBe(drills);
  });
});
