// Aggregate page views per portal, day and item — no cookies, no addresses, no user agents
// (R-PII): a counter in memory, flushed periodically with `$inc` into `_id`-keyed documents
// `<portalId>:<YYYY-MM-DD>` (day in Asia/Ho_Chi_Minh), read back as one `_id` range for the archive
// service's reports (R-REPORT).
import { AVAILABILITY_PROBE_AGENT } from "@cong/contracts";
import type { Db } from "mongodb";

export interface PageViewDoc {
  _id: string;
  portalId: string;
  day: string;
  total: number;
  items: Record<string, number>;
}

const dayFmt = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Ho_Chi_Minh",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

export function dayOf(d: Date): string {
  return dayFmt.format(d);
}

export class PageViews {
  private pending = new Map<
    string,
    { portalId: string; day: string; total: number; items: Map<string, number> }
  >();
  private timer: NodeJS.Timeout | undefined;
  private readonly coll;

  constructor(
    db: Db | undefined,
    private readonly flushMs: number,
  ) {
    this.coll = db?.collection<PageViewDoc>("pub_pageviews");
  }

  /**
   * One view of a portal's page (an item's when `itemId`). The user agent is only compared with
   * archive's availability probe, whose GETs are not views; it is never stored.
   */
  hit(portalId: string, itemId?: string, userAgent?: string, at = new Date()): void {
    if (userAgent === AVAILABILITY_PROBE_AGENT) return;
    const day = dayOf(at);
    const key = `${portalId}:${day}`;
    let p = this.pending.get(key);
    if (!p) {
      p = { portalId, day, total: 0, items: new Map() };
      this.pending.set(key, p);
    }
    p.total++;
    if (itemId) p.items.set(itemId, (p.items.get(itemId) ?? 0) + 1);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), this.flushMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /** writes the counts so far, one document at a time; failed ones are kept for the next flush */
  async flush(): Promise<void> {
    if (!this.coll || !this.pending.size) return;
    const batch = this.pending;
    this.pending = new Map();
    const entries = [...batch];
    for (let k = 0; k < entries.length; k++) {
      const [key, p] = entries[k] as [
        string,
        { portalId: string; day: string; total: number; items: Map<string, number> },
      ];
      const inc: Record<string, number> = { total: p.total };
      for (const [id, n] of p.items) inc[`items.${id}`] = n;
      try {
        await this.coll.updateOne(
          { _id: key },
          { $inc: inc, $setOnInsert: { portalId: p.portalId, day: p.day } },
          { upsert: true },
        );
      } catch (e) {
        // keep the unwritten counts for the next flush
        for (const [rk, rp] of entries.slice(k)) {
          const cur = this.pending.get(rk);
          if (!cur) this.pending.set(rk, rp);
          else {
            cur.total += rp.total;
            for (const [id, n] of rp.items) cur.items.set(id, (cur.items.get(id) ?? 0) + n);
          }
        }
        throw e;
      }
    }
  }

  /**
   * Counts per day between two days (inclusive, at most 366 days from `from`): one `_id` range
   * `<portalId>:<from>` … `<portalId>:<to>`, read in key order (ADR 0004: the range, its sort and
   * its limit are answered with the `_id` index). A portal id is `[a-z0-9]` and the day follows a
   * `:`, so no other portal's key falls in the range.
   */
  async read(portalId: string, from: string, to: string): Promise<PageViewDoc[]> {
    if (!this.coll) return [];
    const last = new Date(new Date(`${from}T00:00:00Z`).getTime() + 365 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const until = to < last ? to : last;
    return this.coll
      .find({ _id: { $gte: `${portalId}:${from}`, $lte: `${portalId}:${until}` } })
      .sort({ _id: 1 })
      .limit(366)
      .toArray();
  }
}
