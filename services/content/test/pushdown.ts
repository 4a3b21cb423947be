// Proves that what the service asks the database costs the same at any size: every command the
// service sends while a test runs its requests is recorded (the driver's command monitoring), and
// each filter is explained on the REAL server. On our FerretDB build (infra/local/ferretdb) a
// filter must be evaluated by SQLite with the `_id` index (`filterPushdown`), and a page of a key
// range must have its sort and limit in SQL too (`sortPushdown`, `limitPushdown`) — otherwise the
// server reads the whole collection or the whole range. On MongoDB the plan must use the `_id`
// index and never COLLSCAN. See infra/local/test/mongo-pushdown.test.ts for the server side.
import type { Service } from "@cong/kit";
import type { Db, Document } from "mongodb";

export interface Query {
  command: string;
  collection: string;
  filter: Document;
  sort?: Document;
  limit?: number;
}

/** Records the queries the service sends (a MONGO_URL with `monitorCommands=true` is needed). */
export function watchQueries(svc: Service) {
  const client = svc.mongo?.getClient();
  if (!client?.options.monitorCommands) throw new Error("start the service with ?monitorCommands=true");
  const seen: Query[] = [];
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
      for (const u of c.updates ?? []) seen.push({ command: name, collection, filter: u.q });
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
    stop(): Query[] {
      on = false;
      return [...seen];
    },
  };
}

/**
 * Background work of the kit that is not part of a request: the outbox sweeper looks for events
 * a dead writer left (`_outbox.time`), every 30 s. It is a scan (packages/kit), reported separately.
 */
const background = (q: Query) => JSON.stringify(q.filter).includes('"_outbox.time"');

/** The queries that would read more than their answer: [] when everything is flat. */
export async function unflat(db: Db, queries: Query[]): Promise<{ query: Query; plan: Document }[]> {
  const info = await db.admin().command({ buildInfo: 1 });
  const ferret = "ferretdbVersion" in info || "ferretdb" in info;
  const bad: { query: Query; plan: Document }[] = [];
  const distinct = new Map<string, Query>();
  for (const q of queries) if (!background(q)) distinct.set(JSON.stringify(q), q);
  // a query of a collection that does not exist reads nothing (e.g. deleting a schedule never made)
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
        typeof q.filter._id === "object" && q.filter._id && ("$gt" in q.filter._id || "$lt" in q.filter._id);
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
