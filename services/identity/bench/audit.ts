// Bench of identity's audit trail (issue 21) at growing sizes, on the local MongoDB-wire server
// (FerretDB v1 with the _id pushdown) or any MONGO_URL: entries spread over 50 portals are stored
// the way `AuditRepository.record` stores them (keys first, then the entry), and at each size the
// p50/p95 of a portal's first page, a deep page (`before`), the handover list (one action) and the
// platform-wide trail are printed, with the query the trail used before (a filter on `portalIds`
// sorted by `at`: a scan) for comparison.
//
//   cd services/identity && pnpm exec tsx bench/audit.ts   (BENCH_SIZES=100,200000 BENCH_ROUNDS=20)
//
// One database per size (`bench_identity_audit_<size>`), dropped at the end (BENCH_KEEP=1 keeps it
// and a later run reuses it).
import { performance } from "node:perf_hooks";
import { claimEntries, type KeyEntry } from "@cong/kit";
import { MongoClient } from "mongodb";
import { type AuditAction, type AuditEntry, AuditRepository, auditKeys } from "../src/audit/audit.repository";

const url = process.env.MONGO_URL ?? "mongodb://127.0.0.1:27017";
const sizes = (process.env.BENCH_SIZES ?? "100,200000").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const PORTALS = Array.from({ length: 50 }, (_, i) => `portal${String(i).padStart(2, "0")}`);
const ACTIONS: AuditAction[] = [
  "membership.granted",
  "membership.revoked",
  "user.invited",
  "invitation.accepted",
  "focal-officer.appointed",
  "account.handed-over",
];
const MEASURED = PORTALS[7] as string;
const START = Date.parse("2026-01-01T00:00:00Z");

function entry(n: number): AuditEntry {
  // the first 40 entries are the measured portal's, so that its pages are full at every size
  const portalId = n < 40 ? MEASURED : (PORTALS[n % PORTALS.length] as string);
  const at = new Date(START + n * 1000);
  return {
    _id: `${portalId}:${at.toISOString()}:${n.toString(16).padStart(8, "0")}`,
    portalId,
    portalIds: [portalId],
    action: ACTIONS[n % ACTIONS.length] as AuditAction,
    actor: { id: "00000000-0000-4000-8000-000000000001", username: "platform.admin" },
    target: { userId: "00000000-0000-4000-8000-000000000002", username: `officer.${n % 997}` },
    details: { role: "contributor" },
    at,
  };
}

async function seed(client: MongoClient, size: number) {
  const db = client.db(`bench_identity_audit_${size}`);
  const have = await db.collection("audit").estimatedDocumentCount();
  if (have >= size) return db;
  const t0 = performance.now();
  for (let from = have; from < size; from += 1000) {
    const docs = Array.from({ length: Math.min(1000, size - from) }, (_, k) => entry(from + k));
    await claimEntries(
      db.collection<KeyEntry>("audit_index"),
      docs.flatMap((d) => auditKeys(d).map((_id) => ({ _id, i: d._id }))),
    );
    await db.collection<AuditEntry>("audit").insertMany(docs, { ordered: false });
    if ((from / 1000) % 20 === 0) process.stderr.write(`  ${size}: ${from + docs.length} entries\n`);
  }
  process.stderr.write(`  ${size}: seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  await new Promise((r) => setTimeout(r, 3000)); // our FerretDB's indexer
  return db;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

async function main() {
  const client = await MongoClient.connect(url);
  const dbs = new Map<number, Awaited<ReturnType<typeof seed>>>();
  for (const size of sizes) dbs.set(size, await seed(client, size));
  const outbox = { track: async () => undefined, insertOne: async () => undefined } as never;
  const cases: Record<string, (repo: AuditRepository, size: number) => Promise<unknown>> = {
    "portal, first page (20)": (repo) => repo.list(MEASURED, {}, { limit: 20 }),
    "portal, deep page (before, 20)": (repo, size) =>
      repo.list(
        MEASURED,
        { before: new Date(START + Math.max(21, Math.floor(size / 4)) * 1000) },
        { limit: 20 },
      ),
    "portal, handovers (5)": (repo) => repo.list(MEASURED, { action: "account.handed-over" }, { limit: 5 }),
    "platform-wide, first page (100)": (repo) => repo.list("~all", {}, { limit: 100 }),
    "before: find({portalIds}).sort({at:-1}).limit(100)": (repo) =>
      repo.coll.find({ portalIds: MEASURED }).sort({ at: -1 }).limit(100).toArray(),
  };
  const times = new Map<string, number[]>();
  const repos = new Map(sizes.map((size) => [size, new AuditRepository(dbs.get(size) as never, outbox)]));
  // sizes interleaved within each case, so load from other work falls on every size alike
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, fn] of Object.entries(cases))
      for (const size of sizes) {
        // the scan is slow at size: a few rounds of it are enough
        if (name.startsWith("before") && round >= 3) continue;
        const t = performance.now();
        await fn(repos.get(size) as AuditRepository, size);
        const key = `${name}@${size}`;
        times.set(key, [...(times.get(key) ?? []), performance.now() - t]);
      }
  console.log(`audit trail, ${PORTALS.length} portals, ms (p50 / p95), ${ROUNDS} rounds`);
  for (const name of Object.keys(cases)) {
    const cols = sizes.map((size) => {
      const xs = times.get(`${name}@${size}`) ?? [];
      return `${size}: ${pct(xs, 50).toFixed(1)} / ${pct(xs, 95).toFixed(1)}`;
    });
    console.log(`  ${name.padEnd(52)} ${cols.join("   ")}`);
  }
  if (process.env.BENCH_KEEP !== "1") for (const db of dbs.values()) await db.dropDatabase();
  await client.close();
}

void main();
