import { uniqueName } from "@cong/testing";
import { snapshotKey } from "../src/archive/store";
import { readBackupStatus } from "../src/backup/status";
import { openTarget } from "../src/backup/target";
import { backupScene, cli, env, published, type RunningArchive } from "./fixtures";

/** The value of an unlabelled (but for `service`) series in the exposition text. */
function gauge(text: string, name: string): number {
  const m = text.match(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, "m"));
  if (!m?.[1]) throw new Error(`${name} is not in the metrics`);
  return Number(m[1]);
}

describe("archive's operations metrics (R-OPS-247)", () => {
  let a: RunningArchive;
  const { dir, portalDb, setUp, tearDown } = backupScene("mon", "stttt", 50);
  const metrics = () => a.archive.svc.metrics.registry.metrics();
  const item = published("stttt");

  beforeAll(async () => {
    a = await setUp();
  });

  afterAll(async () => {
    await tearDown(a);
  });

  it("R-RETAIN: before any verification the chain is not called broken; a passing one sets its time", async () => {
    let m = await metrics();
    expect(gauge(m, "cong_archive_chain_last_verification_timestamp_seconds")).toBe(0);
    expect(gauge(m, "cong_archive_chain_ok")).toBe(1);
    await a.archive.store.archivePublished(item.data);
    const s = await a.archive.verifier.runOnce();
    expect(s.lastResult).toEqual({ checked: 1, problems: 0, mediaChecked: 0, mediaMissing: 0 });
    m = await metrics();
    expect(gauge(m, "cong_archive_chain_last_verification_timestamp_seconds")).toBe(
      Date.parse("2026-11-28T02:05:00Z") / 1000,
    );
    expect(gauge(m, "cong_archive_chain_ok")).toBe(1);
    expect(gauge(m, "cong_archive_chain_problems")).toBe(0);
    expect(gauge(m, "cong_archive_chain_verified_entries")).toBe(1);
    expect(m).toContain("cong_archive_chain_verification_failures_total");
    // verified within the interval: not due again
    expect(await a.archive.verifier.isDue()).toBe(false);
  });

  it("R-RETAIN: a changed archived object turns cong_archive_chain_ok to 0 and names the object", async () => {
    const key = snapshotKey("stttt", item.data.itemId, 1);
    const forged = Buffer.from('{"itemId":"forged"}');
    await a.archive.s3.putObject(a.bucket, key, forged, forged.length);
    a.clock.set("2026-11-29T03:00:00Z");
    expect(await a.archive.verifier.isDue()).toBe(true);
    await a.archive.verifier.tick();
    const s = await a.archive.verifier.status();
    expect(s.lastRunAt?.toISOString()).toBe("2026-11-29T03:00:00.000Z");
    expect(s.lastOkAt?.toISOString()).toBe("2026-11-28T02:05:00.000Z");
    expect(s.lastProblems.join("\n")).toContain(`${key}: content changed`);
    const m = await metrics();
    expect(gauge(m, "cong_archive_chain_ok")).toBe(0);
    expect(gauge(m, "cong_archive_chain_problems")).toBeGreaterThanOrEqual(1);
    expect(gauge(m, "cong_archive_chain_last_verification_timestamp_seconds")).toBe(
      Date.parse("2026-11-29T03:00:00Z") / 1000,
    );
  });

  it("R-RETAIN: the CLI's verify records its result where the service's gauges read it", async () => {
    const r = cli(["verify"], { MONGO_URL: a.config.MONGO_URL, ARCHIVE_BUCKET: a.bucket });
    expect(r.stderr).toContain("1 problems");
    expect(r.status).toBe(2);
    const s = await a.archive.verifier.status();
    // the CLI runs on the system clock: a verification after the service's (fixed 2026) one
    expect(s.lastRunAt?.getTime()).toBeGreaterThan(Date.parse("2026-11-29T03:00:00Z"));
    expect(s.lastResult?.problems).toBe(1);
    const m = await metrics();
    expect(gauge(m, "cong_archive_chain_ok")).toBe(0);
    expect(gauge(m, "cong_archive_chain_last_verification_timestamp_seconds")).toBe(
      (s.lastRunAt?.getTime() ?? 0) / 1000,
    );
  });

  it("R-BACKUP: no backup recorded yet → the backup gauges are 0", async () => {
    const m = await metrics();
    expect(gauge(m, "cong_archive_backup_last_success_timestamp_seconds")).toBe(0);
    expect(gauge(m, "cong_archive_backup_last_verified_timestamp_seconds")).toBe(0);
    expect(gauge(m, "cong_archive_backup_consecutive_failures")).toBe(0);
  });

  it("R-BACKUP: the backup job verifies its backup and the serving archive shows when", async () => {
    const before = Date.now();
    const r = cli(["backup", "--target", dir], {
      MONGO_URL: env.MONGO_URL,
      BACKUP_DATABASES: portalDb,
      BACKUP_BUCKETS: a.bucket,
    });
    expect(r.stderr).toContain("files match the manifest");
    expect(r.status).toBe(0);
    const id = r.stdout.trim();
    const s = await readBackupStatus(openTarget(dir, () => a.archive.s3));
    expect(s.lastBackupId).toBe(id);
    expect(s.lastVerifiedId).toBe(id);
    expect(Date.parse(s.lastVerifiedAt ?? "")).toBeGreaterThanOrEqual(before);
    await a.archive.backups?.status();
    const m = await metrics();
    expect(gauge(m, "cong_archive_backup_last_success_timestamp_seconds")).toBe(
      Date.parse(s.lastSuccessAt ?? "") / 1000,
    );
    expect(gauge(m, "cong_archive_backup_last_verified_timestamp_seconds")).toBe(
      Date.parse(s.lastVerifiedAt ?? "") / 1000,
    );
    expect(gauge(m, "cong_archive_backup_consecutive_failures")).toBe(0);
    // status.json sits beside the backups, not among them
    expect(await openTarget(dir, () => a.archive.s3).list()).toEqual([id]);
  });

  it("R-BACKUP: a failed backup run is counted and leaves the last verified backup as it was", async () => {
    const prev = await readBackupStatus(openTarget(dir, () => a.archive.s3));
    const r = cli(["backup", "--target", dir], {
      MONGO_URL: env.MONGO_URL,
      BACKUP_DATABASES: portalDb,
      BACKUP_BUCKETS: uniqueName("absent"),
    });
    expect(r.status).toBe(1);
    const s = await a.archive.backups?.status();
    expect(s?.consecutiveFailures).toBe(1);
    expect(s?.lastError).toBeTruthy();
    expect(s?.lastVerifiedAt).toBe(prev.lastVerifiedAt);
    const m = await metrics();
    expect(gauge(m, "cong_archive_backup_consecutive_failures")).toBe(1);
    expect(gauge(m, "cong_archive_backup_last_run_timestamp_seconds")).toBeGreaterThan(
      gauge(m, "cong_archive_backup_last_success_timestamp_seconds"),
    );
    expect(gauge(m, "cong_archive_backup_last_verified_timestamp_seconds")).toBe(
      Date.parse(prev.lastVerifiedAt ?? "") / 1000,
    );
  });
});
