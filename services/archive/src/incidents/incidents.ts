// R-OPS-247, R-SEC, R-REPORT: the incident register (the admin's incident screen, issue 19 screen 5).
// Each incident is one document of `incidents` whose `_id` is its id `i<startedAt ms, base36, 9
// digits>-<8 hex>`, so ids sort by start and the platform-wide list, a period's incidents and a
// window are `_id` ranges (ADR 0004). A portal's incidents are `incident_keys` documents
// `<portalId>|<incidentId>` (`*|<incidentId>` for an incident of the whole platform, which every
// portal's list and report include): a portal's list is two `_id` ranges merged, then the
// incidents read by `_id`. `startedAt` and `portalIds` never change, so the keys never move.
// Updates are conditional on `version` (409 `stale_version`); a closed incident is frozen.
// R-OPS-247, ADR 0007: a new incident's mail to the technical focal unit is staged in the
// incident's own insert (the kit's outbox, `_outbox` of the document) and sent by archive's mailer
// from `cong.archive.mail.v1`: no incident without its mail, no mail without its incident, and a
// redelivered request is not sent again (the mailer is idempotent by the event id).
import { randomBytes } from "node:crypto";
import { ArchiveMailRequested } from "@cong/contracts";
import { OUTBOX_FIELD, type Outbox, serializedWrites, unionMs } from "@cong/kit";
import type { Collection, Db } from "mongodb";
import { incidentMail } from "./mail";

export type IncidentKind = "availability" | "security";

export interface Incident {
  _id: string;
  kind: IncidentKind;
  /** empty: the whole platform */
  portalIds: string[];
  title: string;
  startedAt: Date;
  closedAt: Date | null;
  actions: string;
  notified: string[];
  createdBy: { id: string; username: string };
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

interface IncidentKey {
  _id: string;
  incidentId: string;
}

export const INCIDENT_ID = /^i[0-9a-z]{9}-[0-9a-f]{8}$/;
/** the key of an incident of the whole platform */
export const WHOLE_PLATFORM = "*";
/** a period's report reads incidents that started at most this long before it (and are still open or closed in it) */
export const REPORT_LOOKBACK_MS = 366 * 86_400_000;

/** the smallest id of an incident started at `at` (ids of earlier starts sort before it) */
export const idFloor = (at: Date) => `i${Math.max(0, at.getTime()).toString(36).padStart(9, "0")}`;
/** the first id after every incident started at or before `at` */
const idCeil = (at: Date) => `${idFloor(at)}.`;

export type IncidentPatch = Partial<Pick<Incident, "title" | "actions" | "notified" | "closedAt">>;

/** What recording an incident needs: the outbox its mail is staged through, and where it goes. */
export interface IncidentMailing {
  outbox: Outbox;
  /** the technical focal unit's mailbox (TECH_UNIT_MAILBOX) */
  mailbox: string;
}

/** reads leave out the outbox entries (the staged mail) */
const PLAIN = { projection: { [OUTBOX_FIELD]: 0 } } as const;

export class IncidentRegister {
  /** its writes to one incident run in turn with the outbox's (ADR 0010) */
  readonly incidents: Collection<Incident>;
  readonly keys: Collection<IncidentKey>;

  /** Without `mailing` the register is read-only (the CLI's reports): `create` refuses. */
  constructor(
    db: Db,
    private readonly mailing?: IncidentMailing,
  ) {
    this.incidents = serializedWrites(db.collection<Incident>("incidents"));
    this.keys = db.collection<IncidentKey>("incident_keys");
  }

  /** Registers the incidents with the outbox (its sweeper finds a mail a crash left unpublished). */
  async init(): Promise<void> {
    await this.mailing?.outbox.track(this.incidents as never);
  }

  get(id: string): Promise<Incident | null> {
    return INCIDENT_ID.test(id) ? this.incidents.findOne({ _id: id }, PLAIN) : Promise.resolve(null);
  }

  async create(
    input: Pick<Incident, "kind" | "portalIds" | "title" | "startedAt" | "actions" | "notified">,
    by: { id: string; username: string },
    now: Date,
  ): Promise<Incident> {
    if (!this.mailing) throw new Error("the incident register was opened read-only (without an outbox)");
    const doc: Incident = {
      _id: `${idFloor(input.startedAt)}-${randomBytes(4).toString("hex")}`,
      ...input,
      portalIds: [...new Set(input.portalIds)].sort(),
      closedAt: null,
      createdBy: by,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    // keys first: a key without its incident is skipped by every read; an incident without keys would be missed
    const owners = doc.portalIds.length ? doc.portalIds : [WHOLE_PLATFORM];
    await this.keys.insertMany(owners.map((p) => ({ _id: `${p}|${doc._id}`, incidentId: doc._id })));
    // the incident and its mail in one insert (R-OPS-247: the focal unit is told at once)
    await this.mailing.outbox.insertOne(this.incidents, doc, [
      { def: ArchiveMailRequested, data: incidentMail(doc, this.mailing.mailbox) },
    ]);
    return doc;
  }

  /** The updated incident; `stale` with the current one when `version` is not its version. */
  async update(
    current: Incident,
    version: number,
    patch: IncidentPatch,
    now: Date,
  ): Promise<{ incident: Incident } | { stale: Incident | null }> {
    const r = await this.incidents.findOneAndUpdate(
      { _id: current._id, version, closedAt: null },
      { $set: { ...patch, updatedAt: now }, $inc: { version: 1 } },
      // no projection: FerretDB v1 does not implement findAndModify's `fields` (the view drops `_outbox`)
      { returnDocument: "after" },
    );
    if (r) return { incident: r };
    return { stale: await this.incidents.findOne({ _id: current._id }, PLAIN) };
  }

  /**
   * Newest first by start: the incidents (of `portalId`, with the whole platform's) started in
   * [from, to], before the `before` id (a page's cursor); `_id` ranges only.
   */
  async list(q: {
    portalId?: string | undefined;
    from?: Date | undefined;
    to?: Date | undefined;
    before?: string | undefined;
    limit: number;
  }): Promise<Incident[]> {
    const lo = q.from ? idFloor(q.from) : "i";
    let hi = q.to ? idCeil(q.to) : "j";
    if (q.before && q.before < hi) hi = q.before;
    if (!q.portalId)
      return this.incidents
        .find({ _id: { $gte: lo, $lt: hi } }, PLAIN)
        .sort({ _id: -1 })
        .limit(q.limit)
        .toArray();
    const ids = await this.idsOf(q.portalId, lo, hi, q.limit);
    return this.byIds(ids);
  }

  /** Every incident of the portals (with the whole platform's; all incidents when `portalIds` is null) overlapping [from, to). */
  async overlapping(portalIds: string[] | null, from: Date, to: Date): Promise<Incident[]> {
    const lo = idFloor(new Date(from.getTime() - REPORT_LOOKBACK_MS));
    const hi = idFloor(to);
    let found: Incident[];
    if (portalIds === null)
      found = await this.incidents
        .find({ _id: { $gte: lo, $lt: hi } }, PLAIN)
        .sort({ _id: -1 })
        .toArray();
    else {
      const ids = new Set<string>();
      for (const p of [...portalIds, WHOLE_PLATFORM])
        for (const k of await this.keys
          .find({ _id: { $gte: `${p}|${lo}`, $lt: `${p}|${hi}` } })
          .sort({ _id: -1 })
          .toArray())
          ids.add(k.incidentId);
      found = await this.byIds([...ids].sort().reverse());
    }
    return found.filter((i) => i.startedAt < to && (i.closedAt === null || i.closedAt >= from));
  }

  private async idsOf(portalId: string, lo: string, hi: string, limit: number): Promise<string[]> {
    const ids = new Set<string>();
    for (const p of [portalId, WHOLE_PLATFORM])
      for (const k of await this.keys
        .find({ _id: { $gte: `${p}|${lo}`, $lt: `${p}|${hi}` } })
        .sort({ _id: -1 })
        .limit(limit)
        .toArray())
        ids.add(k.incidentId);
    return [...ids].sort().reverse().slice(0, limit);
  }

  private async byIds(ids: string[]): Promise<Incident[]> {
    if (!ids.length) return [];
    const docs = await this.incidents.find({ _id: { $in: ids } }, PLAIN).toArray();
    const byId = new Map(docs.map((d) => [d._id, d]));
    return ids.map((id) => byId.get(id)).filter((d): d is Incident => !!d);
  }
}

/** What a report shows of the incidents overlapping its period (R-REPORT). */
export interface IncidentSummary {
  total: number;
  byKind: { availability: number; security: number };
  /** minutes of the closed availability incidents inside the period, overlaps once (their union), rounded down */
  downtimeMinutes: number;
  items: { id: string; kind: IncidentKind; title: string; startedAt: Date; closedAt: Date | null }[];
}

export function summarize(incidents: Incident[], from: Date, to: Date): IncidentSummary {
  // overlapping incidents (a portal's own and the whole platform's) are down once, not twice
  const ms = unionMs(
    incidents.flatMap((i) =>
      i.kind === "availability" && i.closedAt ? [[i.startedAt.getTime(), i.closedAt.getTime()] as const] : [],
    ),
    { from: from.getTime(), to: to.getTime() },
  );
  return {
    total: incidents.length,
    byKind: {
      availability: incidents.filter((i) => i.kind === "availability").length,
      security: incidents.filter((i) => i.kind === "security").length,
    },
    downtimeMinutes: Math.floor(ms / 60_000),
    items: incidents.map((i) => ({
      id: i._id,
      kind: i.kind,
      title: i.title,
      startedAt: i.startedAt,
      closedAt: i.closedAt,
    })),
  };
}
