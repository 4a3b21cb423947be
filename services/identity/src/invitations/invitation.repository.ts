// The only code that touches `invitations` and `invitation_index`. An invitation's `_id` is the
// SHA-256 of its link token (the token itself is never stored). Lists read keyed index documents
// (ADR 0004), so a page costs the same at any number of invitations; for the portal an
// invitation is for (if any) and platform-wide (ALL_PORTALS):
//   <scope>|a|<createdAt>|<id>      every invitation, newest first
//   <scope>|o|<expiresAt>|<id>      not accepted yet: pending while expiresAt is ahead, then expired
//   <scope>|ok|<acceptedAt>|<id>    accepted, most recently accepted first
// Keys follow from the document; a write claims the new state's keys first and drops the old
// state's after, and readers check each key against its invitation. The invitation mail rides in
// the invitation's own insert (the kit's outbox, ADR 0007): no invitation without its mail, no
// mail without its invitation.
import type { PortalRole } from "@cong/contracts";
import {
  ALL_PORTALS,
  type Bounds,
  claimEntries,
  facetPrefix,
  type KeyEntry,
  type KeyedPage,
  type Logger,
  OUTBOX_FIELD,
  type Outbox,
  pageThroughKeys,
  queryFingerprint,
  type StagedEvent,
  timeKey,
  withKeys,
} from "@cong/kit";
import type { Collection, Db } from "mongodb";

export interface Invitation {
  /** sha256 of the token */
  _id: string;
  userId: string;
  username: string;
  email: string;
  portalId: string | null;
  role: PortalRole | null;
  invitedBy: { id: string; username: string };
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
}

export const INVITATION_STATUSES = ["pending", "expired", "accepted"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** What an invitation is at `now` (the link stops working once `expiresAt` is past). */
export function statusOf(inv: Invitation, now: Date): InvitationStatus {
  if (inv.acceptedAt) return "accepted";
  return inv.expiresAt.getTime() < now.getTime() ? "expired" : "pending";
}

export function invitationKeys(inv: Invitation): string[] {
  const out: string[] = [];
  const scopes = inv.portalId ? [inv.portalId, ALL_PORTALS] : [ALL_PORTALS];
  for (const scope of scopes) {
    out.push(`${facetPrefix(scope, "a")}${timeKey(inv.createdAt)}|${inv._id}`);
    if (inv.acceptedAt) out.push(`${facetPrefix(scope, "ok")}${timeKey(inv.acceptedAt)}|${inv._id}`);
    else out.push(`${facetPrefix(scope, "o")}${timeKey(inv.expiresAt)}|${inv._id}`);
  }
  return out;
}

export const INVITATION_SCAN_LIMIT = 1000;
const BACKFILLED = "~backfill:invitation-index:v1";

export class InvitationRepository {
  readonly coll: Collection<Invitation>;
  readonly index: Collection<KeyEntry>;
  constructor(
    db: Db,
    private readonly outbox: Outbox,
    private readonly logger?: Logger,
  ) {
    this.coll = db.collection<Invitation>("invitations");
    this.index = db.collection<KeyEntry>("invitation_index");
  }

  /** Registers the collection with the outbox (its sweeper finds a mail a crash left unsent). */
  async init(): Promise<void> {
    await this.outbox.track(this.coll as never);
  }

  /** The invitation a link's token hash names (any portal: the link is the secret). */
  byTokenHash(hash: string): Promise<Invitation | null> {
    return this.coll.findOne({ _id: hash }, { projection: { [OUTBOX_FIELD]: 0 } });
  }

  /** Stores the invitation and, in the same insert, its events (the invitation mail). */
  async insert(inv: Invitation, events: StagedEvent[] = []): Promise<void> {
    await withKeys(this.index, inv._id, [], invitationKeys(inv), async () => {
      await this.outbox.insertOne(this.coll, inv, events);
      return true;
    });
  }

  /** Marks it accepted, once: false when it already was. */
  async markAccepted(inv: Invitation, at: Date): Promise<boolean> {
    const next = { ...inv, acceptedAt: at };
    const done = await withKeys(this.index, inv._id, invitationKeys(inv), invitationKeys(next), async () => {
      const r = await this.coll.updateOne({ _id: inv._id, acceptedAt: null }, { $set: { acceptedAt: at } });
      return r.modifiedCount ? true : null;
    });
    return done === true;
  }

  /**
   * A page of a portal's invitations (or, with ALL_PORTALS, every one), newest first: all, or
   * those pending, expired or accepted at `now`. Each status is one facet (pending and expired
   * are the two sides of `now` in the `o` facet), so no filter is tested after the read.
   */
  async list(
    portalId: string,
    q: { status?: InvitationStatus | undefined },
    page: { limit: number; cursor?: string | undefined },
    now: Date,
  ): Promise<KeyedPage<Invitation>> {
    const facet = !q.status ? "a" : q.status === "accepted" ? "ok" : "o";
    // `o` keys sort by expiry: pending ones are those at or after now, expired ones before
    const bounds: Bounds =
      q.status === "pending"
        ? { above: timeKey(now) }
        : q.status === "expired"
          ? { below: timeKey(now) }
          : {};
    return pageThroughKeys<Invitation>({
      index: this.index,
      prefix: facetPrefix(portalId, facet),
      dir: -1,
      bounds,
      query: queryFingerprint({ portalId, status: q.status }),
      cursor: page.cursor,
      limit: page.limit,
      budget: INVITATION_SCAN_LIMIT,
      load: async (ids) => {
        const docs = await this.coll
          .find(portalId === ALL_PORTALS ? { _id: { $in: ids } } : { _id: { $in: ids }, portalId }, {
            projection: { [OUTBOX_FIELD]: 0 },
          })
          .toArray();
        return new Map(docs.map((d) => [d._id, d]));
      },
      current: (e, doc) => invitationKeys(doc).includes(e._id),
      matches: (doc) => !q.status || statusOf(doc, now) === q.status,
      onGarbage: (keys) => {
        void this.index.deleteMany({ _id: { $in: keys } }).catch((err: unknown) => {
          this.logger?.warn({ err }, "removing leftover invitation index keys failed");
        });
      },
    });
  }

  /** First start after the upgrade: keys of every existing invitation, then a marker. */
  async backfill(): Promise<number> {
    if (await this.index.findOne({ _id: BACKFILLED })) return 0;
    let n = 0;
    let batch: { _id: string; i: string }[] = [];
    for await (const inv of this.coll.find({}, { projection: { [OUTBOX_FIELD]: 0 } })) {
      for (const k of invitationKeys(inv)) batch.push({ _id: k, i: inv._id });
      if (++n % 250 === 0) {
        await claimEntries(this.index, batch, new Date(), { refresh: false });
        batch = [];
      }
    }
    await claimEntries(this.index, batch, new Date(), { refresh: false });
    await claimEntries(this.index, [{ _id: BACKFILLED, i: "" }]);
    return n;
  }
}
