// HTTP of the backups (R-BACKUP, the admin's backup screen): the last backups with their figures
// and whether each was checked against its manifest (summary.ts), and the backup job's status.
import { fail } from "@cong/kit";
import { Router } from "express";
import { z } from "zod";
import { parse, withRealmRole } from "../http";
import { type BackupSummary, listBackups } from "./summary";
import type { BackupTarget } from "./target";

const LIMIT = "một số nguyên từ 1 đến 50 / a whole number from 1 to 50";
const BackupsQuery = z
  .object({
    limit: z
      .string()
      .regex(/^[1-9]\d?$/, LIMIT)
      .transform(Number)
      .pipe(z.number().max(50, LIMIT))
      .default(20),
  })
  .strict();

const backupView = ({ format: _f, ...s }: BackupSummary) => s;

/** `target` null: no BACKUP_TARGET, the list says so (`configured: false`). */
export function backupRoutes(target: BackupTarget | null): Router {
  const r = Router();

  r.get("/backups", async (req, res) => {
    withRealmRole(
      req,
      ["platform-admin", "auditor"],
      "Chỉ quản trị nền tảng hoặc kiểm toán / platform-admin or auditor only",
    );
    const { limit } = parse(BackupsQuery, req.query);
    if (!target) return void res.json({ configured: false, items: [], status: null });
    let found: Awaited<ReturnType<typeof listBackups>>;
    try {
      found = await listBackups(target, limit);
    } catch (e) {
      throw fail.unavailable("Không đọc được nơi lưu bản sao lưu / the backup target cannot be read", {
        reason: "backup_target_unavailable",
        cause: e,
      });
    }
    const { format: _f, ...status } = found.status;
    res.json({ configured: true, items: found.items.map(backupView), status });
  });

  return r;
}
