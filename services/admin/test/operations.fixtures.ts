// What archive's portal probe (R-OPS-247, issue 19 screen 5) would have stored, for the operations
// tests: the portals it knows (content's portal.updated, `portal_names`) and each one's samples of
// its home page (`availability_portals`, `_id` = `<portalId>|<ISO minute>`), one a minute.
import type { RunningArchive } from "../../archive/test/fixtures";

/** `minutes` samples of `portalId` a minute apart, the last a minute before `end`; `failed(n)` the failed ones. */
export async function seedPortalProbe(
  arch: RunningArchive,
  end: Date,
  portals: { id: string; name: string; minutes: number; failed: (n: number) => boolean }[],
): Promise<void> {
  const db = arch.archive.svc.db;
  if (!db) throw new Error("archive has no database");
  for (const p of portals) {
    await db.collection<{ _id: string; [field: string]: unknown }>("portal_names").insertOne({
      _id: p.id,
      name: { vi: p.name },
      agency: { vi: p.name },
      updatedAt: new Date(end.getTime() - 86_400_000),
      host: `${p.id}.bacgiang.gov.vn`,
      active: true,
      categories: [],
      rev: 1,
    });
    if (!p.minutes) continue;
    await db.collection<{ _id: string; [field: string]: unknown }>("availability_portals").insertMany(
      Array.from({ length: p.minutes }, (_, n) => {
        const at = new Date(end.getTime() - (p.minutes - n) * 60_000);
        const ok = !p.failed(n);
        return {
          _id: `${p.id}|${at.toISOString()}`,
          portalId: p.id,
          host: `${p.id}.bacgiang.localhost:3000`,
          at,
          ok,
          ms: ok ? 60 : 10_000,
          status: ok ? 200 : null,
        };
      }),
    );
  }
}
