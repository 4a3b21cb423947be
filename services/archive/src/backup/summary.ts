// R-BACKUP: a small record of each backup for the admin's backup screen (`GET /backups`), written
// beside its manifest as `<id>/summary.json`: when, how big, how many collections, documents and
// objects (the manifest's own figures), and whether the backup was checked against its manifest
// (`backup` checks the backup it wrote, `verify-backup` any one): verified, failed (with why) or
// unverified (written, not checked yet). A backup from before summaries has its figures read from
// its manifest and its state from status.json (verified when it is the last verified backup,
// unknown otherwise); a folder without a manifest (a backup being written, or one that crashed) is
// left out.
import type { BackupManifest } from "./manifest";
import { type BackupStatus, readBackupStatus } from "./status";
import { type BackupTarget, readJsonFile } from "./target";

export const SUMMARY_FILE = "summary.json";

export type VerificationState = "verified" | "failed" | "unverified" | "unknown";

export interface BackupSummary {
  format: "cong-backup-summary/1";
  id: string;
  createdAt: string;
  /** bytes stored (encrypted when encrypted) */
  bytes: number;
  collections: number;
  documents: number;
  objects: number;
  databases: string[];
  buckets: string[];
  encrypted: boolean;
  verification: { state: VerificationState; at: string | null; error: string | null };
}

export function summaryOf(
  m: BackupManifest,
  verification: BackupSummary["verification"] = { state: "unverified", at: null, error: null },
): BackupSummary {
  return {
    format: "cong-backup-summary/1",
    id: m.id,
    createdAt: m.createdAt,
    bytes: m.totals.bytes,
    collections: m.files.filter((f) => f.kind === "collection").length,
    documents: m.totals.documents,
    objects: m.totals.objects,
    databases: m.databases,
    buckets: m.buckets,
    encrypted: m.encrypted,
    verification,
  };
}

export async function writeSummary(target: BackupTarget, s: BackupSummary): Promise<void> {
  await target.put(`${s.id}/${SUMMARY_FILE}`, Buffer.from(JSON.stringify(s, null, 2)));
}

/** The backup's summary: its summary.json, else made from its manifest; null without a manifest. */
export async function readSummary(
  target: BackupTarget,
  id: string,
  status: BackupStatus | null,
): Promise<BackupSummary | null> {
  const s = await readJsonFile<BackupSummary>(target, `${id}/${SUMMARY_FILE}`);
  if (s?.format === "cong-backup-summary/1" && s.id === id) return s;
  const m = await readJsonFile<BackupManifest>(target, `${id}/manifest.json`);
  if (m?.format !== "cong-backup/1" || m.id !== id) return null;
  return summaryOf(
    m,
    status?.lastVerifiedId === id
      ? { state: "verified", at: status.lastVerifiedAt, error: null }
      : { state: "unknown", at: null, error: null },
  );
}

/** Records a check of a backup against its manifest in its summary (the backup must have a manifest). */
export async function recordCheck(
  target: BackupTarget,
  id: string,
  outcome: { ok: true; at: Date } | { ok: false; at: Date; error: string },
): Promise<void> {
  const s = await readSummary(target, id, null);
  if (!s) return;
  await writeSummary(target, {
    ...s,
    verification: {
      state: outcome.ok ? "verified" : "failed",
      at: outcome.at.toISOString(),
      error: outcome.ok ? null : outcome.error.slice(0, 500),
    },
  });
}

/** folders looked at beyond the limit, at most (incomplete ones are left out) */
const SLACK = 20;

/** The newest `limit` backups, newest first, and the target's status.json. */
export async function listBackups(
  target: BackupTarget,
  limit: number,
): Promise<{ items: BackupSummary[]; status: BackupStatus }> {
  const status = await readBackupStatus(target);
  const ids = (await target.folders()).reverse().slice(0, limit + SLACK);
  const items: BackupSummary[] = [];
  for (const id of ids) {
    if (items.length >= limit) break;
    const s = await readSummary(target, id, status);
    if (s) items.push(s);
  }
  return { items, status };
}
