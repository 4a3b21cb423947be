// R-BACKUP on the REAL servers: the last backups as the admin's backup screen reads them
// (`GET /backups`). The backup job (the CLI, another process) writes each backup's summary.json
// beside its manifest and records its check against the manifest there; the serving archive, with
// the same BACKUP_TARGET, lists them newest first with the manifest's own figures and the state of
// that check: verified, unverified (not checked yet), failed (with why), or — for a backup from
// before summaries — as status.json says.
import fs from "node:fs";
import path from "node:path";
import { runBackup } from "../src/backup/backup";
import type { BackupManifest } from "../src/backup/manifest";
import { readBackupStatus } from "../src/backup/status";
import { openTarget } from "../src/backup/target";
import { backupScene, body, cli, env, published, type RunningArchive, token } from "./fixtures";

describe("the backups for the admin's backup screen (R-BACKUP)", () => {
  let a: RunningArchive;
  let admin: string;
  let auditor: string;
  const { dir, portalDb, mongo, setUp, tearDown } = backupScene("backups", "tanyen", 40);
  const list = async (who: string, query = "") => {
    const res = await fetch(`${a.base}/backups${query}`, { headers: { authorization: `Bearer ${who}` } });
    return { status: res.status, type: res.headers.get("content-type") ?? "", body: await body(res) };
  };
  const manifestOf = (id: string) =>
    JSON.parse(fs.readFileSync(path.join(dir, id, "manifest.json"), "utf8")) as BackupManifest;
  let verifiedId = "";
  let uncheckedId = "";

  beforeAll(async () => {
    a = await setUp();
    await a.archive.store.archivePublished(published("tanyen").data);
    [admin, auditor] = await Promise.all([token("platform.admin"), token("auditor")]);
  });
  afterAll(async () => {
    await tearDown(a);
  });

  it("R-BACKUP: before any backup the list is empty, and says the target is configured", async () => {
    const r = await list(auditor);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      configured: true,
      items: [],
      status: { lastRunAt: null, consecutiveFailures: 0 },
    });
  });

  it("R-BACKUP: the last backups, newest first, with the manifest's figures and whether each was verified", async () => {
    const r = cli(["backup", "--target", dir], {
      MONGO_URL: env.MONGO_URL,
      BACKUP_DATABASES: portalDb,
      BACKUP_BUCKETS: a.bucket,
    });
    expect(r.status).toBe(0);
    verifiedId = r.stdout.trim();
    // a backup written but not checked yet (the job stopped between the two)
    const m = await runBackup({
      mongo,
      s3: a.archive.s3,
      target: openTarget(dir, () => a.archive.s3),
      databases: [portalDb],
      buckets: [a.bucket],
    });
    uncheckedId = m.id;
    const status = await readBackupStatus(openTarget(dir, () => a.archive.s3));
    const got = await list(admin);
    expect(got.status).toBe(200);
    expect(got.body.items.map((i: { id: string }) => i.id)).toEqual([uncheckedId, verifiedId]);
    for (const [item, id] of [
      [got.body.items[0], uncheckedId],
      [got.body.items[1], verifiedId],
    ] as const) {
      const man = manifestOf(id);
      expect(item).toMatchObject({
        id,
        createdAt: man.createdAt,
        bytes: man.totals.bytes,
        documents: 40,
        objects: man.totals.objects,
        collections: 1,
        databases: [portalDb],
        buckets: [a.bucket],
        encrypted: false,
      });
      // the archived revision and its manifest copy
      expect(item.objects).toBe(2);
    }
    expect(got.body.items[0].verification).toEqual({ state: "unverified", at: null, error: null });
    expect(got.body.items[1].verification).toEqual({
      state: "verified",
      at: status.lastVerifiedAt,
      error: null,
    });
    expect(got.body.status).toMatchObject({
      lastBackupId: verifiedId,
      lastVerifiedId: verifiedId,
      consecutiveFailures: 0,
    });
    // limit: the newest only
    expect((await list(auditor, "?limit=1")).body.items.map((i: { id: string }) => i.id)).toEqual([
      uncheckedId,
    ]);
  });

  it("R-BACKUP: a damaged backup fails verify-backup, and the list says failed and why", async () => {
    const man = manifestOf(uncheckedId);
    const file = man.files.find((f) => f.kind === "collection");
    fs.truncateSync(path.join(dir, uncheckedId, file?.path ?? ""), 10);
    const r = cli(["verify-backup", "--target", dir, "--from", uncheckedId], { MONGO_URL: env.MONGO_URL });
    expect(r.status).toBe(1);
    const item = (await list(admin)).body.items[0];
    expect(item.id).toBe(uncheckedId);
    expect(item.verification.state).toBe("failed");
    expect(item.verification.error).toContain(file?.path);
    expect(Date.parse(item.verification.at)).toBeGreaterThan(Date.parse(man.createdAt));
  });

  it("R-BACKUP: a backup being written is left out; one from before summaries is read from its manifest and status.json", async () => {
    fs.mkdirSync(path.join(dir, "9999-12-31T00-00-00-000Z-abcdef", "db"), { recursive: true });
    fs.rmSync(path.join(dir, verifiedId, "summary.json"));
    const items = (await list(auditor)).body.items;
    expect(items.map((i: { id: string }) => i.id)).toEqual([uncheckedId, verifiedId]);
    expect(items[1]).toMatchObject({ documents: 40, collections: 1, verification: { state: "verified" } });
  });

  it("R-BACKUP: only platform admins and auditors (a portal's board: 403); a limit not 1–50 in digits or another parameter is 422", async () => {
    const board = await list(await token("tanyen.board-member"));
    expect(board.status).toBe(403);
    expect(board.type).toContain("application/problem+json");
    expect(board.body).toMatchObject({ code: "forbidden", reason: "realm_role_required" });
    for (const q of ["?limit=51", "?limit=0", "?limit=1e1", "?limit=", "?portalId=tanyen"]) {
      const r = await list(admin, q);
      expect({ q, status: r.status, code: r.body.code }).toEqual({
        q,
        status: 422,
        code: "validation_failed",
      });
    }
  });
});
