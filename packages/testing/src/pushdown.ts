// Proves that what a service asks the database costs the same at any size (ADR 0004): every
// command the service sends while a test runs its requests is recorded (the driver's command
// monitoring), and each filter is explained on the REAL server. On our FerretDB build a filter
// must be evaluated by SQLite with the `_id` index (`filterPushdown`), and a page of a key range
// must have its sort and limit in SQL too (`sortPushdown`, `limitPushdown`); on MongoDB the plan
// must use the `_id` index and never COLLSCAN. (It takes the driver's client, so any service's tests can use it.)

// the driver's shapes this needs (this package does not depend on the driver)
// biome-ignore lint/suspicious/noExplicitAny: the driver's documents, read loosely here
type Document = Record<string, any>;
interface Explainable {
  sort(s: Document): Explainable;
  limit(n: number): Explainable;
  explain(): Promise<Document>;
  toArray(): Promise<unknown[]>;
}
export interface ExplainingDb {
  admin(): { command(c: Document): Promise<Document> };
  listCollections(f: Document, o: { nameOnly: true }): { toArray(): Promise<{ name: string }[]> };
  collection(name: string): { find(filter: Document): Explainable };
}
export interface MonitoredClient {
  options: { monitorCommands?: boolean };
  on(event: "commandStarted", fn: (ev: { command: Document; commandName: string }) => void): unknown;
}

export interface RecordedQuery {
  command: string;
  collection: string;
  filter: Document;
  sort?: Document;
  limit?: number;
  /** the kit's outbox relay clearing published entries from a document (`$pullAll` of `_outbox`) */
  outbox?: true;
}

/** An update that only takes published entries out of a document's `_outbox` (the relay, moments after a write). */
const outboxCleanup = (u: Document | undefined) =>
  !!u &&
  !Array.isArray(u) &&
  Object.keys(u).length === 1 &&
  Object.keys(u.$pullAll ?? {}).join() === "_outbox";

/** Records the queries sent through `client` (connected with `monitorCommands: true`). */
export function watchQueries(client: MonitoredClient) {
  if (!client.options.monitorCommands) throw new Error("connect with ?monitorCommands=true");
  const seen: RecordedQuery[] = [];
  let on = false;
  client.on("commandStarted", (ev) => {
    if (!on) return;
    const c = ev.command as Document;
    const name = ev.commandName;
    const collection = String(c[name]);
    if (name === "find")
      seen.push({
        command: name,
        collection,
        filter: c.filter ?? {},
        ...(c.sort ? { sort: c.sort } : {}),
        ...(c.limit ? { limit: c.limit } : {}),
      });
    else if (name === "update")
      for (const u of c.updates ?? [])
        seen.push({
          command: name,
          collection,
          filter: u.q,
          ...(outboxCleanup(u.u) ? { outbox: true as const } : {}),
        });
    else if (name === "delete")
      for (const d of c.deletes ?? []) seen.push({ command: name, collection, filter: d.q });
    else if (name === "findAndModify") seen.push({ command: name, collection, filter: c.query });
    else if (["aggregate", "count", "distinct"].includes(name))
      seen.push({ command: name, collection, filter: { $unexplained: name } });
  });
  return {
    start() {
      seen.length = 0;
      on = true;
    },
    stop(): RecordedQuery[] {
      on = false;
      return [...seen];
    },
  };
}

/**
 * The kit's outbox, checked by its own test (packages/kit/test/outbox.test.ts), not here: its pass
 * over a collection staged by an older kit (`_outbox.0`, once per collection and database), the
 * look-up of an event whose write did not pin `_id`, and its markers (`outbox_pending`, always by
 * `_id`; a collection that may be seconds old when a test explains it, before our FerretDB's
 * indexer has given it its `_id` indexes).
 */
export const isOutboxQuery = (q: RecordedQuery) =>
  q.outbox === true || q.collection === "outbox_pending" || JSON.stringify(q.filter).includes('"_outbox.');

/** The queries that would read more than their answer: [] when everything is flat. */
export async function unflat(
  db: ExplainingDb,
  queries: RecordedQuery[],
  /** `outbox: true` checks the outbox's own queries too (the kit's test; the collections settled) */
  opts: { outbox?: boolean } = {},
): Promise<{ query: RecordedQuery; plan: Document }[]> {
  const info = await db.admin().command({ buildInfo: 1 });
  const ferret = "ferretdbVersion" in info || "ferretdb" in info;
  const bad: { query: RecordedQuery; plan: Document }[] = [];
  const distinct = new Map<string, RecordedQuery>();
  for (const q of queries)
    if (!isOutboxQuery(q) || (opts.outbox && (q.collection === "outbox_pending" || q.outbox)))
      distinct.set(JSON.stringify(q), q);
  // a query of a collection that does not exist reads nothing
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const q of distinct.values()) {
    if (!existing.has(q.collection)) continue;
    if (q.filter.$unexplained) {
      bad.push({ query: q, plan: {} });
      continue;
    }
    let cursor = db.collection(q.collection).find(q.filter);
    if (q.sort) cursor = cursor.sort(q.sort);
    if (q.limit) cursor = cursor.limit(q.limit);
    const plan = await cursor.explain();
    const text = JSON.stringify(plan);
    if (ferret) {
      const p = plan as { filterPushdown?: boolean; sortPushdown?: boolean; limitPushdown?: boolean };
      const range =
        typeof q.filter._id === "object" &&
        q.filter._id &&
        ["$gt", "$gte", "$lt", "$lte"].some((op) => op in q.filter._id);
      const ok =
        p.filterPushdown === true &&
        // SQLite's own plan: a SEARCH with the `_id` index, never a SCAN of the table
        /USING INDEX \S+_cong_id/.test(text) &&
        !/detail=SCAN /.test(text) &&
        // a page of a range: sorted and cut in SQL, else the whole range is read
        (!range || !q.limit || (p.sortPushdown === true && p.limitPushdown === true));
      if (!ok)
        bad.push({
          query: q,
          plan: {
            filterPushdown: p.filterPushdown,
            sortPushdown: p.sortPushdown,
            limitPushdown: p.limitPushdown,
          },
        });
    } else if (text.includes("COLLSCAN") || !/IXSCAN|IDHACK|EXPRESS/.test(text)) bad.push({ query: q, plan });
  }
  return bad;
}

/** Waits until our FerretDB's indexer has given each collection its `_id` indexes (≈1 s after creation). */
export async function indexesSettled(
  db: ExplainingDb,
  collections: string[],
  timeoutMs = 10_000,
): Promise<void> {
  const info = await db.admin().command({ buildInfo: 1 });
  if (!("ferretdbVersion" in info || "ferretdb" in info)) return;
  const until = Date.now() + timeoutMs;
  for (const name of collections) {
    for (;;) {
      // a real query first: SQLite re-reads a schema changed by another connection (the indexer)
      // when a statement runs, not when one is only explained
      await db.collection(name).find({ _id: "probe" }).toArray();
      const plan = JSON.stringify(await db.collection(name).find({ _id: "probe" }).explain());
      if (/USING INDEX \S+_cong_id/.test(plan)) break;
      if (Date.now() > until) throw new Error(`no _id index on ${name} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
