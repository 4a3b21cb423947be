// R-REPORT, R-OPS-247 (issue 19 screen 5): each portal's availability as citizens reach it. Once per
// interval the probe GETs publishing's internal URL `/` with each active portal's Host — the
// registry's host (content's `portal.updated`, kept in `portal_names`: names.ts) mapped onto this
// deployment's domain exactly as publishing maps it (PRODUCTION_DOMAIN → PUBLIC_DOMAIN) — at most
// PORTAL_PROBE_CONCURRENCY at once, each with the platform-wide probe's timeout. 2xx is up; any
// other status, a timeout or a refused connection is down.
//
// One insert-only sample a portal and interval in `availability_portals`, `_id` =
// `<portalId>|<ISO start of the interval>`, so a portal's period is one `_id` range (FerretDB v1
// indexes `_id` only) and replicas probing the same interval keep the first insert, as the
// platform-wide samples (availability.ts) do. Before a round the probe reads which of its `_id`s are
// stored already (one `$in` on `_id`) and skips those portals: a replica whose timer fires later in
// the interval does not GET them again.
import http from "node:http";
import https from "node:https";
import { AVAILABILITY_PROBE_AGENT } from "@cong/contracts";
import type { Logger } from "@cong/kit";
import type { Collection, Db } from "mongodb";
import type { Clock } from "../clock";
import {
  type Availability,
  type AvailabilitySample,
  availabilityIn,
  type DaySummary,
  insertFirst,
  Periodic,
} from "./availability";
import type { PortalNames } from "./names";
import type { Period } from "./period";

export interface PortalSample extends AvailabilitySample {
  portalId: string;
  /** the Host header the probe sent */
  host: string;
}

/** Portals probed in one round, at most (the first in `_id` order; the rest are logged, not probed). */
export const MAX_PROBED_PORTALS = 500;
/** GETs of one round in flight at once. */
export const PORTAL_PROBE_CONCURRENCY = 4;

/** The portals' samples and their closed days summed up (`_id` = `<portalId>|YYYY-MM-DD`). */
export interface PortalSamples {
  samples: Collection<PortalSample>;
  days: Collection<DaySummary>;
}

export const portalSamplesOf = (db: Db): PortalSamples => ({
  samples: db.collection<PortalSample>("availability_portals"),
  days: db.collection<DaySummary>("availability_portal_days"),
});

/** A portal's samples are the `_id`s under this prefix. */
export const portalPrefix = (portalId: string) => `${portalId}|`;

/**
 * The figures of a portal's [from, to) as of `now`: one `_id` range of its closed days' summaries
 * and the samples of the days still open (availability.ts); null without samples.
 */
export const portalAvailabilityIn = (
  source: PortalSamples,
  portalId: string,
  period: Pick<Period, "from" | "to">,
  now: Date,
): Promise<Availability | null> =>
  availabilityIn(
    source.samples as unknown as Collection<AvailabilitySample>,
    period,
    portalPrefix(portalId),
    { coll: source.days, now },
  );

/**
 * The host a portal answers on here — publishing's HostMap.localHost: the registry's host without
 * `www.`, its PRODUCTION_DOMAIN suffix replaced by PUBLIC_DOMAIN (`tanyen.bacgiang.gov.vn` →
 * `tanyen.bacgiang.localhost:3000` locally). Without PUBLIC_DOMAIN, the registry's host.
 */
export function localHost(
  host: string,
  domains: { production: string; public?: string | undefined },
): string {
  const h = host.toLowerCase().replace(/^www\./, "");
  const pub = domains.public;
  if (!pub) return h;
  if (h === domains.production) return pub;
  if (h.endsWith(`.${domains.production}`)) return `${h.slice(0, -domains.production.length)}${pub}`;
  return h;
}

/** One GET of `url` with `host`: its status (null when it failed) and why it failed. */
function get(url: URL, host: string, timeoutMs: number): Promise<{ status: number | null; error?: string }> {
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const req = mod.request(
      url,
      {
        method: "GET",
        headers: { host, "user-agent": AVAILABILITY_PROBE_AGENT, accept: "text/html" },
        signal,
      },
      (res) => {
        // the whole page, as a citizen's browser reads it: a response cut short is down
        res.on("error", () => undefined);
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? null }));
        res.on("close", () => {
          if (!res.complete)
            resolve({ status: null, error: signal.aborted ? "timeout" : "response cut short" });
        });
      },
    );
    req.on("error", (e) => resolve({ status: null, error: signal.aborted ? "timeout" : e.message }));
    req.end();
  });
}

export interface PortalRound {
  /** the samples this replica stored */
  stored: PortalSample[];
  /** portals another replica had sampled in this interval already */
  skipped: number;
}

export class PortalProbe extends Periodic {
  readonly coll: Collection<PortalSample>;

  constructor(
    db: Db,
    private readonly portals: Pick<PortalNames, "page">,
    /** publishing's internal URL (PUBLISHING_INTERNAL_URL): `/` of it is GET with each portal's Host */
    readonly baseUrl: string,
    private readonly domains: { production: string; public?: string | undefined },
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly intervalMs = 60_000,
    private readonly timeoutMs = Math.min(10_000, intervalMs),
    private readonly concurrency = PORTAL_PROBE_CONCURRENCY,
  ) {
    super();
    this.coll = portalSamplesOf(db).samples;
  }

  /** The portals to probe: the active ones with a host, in `_id` order, at most MAX_PROBED_PORTALS. */
  async targets(): Promise<{ portalId: string; host: string }[]> {
    const docs = await this.portals.page(undefined, MAX_PROBED_PORTALS + 1);
    if (docs.length > MAX_PROBED_PORTALS)
      this.logger.warn(
        { max: MAX_PROBED_PORTALS },
        "more portals than the probe samples; the last are left out",
      );
    return docs
      .slice(0, MAX_PROBED_PORTALS)
      .filter((d) => d.active !== false && typeof d.host === "string" && d.host)
      .map((d) => ({ portalId: d._id, host: localHost(d.host as string, this.domains) }));
  }

  /** One round: every target not yet sampled in this interval, `concurrency` at a time. */
  async probeOnce(): Promise<PortalRound> {
    const slot = new Date(Math.floor(this.clock.now().getTime() / this.intervalMs) * this.intervalMs);
    const id = (portalId: string) => `${portalPrefix(portalId)}${slot.toISOString()}`;
    const targets = await this.targets();
    if (!targets.length) return { stored: [], skipped: 0 };
    const have = new Set(
      (
        await this.coll
          .find({ _id: { $in: targets.map((t) => id(t.portalId)) } }, { projection: { _id: 1 } })
          .toArray()
      ).map((d) => d._id),
    );
    const todo = targets.filter((t) => !have.has(id(t.portalId)));
    let skipped = targets.length - todo.length;
    const stored: PortalSample[] = [];
    const url = new URL("/", this.baseUrl);
    let next = 0;
    const worker = async () => {
      for (let t = todo[next++]; t; t = todo[next++]) {
        const at = this.clock.now();
        const started = performance.now();
        const { status, error } = await get(url, t.host, this.timeoutMs);
        const ok = status !== null && status >= 200 && status < 300;
        const sample: PortalSample = {
          _id: id(t.portalId),
          portalId: t.portalId,
          host: t.host,
          at,
          ok,
          ms: Math.round(performance.now() - started),
          status,
          ...(error ? { error } : {}),
        };
        if (!(await insertFirst(this.coll, sample))) {
          skipped++;
          continue;
        }
        stored.push(sample);
        if (!ok)
          this.logger.warn({ portalId: t.portalId, host: t.host, status, error }, "portal probe failed");
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, todo.length) }, worker));
    return { stored, skipped };
  }

  protected failed(e: unknown): void {
    this.logger.error({ err: e }, "portal availability probe could not store its samples");
  }
}
