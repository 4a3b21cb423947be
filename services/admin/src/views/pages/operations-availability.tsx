import type { ProbeAvailability } from "../../api/platform";
import { type Downtime, durationText } from "../../forms/incident";
import { formatDateTime } from "../../i18n";
import { Notice } from "../components";
import { useCtx } from "../context";
import { useNumber } from "../progress";
import { DataTable, Section, Tag } from "../table";
import { formatPercent, OPERATIONS, Shell } from "./operations";

export interface ProbeRow {
  /** "6 tháng cuối năm 2026 (đến nay)" */
  name: string;
  /** null: archive stored no sample in the period */
  figures: ProbeAvailability | null;
}

export interface PortalProbeRow {
  portalId: string;
  name: string;
  /** one per report period, in the order of `periods`; null: no sample of the portal in it */
  figures: (ProbeAvailability | null)[];
}

export interface PortalAvailability {
  portalId: string;
  name: string;
  /** one per window, in the order of `windows`; the first is now's (its open incidents are the outages going on) */
  windows: Downtime[];
}

/** The longest outage of a probe's figures: its start and length, "chưa khôi phục" while it lasts. */
function Longest({ figures }: { figures: ProbeAvailability }) {
  const m = useCtx().t.operations;
  const o = figures.longestOutage;
  if (!o) return <>{m.noOutage}</>;
  return (
    <>
      {m.longest(formatDateTime(o.from), durationText(m, o.ms))}
      {o.ongoing ? <span class="hint">{m.ongoing}</span> : null}
    </>
  );
}

/**
 * Availability: the probe's figures per report period, then per portal the probe of its own home
 * page and its downtime from the register.
 */
export function AvailabilityPage(p: {
  /** null: archive did not answer */
  probe: ProbeRow[] | null;
  /** the report periods of `portalProbe`'s figures ("6 tháng cuối năm 2026 (đến nay)", "Năm 2026 (đến nay)") */
  periods: string[];
  /** each portal's home page, sampled by archive; null: archive did not answer */
  portalProbe: PortalProbeRow[] | null;
  windows: string[];
  /** null: the register could not be read */
  portals: PortalAvailability[] | null;
  truncated?: number | undefined;
  canAct: boolean;
}) {
  const { t, lang } = useCtx();
  const m = t.operations;
  const n = useNumber();
  const pct = (x: number) => formatPercent(x, lang);
  return (
    <Shell title={m.availabilityTitle} tab="availability" canAct={p.canAct}>
      <h2 class="heading-l">{m.availabilityTitle}</h2>
      <p class="lead">{m.availabilityIntro}</p>
      <Section id="probe-title" title={m.probeTitle} size="m">
        <p>{m.probeIntro}</p>
        {p.probe ? (
          <DataTable
            rows={p.probe}
            rowKey={(r) => r.name}
            labelledBy="probe-title"
            id="probe"
            class="table--words"
            columns={[
              { label: m.colPeriod, cell: (r) => r.name },
              {
                label: m.colAvailability,
                cell: (r) => (r.figures ? <strong>{pct(r.figures.percent)}</strong> : m.noSamples),
              },
              {
                label: m.colSamples,
                cell: (r) =>
                  r.figures
                    ? m.samples(n(r.figures.samples), n(r.figures.samples - r.figures.okSamples))
                    : "—",
              },
              {
                label: m.colLongest,
                cell: (r) => (r.figures ? <Longest figures={r.figures} /> : "—"),
              },
            ]}
          />
        ) : (
          <Notice kind="warning">{m.probeUnavailable}</Notice>
        )}
      </Section>
      <Section id="portal-probe-title" title={m.portalProbeTitle} size="m">
        <p>{m.portalProbeIntro}</p>
        {p.portalProbe ? (
          <DataTable
            rows={p.portalProbe}
            rowKey={(r) => r.portalId}
            labelledBy="portal-probe-title"
            id="portal-probe"
            class="table--words"
            columns={[
              { label: m.colPortal, cell: (r) => r.name },
              ...p.periods.map((label, k) => ({
                label,
                cell: (r: PortalProbeRow) => {
                  const f = r.figures[k];
                  if (!f) return m.noPortalSamples;
                  const o = f.longestOutage;
                  return (
                    <>
                      <strong>{pct(f.percent)}</strong>
                      <span class="hint">{m.samples(n(f.samples), n(f.samples - f.okSamples))}</span>
                      <span class="hint">
                        {o
                          ? m.longestOutage(formatDateTime(o.from), durationText(m, o.ms), o.ongoing)
                          : m.noDowntime}
                      </span>
                    </>
                  );
                },
              })),
            ]}
          />
        ) : (
          <Notice kind="warning">{m.portalProbeUnavailable}</Notice>
        )}
      </Section>
      <Section id="portals-title" title={m.byPortalTitle} size="m">
        <p>{m.byPortalIntro}</p>
        {p.portals ? (
          <>
            {p.truncated ? <p class="hint">{m.truncated(n(p.truncated))}</p> : null}
            <DataTable
              rows={p.portals}
              rowKey={(r) => r.portalId}
              labelledBy="portals-title"
              id="portal-availability"
              class="table--words"
              columns={[
                { label: m.colPortal, cell: (r) => r.name },
                ...p.windows.map((label, w) => ({
                  label,
                  cell: (r: PortalAvailability) => {
                    const d = r.windows[w];
                    if (!d || d.percent === null) return "—";
                    return (
                      <>
                        <strong>{pct(d.percent)}</strong>
                        <span class="hint">
                          {d.count ? m.downtime(durationText(m, d.ms), n(d.count)) : m.noDowntime}
                        </span>
                      </>
                    );
                  },
                })),
                {
                  label: m.colOpen,
                  cell: (r) => {
                    const open = r.windows[0]?.open ?? 0;
                    return open ? (
                      <a href={`${OPERATIONS}?portalId=${encodeURIComponent(r.portalId)}`}>
                        <Tag colour="red">{m.openCount(n(open))}</Tag>
                      </a>
                    ) : (
                      m.noOpen
                    );
                  },
                },
              ]}
            />
          </>
        ) : (
          <Notice kind="warning">{m.incidentsUnavailable}</Notice>
        )}
      </Section>
    </Shell>
  );
}
