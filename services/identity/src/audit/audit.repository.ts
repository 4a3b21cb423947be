// The audit log of every admin action (R-ACCOUNT: operators answer for what their account did).
// One document per action, `_id` = `<portalId|platform>:<ISO time>:<random>`; the action's events
// ride in the same document (the kit's outbox), so an action is recorded and announced together
// or not at all.
//
// The trail is read through keyed index documents (`audit_index`, ADR 0004), so a page costs the
// same at 100 entries and at 200,000: for each portal the entry concerns, and platform-wide
// (ALL_PORTALS),
//   <scope>|a|<at>|<id>              every entry, newest first
//   <scope>|x:<action>|<at>|<id>     by action (the handover list is x:account.handed-over)
//   <scope>|u:<username>|<at>|<id>   by person: the actor's, and the target's when there is one
//   <scope>|u:<username>:x:<action>|<at>|<id>   by person and action
// A username is a key part (`keyPart`, lowercased): it never holds `:` or `|`, so one person's
// range holds no other person's key, nor a key of the same person's by-action facet.
// Entries are immutable, so the keys follow from the document alone: they are claimed before the
// document is written; a key whose entry was never written (a crash) is skipped and later cleared.
import { randomUUID } from "node:crypto";
import type { Actor } from "@cong/contracts";
import {
  ALL_PORTALS,
  claimEntries,
  claimKeys,
  facetPrefix,
  type KeyEntry,
  type KeyedPage,
  keyPart,
  type Logger,
  type Outbox,
  pageThroughKeys,
  queryFingerprint,
  type StagedEvent,
  timeKey,
} from "@cong/kit";
import type { Collection, Db } from "mongodb";

export const AUDIT_ACTIONS = [
  "membership.granted",
  "membership.revoked",
  "focal-officer.appointed",
  "user.invited",
  "invitation.accepted",
  "account.handed-over",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  _id: string;
  /** the portal concerned; null for platform-wide actions */
  portalId: string | null;
  /** every portal the action concerns (a handover may span several) */
  portalIds: string[];
  action: AuditAction;
  actor: Actor;
  target?: { userId: string; username: string };
  details: Record<string, unknown>;
  at: Date;
  requestId?: string;
}

export type NewAuditEntry = Omit<AuditEntry, "_id" | "at" | "portalId"> & { at?: Date };

export interface AuditQuery {
  action?: AuditAction | undefined;
  /** only entries this person did or was the target of (a username) */
  who?: string | undefined;
  /** only entries at or after this instant (the range's lower bound) */
  after?: Date | undefined;
  /** only entries strictly before this instant */
  before?: Date | undefined;
}

/** index entries one list request looks at, at most */
export const AUDIT_SCAN_LIMIT = 1000;
/**
 * One marker per generation of keys: v1 the whole trail and by action, v2 by person. A start that
 * misses any of them scans the collection once and claims every key an entry has (keys already
 * there are left as they are), then sets them all.
 */
const BACKFILLED = ["~backfill:audit-index:v1", "~backfill:audit-index:v2"];

const personFacet = (username: string) => `u:${keyPart(username.toLowerCase())}`;

/** The facet a query reads (without the scope): by person and action, by person, by action, all. */
function facetOf(q: AuditQuery): string {
  if (q.who) return q.action ? `${personFacet(q.who)}:x:${q.action}` : personFacet(q.who);
  return q.action ? `x:${q.action}` : "a";
}

/**
 * Every key of an entry: per portal it concerns and platform-wide, all, by action, and by person
 * (actor and target) alone and with the action.
 */
export function auditKeys(
  e: Pick<AuditEntry, "_id" | "portalIds" | "action" | "at" | "actor" | "target">,
): string[] {
  const tail = `${timeKey(e.at)}|${keyPart(e._id)}`;
  const people = [...new Set([e.actor.username, e.target?.username].filter((u) => !!u) as string[])];
  const facets = [
    "a",
    `x:${e.action}`,
    ...people.flatMap((u) => [personFacet(u), `${personFacet(u)}:x:${e.action}`]),
  ];
  const out: string[] = [];
  for (const scope of [...new Set(e.portalIds), ALL_PORTALS])
    for (const facet of new Set(facets)) out.push(`${facetPrefix(scope, facet)}${tail}`);
  return out;
}

export class AuditRepository {
  readonly coll: Collection<AuditEntry>;
  readonly index: Collection<KeyEntry>;
  constructor(
    db: Db,
    private readonly outbox: Outbox,
    private readonly logger?: Logger,
  ) {
    this.coll = db.collection<AuditEntry>("audit");
    this.index = db.collection<KeyEntry>("audit_index");
  }

  async init(): Promise<void> {
    await this.outbox.track(this.coll as never);
  }

  /** Stores the entry with its events (one write), its index keys claimed first. */
  async record(entry: NewAuditEntry, events: StagedEvent[] = []): Promise<AuditEntry> {
    const at = entry.at ?? new Date();
    const portalId = entry.portalIds[0] ?? null;
    const doc: AuditEntry = {
      ...entry,
      _id: `${portalId ?? "platform"}:${at.toISOString()}:${randomUUID().slice(0, 8)}`,
      portalId,
      at,
    };
    await claimKeys(this.index, doc._id, auditKeys(doc));
    await this.outbox.insertOne(this.coll, doc, events);
    return doc;
  }

  /**
   * A page of the entries concerning a portal (or, with ALL_PORTALS, every entry), newest first,
   * optionally of one action, of one person (actor or target), at or after an instant and before
   * one. One facet is read, within the time bounds; a request looks at no more than
   * AUDIT_SCAN_LIMIT keys.
   */
  async list(
    portalId: string,
    q: AuditQuery,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<KeyedPage<AuditEntry>> {
    const prefix = facetPrefix(portalId, facetOf(q));
    return pageThroughKeys<AuditEntry>({
      index: this.index,
      prefix,
      dir: -1,
      // keys of entries at `before` or later sort at or above `<prefix><before>`; those of entries
      // at `after` or later above `<prefix><after>` (a key goes on with `|<id>`)
      bounds: {
        ...(q.before ? { below: timeKey(q.before) } : {}),
        ...(q.after ? { above: timeKey(q.after) } : {}),
      },
      query: queryFingerprint({
        portalId,
        action: q.action,
        who: q.who,
        after: q.after?.toISOString(),
        before: q.before?.toISOString(),
      }),
      cursor: page.cursor,
      limit: page.limit,
      budget: AUDIT_SCAN_LIMIT,
      load: async (ids) => {
        const docs = await this.coll
          .find(
            portalId === ALL_PORTALS ? { _id: { $in: ids } } : { _id: { $in: ids }, portalIds: portalId },
            { projection: { _outbox: 0 } },
          )
          .toArray();
        return new Map(docs.map((d) => [d._id, d]));
      },
      current: (e, doc) => auditKeys(doc).includes(e._id),
      onGarbage: (keys) => {
        void this.index.deleteMany({ _id: { $in: keys } }).catch((err: unknown) => {
          this.logger?.warn({ err }, "removing leftover audit index keys failed");
        });
      },
    });
  }

  /**
   * First start after an upgrade that adds keys: the keys of every existing entry, then the
   * markers (idempotent; one scan of the collection, once per generation of keys).
   */
  async backfill(): Promise<number> {
    const done = await this.index.find({ _id: { $in: BACKFILLED } }, { projection: { _id: 1 } }).toArray();
    if (done.length === BACKFILLED.length) return 0;
    let n = 0;
    let batch: { _id: string; i: string }[] = [];
    const flush = async () => {
      await claimEntries(this.index, batch, new Date(), { refresh: false });
      batch = [];
    };
    for await (const doc of this.coll.find({}, { projection: { _outbox: 0, details: 0 } })) {
      for (const k of auditKeys(doc)) batch.push({ _id: k, i: doc._id });
      if (++n % 250 === 0) await flush();
    }
    await flush();
    await claimKeys(this.index, "", BACKFILLED);
    return n;
  }
}
