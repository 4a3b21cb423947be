// R-RETAIN against the real servers: with the clock five years on, a limited-5y news item expires
// (content.expired arrives on Kafka through the outbox and validates against its contract), while
// a permanent legal document published the same day and a limited item under legal hold stay.
// The tamper-evident archive: every revision is stored and chained; changing one byte of a
// snapshot makes `verify` fail and name the object. Staff search is diacritics-insensitive.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ContentExpired, ContentUnpublished, createEvent } from "@cong/contracts";
import {
  body as json,
  published,
  type RunningArchive,
  readEvents,
  startArchive,
  token,
  waitFor,
} from "./fixtures";

describe("archive: retention, legal hold, tamper-evident archive (R-RETAIN)", () => {
  let a: RunningArchive;
  let auditor: string;
  let admin: string;
  let sttttBoard: string;
  let tanyenBoard: string;
  const news = published("stttt", {
    retentionClass: "limited-5y",
    kind: "article",
    title: "Hội nghị chuyển đổi số năm 2026",
  });
  const legal = published("stttt", {
    retentionClass: "permanent",
    kind: "legal-document",
    categoryIds: ["cat-van-ban-phap-luat"],
    title: "Quyết định số 36/2026/QĐ-UBND về quản lý cổng thông tin",
  });
  const heldNews = published("stttt", {
    retentionClass: "limited-5y",
    title: "Thông báo tuyển dụng viên chức",
  });
  const withdrawn = published("stttt", {
    retentionClass: "limited-5y",
    title: "Lịch tiếp công dân tháng 12",
  });

  beforeAll(async () => {
    a = await startArchive("archive-ret");
    [auditor, admin, sttttBoard, tanyenBoard] = await Promise.all([
      token("auditor"),
      token("platform.admin"),
      token("stttt.board-member"),
      token("tanyen.board-member"),
    ]);
    for (const p of [news, legal, heldNews, withdrawn]) await a.publish(p.event);
    await a.publish(
      createEvent(
        ContentUnpublished,
        {
          itemId: withdrawn.itemId,
          portalId: "stttt",
          revision: 1,
          unpublishedAt: "2026-12-01T03:00:00Z",
          unpublishedBy: { id: "u-1", username: "stttt.board-member" },
          mode: "withdrawn",
          publicReason: "Đã có lịch mới thay thế.",
        },
        { source: "/cong/content" },
      ),
    );
    await waitFor(async () => (await a.archive.store.head()) >= 4, {
      timeoutMs: 90_000,
      what: "4 archived revisions",
    });
    await waitFor(async () => (await a.archive.deps.records.get(withdrawn.itemId))?.state === "unpublished", {
      timeoutMs: 30_000,
      what: "unpublished state",
    });
  });
  afterAll(async () => {
    await a?.close();
  });

  const call = (method: string, path: string, jwt: string, body?: unknown) =>
    fetch(`${a.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${jwt}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  it("serves its OpenAPI document without a token; everything else needs one", async () => {
    const spec = await fetch(`${a.base}/openapi.yaml`);
    expect(spec.status).toBe(200);
    expect(await spec.text()).toContain("openapi: 3.1.0");
    const anon = await fetch(`${a.base}/retention/status`);
    expect(anon.status).toBe(401);
  });

  it("records expiry five years after first publication, none for a permanent item", async () => {
    const n = await a.archive.deps.records.get(news.itemId);
    const l = await a.archive.deps.records.get(legal.itemId);
    expect(n?.expiresAt?.toISOString()).toBe("2031-11-28T02:05:00.000Z");
    expect(n?.categoryIds).toEqual(["cat-tin-tuc-su-kien"]);
    expect(n?.state).toBe("published");
    expect(l?.expiresAt).toBeNull();
    expect(l?.retentionClass).toBe("permanent");
  });

  it("a legal hold needs platform-admin (the auditor only reads) and a reason, and is audited", async () => {
    const byAuditor = await call("PUT", `/items/${heldNews.itemId}/hold`, auditor, {
      reason: "Phục vụ thanh tra theo Quyết định 12/QĐ-TTr",
    });
    expect(byAuditor.status).toBe(403);
    expect((await json(byAuditor)).reason).toBe("realm_role_required");
    const noReason = await call("PUT", `/items/${heldNews.itemId}/hold`, admin, {});
    expect(noReason.status).toBe(422);
    expect(noReason.headers.get("content-type")).toContain("application/problem+json");
    const board = await call("PUT", `/items/${heldNews.itemId}/hold`, sttttBoard, {
      reason: "Đang thanh tra",
    });
    expect(board.status).toBe(403);
    const op = await call("PUT", `/items/${heldNews.itemId}/hold`, admin, { $where: "1", reason: "x" });
    expect(op.status).toBe(400);
    const ok = await call("PUT", `/items/${heldNews.itemId}/hold`, admin, {
      reason: "Phục vụ thanh tra theo Quyết định 12/QĐ-TTr",
    });
    expect(ok.status).toBe(200);
    expect((await json(ok)).hold.reason).toBe("Phục vụ thanh tra theo Quyết định 12/QĐ-TTr");
    const audit = await a.archive.deps.audit.find({ itemId: heldNews.itemId }).toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "hold.placed", by: { username: "platform.admin" } });
    const missing = await call("PUT", "/items/000000000000000000000000/hold", admin, { reason: "Kiểm tra" });
    expect(missing.status).toBe(404);
  });

  it("five years on, the news item expires through the outbox; the legal document and the held item stay", async () => {
    a.clock.set("2031-11-28T20:00:00Z");
    const status = await a.archive.deps.scheduler.runOnce();
    expect(status.lastResult).toEqual({ expired: 2, held: 1, failed: 0 });
    const events = await readEvents(a.kafka, a.prefix, "archive", 2);
    const expired = events.filter((e) => e.type === ContentExpired.type);
    expect(expired.map((e) => e.subject).sort()).toEqual([news.itemId, withdrawn.itemId].sort());
    const ev = expired.find((e) => e.subject === news.itemId);
    expect(ContentExpired.schema.parse(ev?.data)).toMatchObject({
      itemId: news.itemId,
      portalId: "stttt",
      retentionClass: "limited-5y",
      publishedAt: "2026-11-28T02:05:00.000Z",
      expiredAt: "2031-11-28T02:05:00.000Z",
    });
    expect((await a.archive.deps.records.get(news.itemId))?.state).toBe("expired");
    expect((await a.archive.deps.records.get(legal.itemId))?.state).toBe("published");
    expect((await a.archive.deps.records.get(heldNews.itemId))?.state).toBe("published");
    // a second run the same day expires nothing again
    expect((await a.archive.deps.scheduler.runOnce()).lastResult).toEqual({ expired: 0, held: 1, failed: 0 });
  });

  it("watches the scheduler: GET /retention/status and Prometheus metrics", async () => {
    const res = await call("GET", "/retention/status", auditor);
    expect(res.status).toBe(200);
    const s = await json(res);
    expect(s.lastRunAt).toBe("2031-11-28T20:00:00.000Z");
    expect(s.nextRunAt).toBe("2031-11-29T20:00:00.000Z");
    expect(typeof s.lastDurationMs).toBe("number");
    expect(s.failures).toBe(0);
    expect((await call("GET", "/retention/status", sttttBoard)).status).toBe(403);
    const metrics = await a.archive.svc.metrics.registry.metrics();
    expect(metrics).toMatch(/cong_archive_retention_last_run_timestamp_seconds\{[^}]*\} 1953662400/);
    expect(metrics).toContain("cong_archive_retention_next_run_timestamp_seconds");
    expect(metrics).toContain("cong_archive_retention_failures_total");
  });

  it("a missed run is due at start; a run the same day is not", async () => {
    expect(await a.archive.deps.scheduler.isDue()).toBe(false);
    a.clock.set("2031-11-30T21:00:00Z");
    expect(await a.archive.deps.scheduler.isDue()).toBe(true);
    // what start() does: the missed run is caught up once; a second check the same day does nothing
    await a.archive.deps.scheduler.tick();
    expect((await a.archive.deps.scheduler.status()).lastRunAt?.toISOString()).toBe(
      "2031-11-30T21:00:00.000Z",
    );
    a.clock.set("2031-11-30T22:00:00Z");
    await a.archive.deps.scheduler.tick();
    expect((await a.archive.deps.scheduler.status()).lastRunAt?.toISOString()).toBe(
      "2031-11-30T21:00:00.000Z",
    );
  });

  it("staff search is diacritics-insensitive and limited to staff or the portal's board", async () => {
    const res = await call("GET", "/archive/search?portalId=stttt&q=quyet%20dinh%20so%2036", auditor);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.items.map((i: { itemId: string }) => i.itemId)).toEqual([legal.itemId]);
    const cat = await call(
      "GET",
      "/archive/search?portalId=stttt&categoryId=cat-tin-tuc-su-kien",
      sttttBoard,
    );
    expect(cat.status).toBe(200);
    expect((await json(cat)).items).toHaveLength(3);
    expect((await call("GET", "/archive/search?portalId=stttt", tanyenBoard)).status).toBe(403);
    expect((await call("GET", "/archive/search?q=$ne", auditor)).status).toBe(200);
    expect((await call("GET", "/archive/search?portalId[$ne]=x", auditor)).status).toBeGreaterThanOrEqual(
      400,
    );
  });

  it("stores every revision immutably; one changed byte makes verify fail and name the object", async () => {
    const { store, s3 } = a.archive;
    const clean = await store.verify();
    expect(clean).toEqual({ checked: 4, problems: [], media: { checked: 0, missing: [] } });
    const key = `stttt/${news.itemId}/r1.json`;
    const chunks: Buffer[] = [];
    for await (const c of await s3.getObject(a.bucket, key)) chunks.push(c as Buffer);
    const original = Buffer.concat(chunks);
    expect(JSON.parse(original.toString("utf8")).snapshot.locales.vi.title).toBe(
      "Hội nghị chuyển đổi số năm 2026",
    );
    const tampered = Buffer.from(original);
    tampered[10] = (tampered[10] ?? 0) ^ 0x01;
    await s3.putObject(a.bucket, key, tampered, tampered.length);
    const broken = await store.verify();
    expect(broken.problems).toEqual([`s3://${a.bucket}/${key}: content changed (sha256 mismatch)`]);
    // the CLI the operators run: non-zero exit, the object named
    const cli = spawnSync(
      path.join(__dirname, "..", "node_modules", ".bin", "tsx"),
      [path.join(__dirname, "..", "src", "cli.ts"), "verify"],
      {
        env: {
          ...process.env,
          MONGO_URL: a.config.MONGO_URL,
          S3_ENDPOINT: a.config.S3_ENDPOINT,
          S3_ACCESS_KEY: a.config.S3_ACCESS_KEY,
          S3_SECRET_KEY: a.config.S3_SECRET_KEY,
          ARCHIVE_BUCKET: a.bucket,
        },
        encoding: "utf8",
      },
    );
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain(`FAIL s3://${a.bucket}/${key}: content changed`);
    await s3.putObject(a.bucket, key, original, original.length);
    expect((await store.verify()).problems).toEqual([]);
  });
});
