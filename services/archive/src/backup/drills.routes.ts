// HTTP of the restore drills (R-BACKUP, the admin's backup screen): start one of a backup (platform
// admins), follow it and list the last ones (platform admins and auditors). The drills are
// drill-runs.ts's, the restore into scratch names drill.ts's.
import { fail } from "@cong/kit";
import { Router } from "express";
import { z } from "zod";
import { parse, withRealmRole } from "../http";
import { BACKUP_ID } from "./backup";
import type { DrillRun, DrillRuns } from "./drill-runs";
import type { BackupManifest } from "./manifest";
import { type BackupTarget, readJsonFile } from "./target";

const LIMIT = "một số nguyên từ 1 đến 50 / a whole number from 1 to 50";
const DrillsQuery = z
  .object({
    limit: z
      .string()
      .regex(/^[1-9]\d?$/, LIMIT)
      .transform(Number)
      .pipe(z.number().max(50, LIMIT))
      .default(10),
  })
  .strict();
const BackupParams = z.object({
  id: z
    .string()
    .regex(
      BACKUP_ID,
      "mã bản sao lưu dạng 2026-11-28T02-05-00-000Z-a1b2c3 / a backup id (YYYY-MM-DDTHH-MM-SS-mmmZ-hhhhhh)",
    ),
});
/** nothing to choose yet: no body, or `{}` */
const DrillBody = z.object({}).strict();

const location = (id: string) => `/backups/drills/${id}`;

/** What a client sees of a drill (the scratch names and the starter's user id stay inside). */
const drillView = (r: DrillRun) => ({
  id: r._id,
  backupId: r.backupId,
  status: r.status,
  done: r.done,
  total: r.total,
  startedBy: { username: r.startedBy.username },
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  collections: r.collections,
  objects: r.objects,
  error: r.error,
});

const unavailable = (cause?: unknown) =>
  fail.unavailable("Không đọc được nơi lưu bản sao lưu / the backup target cannot be read", {
    reason: "backup_target_unavailable",
    ...(cause ? { cause } : {}),
  });

/** `target` null: no BACKUP_TARGET, so no backup to drill (503); the drills recorded are still read. */
export function drillRoutes(drills: DrillRuns, target: BackupTarget | null): Router {
  const r = Router();
  const readers = ["platform-admin", "auditor"] as const;
  const READERS = "Chỉ quản trị nền tảng hoặc kiểm toán / platform-admin or auditor only";

  r.post("/backups/:id/drills", async (req, res) => {
    const p = withRealmRole(
      req,
      ["platform-admin"],
      "Chỉ quản trị nền tảng được chạy diễn tập khôi phục / platform-admin only",
    );
    parse(DrillBody, req.body ?? {});
    const { id } = parse(BackupParams, req.params);
    if (!target) throw unavailable();
    let m: BackupManifest | null;
    try {
      m = await readJsonFile<BackupManifest>(target, `${id}/manifest.json`);
    } catch (e) {
      // a manifest that is there but is not JSON is a backup that cannot be drilled: not found
      if (!(e instanceof SyntaxError)) throw unavailable(e);
      m = null;
    }
    if (m?.format !== "cong-backup/1" || m.id !== id || !Array.isArray(m.files))
      throw fail.notFound("Không có bản sao lưu này / no such backup", { reason: "unknown_backup" });
    const started = await drills.start(target, m, { id: p.userId, username: p.username });
    if ("runningId" in started)
      throw fail.conflict(
        "Đang có một lần diễn tập khôi phục, hãy chờ nó xong / a restore drill is running",
        {
          reason: "drill_running",
          extra: { runningId: started.runningId },
          headers: { location: location(started.runningId) },
        },
      );
    const run = started.run;
    res.status(202).location(location(run._id)).json({
      id: run._id,
      backupId: run.backupId,
      status: run.status,
      done: run.done,
      total: run.total,
    });
  });

  r.get("/backups/drills", async (req, res) => {
    withRealmRole(req, [...readers], READERS);
    const { limit } = parse(DrillsQuery, req.query);
    res.json({ items: (await drills.list(limit)).map(drillView) });
  });

  r.get("/backups/drills/:drillId", async (req, res) => {
    withRealmRole(req, [...readers], READERS);
    const run = await drills.get(String(req.params.drillId));
    if (!run) throw fail.notFound("Không có lần diễn tập này / no such drill", { reason: "unknown_drill" });
    res.json(drillView(run));
  });

  return r;
}
