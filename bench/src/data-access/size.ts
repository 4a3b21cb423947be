// One size: seed (or reuse) the databases, start the services, measure, and explain the queries.

import { monitorEventLoopDelay } from "node:perf_hooks";
import { OUTBOX_PENDING } from "@cong/kit";
import { indexesSettled, type RecordedQuery, unflat, uniqueName } from "@cong/testing";
import type { Db, MongoClient } from "mongodb";
import type { ItemDoc } from "../../../services/content/src/items/item.types";
import type { Media } from "../../../services/media/src/app";
import { fmt } from "../report";

import {
  dbName,
  LIST_ROUNDS,
  MEASURED,
  note,
  RESEED,
  SERVICES,
  type ServiceName,
  SPAN_MS,
  sec,
  seedVersion,
  sleep,
  USERS,
  WRITE_ROUNDS,
} from "./config";
import { deepCursor, listOps, Results, timed, writeRound } from "./measure";
import {
  createPortals,
  type SeedReport,
  seedArchive,
  seedContent,
  seedIdentity,
  seedMedia,
  worldOf,
} from "./seed";
import {
  type Cmd,
  call,
  commands,
  cpuBetween,
  cpuMark,
  expect,
  type Running,
  removeBucket,
  removeTopics,
  startServices,
} from "./services";

// ------------------------------------------------------------------------------------- one size

export interface SizeResult {
  size: number;
  seed: SeedReport;
  reused: boolean;
  starts: Record<string, number>;
  results: Results;
  phases: Record<string, string>;
  loop: Record<string, string>;
  sweeps: Cmd[];
  /** commands no timed request sent (other services, consumers, the relay), per phase */
  background: Record<string, Cmd[]>;
  unflat: string[];
  deepPages: Record<string, number>;
}

/**
 * The seeded documents carry no outbox entries (they are written raw, not through the outbox), so
 * the kit's one pass over a collection for entries staged before markers existed (ADR 0002) has
 * nothing to find: recorded as done, as a fresh installation's first sweep records it, so that the
 * pass does not run during the measurement.
 */
export async function markSeeded(client: MongoClient, size: number): Promise<void> {
  for (const s of SERVICES) {
    const db = client.db(dbName(size, s));
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const pending = db.collection<{ _id: string; d: null; at: Date }>(OUTBOX_PENDING);
    for (const name of names)
      if (name !== OUTBOX_PENDING)
        await pending.updateOne(
          { _id: `!legacy|${name}` },
          { $setOnInsert: { d: null, at: new Date() } },
          { upsert: true },
        );
  }
}

export async function measureSize(client: MongoClient, size: number): Promise<SizeResult> {
  const tag = fmt(size);
  const prefix = `${uniqueName(`bench-da-${size}`)}.`;
  const buckets = {
    media: uniqueName(`bench-da-m${size}`).slice(0, 60),
    archive: uniqueName(`bench-da-a${size}`).slice(0, 60),
  };
  const meta = client.db("bench_data_access_meta").collection<SeedReport>("seeds");
  const kept = RESEED ? null : await meta.findOne({ _id: String(size) });
  const reused = kept?.version === seedVersion(size);
  const phases: Record<string, string> = {};
  const loop: Record<string, string> = {};
  let seed: SeedReport;
  let run: Running | undefined;
  let s3: Media["s3"] | undefined;
  commands.length = 0;
  try {
    if (!reused) {
      await meta.deleteOne({ _id: String(size) });
      for (const s of SERVICES) await client.db(dbName(size, s)).dropDatabase();
      // 1. first start on the empty databases: every first-start backfill runs on nothing
      note(`${tag}: first start on empty databases, portals`);
      const first = await startServices(size, prefix, buckets);
      s3 = first.running.media.s3;
      await createPortals(first.running.urls.content);
      const t0 = Date.now() - SPAN_MS - 86_400_000;
      const world = await worldOf(first.running.urls.content, size, t0);
      await first.running.stop();
      await sleep(1500);
      // 2. the documents and their keyed documents, in bulk
      note(`${tag}: seeding (content, identity, media and archive at once)`);
      const mark = cpuMark();
      const measured: ItemDoc[] = [];
      const dbs = Object.fromEntries(SERVICES.map((s) => [s, client.db(dbName(size, s))])) as Record<
        ServiceName,
        Db
      >;
      const t = performance.now();
      const [content, identity, media, archive] = await Promise.all([
        seedContent(dbs.content, world, tag, (d) => measured.push(d)),
        seedIdentity(dbs.identity, world, tag),
        seedMedia(dbs.media, world, tag),
        seedArchive(dbs.archive, world, tag),
      ]);
      const bulk = performance.now() - t;
      phases.seed = cpuBetween(mark, cpuMark());
      // 3. the services on the seeded databases; the measured portal's category listings
      await markSeeded(client, size);
      const second = await startServices(size, prefix, buckets);
      run = second.running;
      const tl = performance.now();
      const listed = measured
        .filter((d) => d.status === "published")
        .sort((a, b) => (a.firstPublishedAt?.getTime() ?? 0) - (b.firstPublishedAt?.getTime() ?? 0));
      for (const d of listed) {
        const entry = run.content.content.items.listingEntry(d);
        if (entry)
          for (const c of d.live?.categoryIds ?? [])
            await run.content.content.listing.upsert(d.portalId, c, entry);
      }
      const listingsMs = performance.now() - tl;
      seed = {
        _id: String(size),
        version: seedVersion(size),
        at: new Date(),
        t0,
        counts: { ...content.counts, ...identity.counts, ...media.counts, ...archive.counts },
        seconds: [
          { what: "content (items, index, slugs, feedback, comments)", s: content.ms / 1000 },
          { what: "identity (audit entries, keys)", s: identity.ms / 1000 },
          { what: "media (assets, keys)", s: media.ms / 1000 },
          { what: "archive (records, keys)", s: archive.ms / 1000 },
          { what: "all four at once (wall)", s: bulk / 1000 },
          {
            what: `listings of ${MEASURED} (${listed.length} published items, CategoryListing.upsert)`,
            s: listingsMs / 1000,
          },
        ],
      };
      await meta.replaceOne({ _id: String(size) }, seed, { upsert: true });
      return await measureRunning(run, size, seed, false, second.times, phases, loop);
    }
    seed = kept as SeedReport;
    note(`${tag}: reusing the databases seeded ${seed.at.toISOString()}`);
    await markSeeded(client, size);
    const again = await startServices(size, prefix, buckets);
    run = again.running;
    return await measureRunning(run, size, seed, true, again.times, phases, loop);
  } finally {
    if (run) {
      s3 = run.media.s3;
      await run.stop();
    }
    if (s3) for (const b of [buckets.media, buckets.archive]) await removeBucket(s3, b);
    await removeTopics(prefix);
  }
}

export async function measureRunning(
  run: Running,
  size: number,
  seed: SeedReport,
  reused: boolean,
  starts: Record<string, number>,
  phases: Record<string, string>,
  loop: Record<string, string>,
): Promise<SizeResult> {
  const tag = fmt(size);
  for (const s of SERVICES) {
    const names = (await run.dbs[s].listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    await indexesSettled(run.dbs[s] as never, names, 30_000);
  }
  const results = new Results();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  // an item of the portal with a few audit entries (a published one)
  const audited = expect(
    await call(
      run.urls.content,
      "GET",
      `/portals/${MEASURED}/items?state=published&view=summary&limit=1`,
      USERS.board,
    ),
    200,
    "an item",
  ).body.items[0]?.itemId as string;
  note(`${tag}: warm-up`);
  for (let r = 0; r < 3; r++) await writeRound(run, null, -1 - r, size);
  const ops = listOps(audited);
  for (let r = 0; r < 2; r++) for (const op of ops) await call(run.urls[op.svc], "GET", op.path, op.user);

  note(`${tag}: writes, ${WRITE_ROUNDS} rounds`);
  commands.length = 0;
  let mark = cpuMark();
  delay.enable();
  const w0 = performance.now();
  for (let r = 0; r < WRITE_ROUNDS; r++) await writeRound(run, results, r, size);
  delay.disable();
  phases.writes = `${cpuBetween(mark, cpuMark())} (${sec(performance.now() - w0)})`;
  loop.writes = loopText(delay);
  delay.reset();
  const sweepsWrites = commands.filter((c) => c.sweep);
  const background: Record<string, Cmd[]> = { writes: commands.filter((c) => !c.mine && !c.sweep) };

  // deep cursors (not timed)
  const deep = new Map<string, { cursor: string; page: number }>();
  const deepPages: Record<string, number> = {};
  for (const op of ops)
    if (op.deep) {
      const d = await deepCursor(run, op);
      if (d) {
        deep.set(op.name, d);
        deepPages[`${op.name}, deep page`] = d.page;
      }
    }

  note(`${tag}: lists, ${LIST_ROUNDS} rounds`);
  commands.length = 0;
  mark = cpuMark();
  delay.enable();
  const l0 = performance.now();
  for (let r = 0; r < LIST_ROUNDS; r++)
    for (const op of ops) {
      const base = run.urls[op.svc];
      await timed(results, op.name, "list", op.svc, base, "GET", op.path, op.user, undefined, 200, op.rows);
      const d = deep.get(op.name);
      if (d)
        await timed(
          results,
          `${op.name}, deep page`,
          "list",
          op.svc,
          base,
          "GET",
          `${op.path}&${op.cursorParam}=${encodeURIComponent(d.cursor)}`,
          op.user,
          undefined,
          200,
          op.rows,
        );
    }
  delay.disable();
  phases.lists = `${cpuBetween(mark, cpuMark())} (${sec(performance.now() - l0)})`;
  loop.lists = loopText(delay);
  const sweeps = [...sweepsWrites, ...commands.filter((c) => c.sweep)];
  background.lists = commands.filter((c) => !c.mine && !c.sweep);

  // explain() of every distinct query the operations sent
  const bad: string[] = [];
  const bySvc = new Map<ServiceName, RecordedQuery[]>();
  for (const op of results.ops.values())
    for (const q of op.queries.values()) bySvc.set(q.svc, [...(bySvc.get(q.svc) ?? []), q]);
  let explained = 0;
  for (const [svc, qs] of bySvc) {
    explained += qs.length;
    for (const b of await unflat(run.dbs[svc] as never, qs))
      bad.push(
        `${svc} ${b.query.command} ${b.query.collection} ${JSON.stringify(b.query.filter).slice(0, 160)} → ${JSON.stringify(b.plan).slice(0, 200)}`,
      );
  }
  bad.unshift(`${explained} distinct queries explained`);
  return { size, seed, reused, starts, results, phases, loop, sweeps, background, unflat: bad, deepPages };
}

export function loopText(h: ReturnType<typeof monitorEventLoopDelay>): string {
  const ms = (x: number) => fmt(x / 1e6, 1);
  return `p50 ${ms(h.percentile(50))}, p99 ${ms(h.percentile(99))}, max ${ms(h.max)} ms`;
}
