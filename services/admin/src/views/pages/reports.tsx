// The periodic report (R-REPORT): a period (and, for the provincial board, the province-wide
// scope), archive's charts as images, each with the table of its figures for a screen reader and
// for anyone who wants the numbers, and the PDF and CSV downloads.
import type { ReportIncidents } from "../../api/platform";
import { durationText } from "../../forms/incident";
import { formatDate } from "../../i18n";
import { Button, Choices, DateTime, ErrorSummary, LinkButton, Notice, Select } from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";
import { useNumber } from "../progress";
import { DataTable, Tag } from "../table";

export interface PeriodOption {
  value: string;
  label: string;
}

export interface ReportChart {
  id: string;
  title: string;
  svg: string;
  columns: [string, string];
  rows: { label: string; value: number }[];
}

/** archive's GET /reports/{period}/charts */
export interface ReportCharts {
  scope: "portal" | "province";
  portalId: string;
  period: { label: string; from: string; to: string };
  charts: ReportChart[];
}

export interface ShownChart extends ReportChart {
  /** the SVG as a data: image address; null when archive sent no SVG */
  image: string | null;
}

/** 48213 → "48.213" */
const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");

export function ReportsPage(p: {
  options: PeriodOption[];
  /** the period shown ("2026-H1", "2026"), or "auto" / "" when none */
  selected: string;
  province: boolean;
  /** the person may see the province-wide summary */
  mayProvince: boolean;
  report?: Omit<ReportCharts, "charts"> & { charts: ShownChart[] };
  /** archive refused or did not answer: said instead of the report */
  failure?: string;
  /** the period asked for is not one */
  error?: string;
  /** the register's incidents of the period; null: archive has none to say, undefined: not read */
  incidents?: ReportIncidents | null | undefined;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/reports`;
  const scopeName = p.province ? t.reports.provinceName : (portal?.name ?? "");
  const r = p.report;
  const label = p.options.find((o) => o.value === p.selected)?.label ?? p.selected;
  const qs = p.province ? "?scope=province" : "";
  const last = r ? new Date(new Date(r.period.to).getTime() - 1) : null;
  return (
    <Layout title={t.reports.title}>
      <ErrorSummary errors={p.error ? { period: p.error } : {}} />
      <h1 class="heading-xl">{t.reports.title}</h1>
      <p class="lead">{t.reports.intro}</p>
      <form method="get" action={base} class="filters">
        <Select
          id="period"
          name="period"
          label={t.reports.period}
          hint={t.reports.periodHint}
          options={p.options}
          value={p.selected}
          error={p.error}
        />
        {p.mayProvince ? (
          <Choices
            id="scope"
            name="scope"
            type="radio"
            small
            legend={t.reports.scope}
            options={[
              { value: "portal", label: t.reports.scopePortal(portal?.name ?? "") },
              { value: "province", label: t.reports.scopeProvince },
            ]}
            checked={[p.province ? "province" : "portal"]}
          />
        ) : null}
        <Button kind="secondary">{t.reports.show}</Button>
      </form>
      {p.failure ? <Notice kind="error">{p.failure}</Notice> : null}
      {r && last ? (
        <>
          <h2 class="heading-l">{t.reports.heading(label, scopeName)}</h2>
          <p>{t.reports.range(formatDate(r.period.from), formatDate(last))}</p>
          {new Date(r.period.to).getTime() > Date.now() ? (
            <Notice kind="info">{t.reports.partial}</Notice>
          ) : null}
          <div class="button-group">
            <LinkButton href={`${base}/${r.period.label}/bao-cao.pdf${qs}`} kind="primary">
              {t.reports.downloadPdf}
            </LinkButton>
            <LinkButton href={`${base}/${r.period.label}/bao-cao.csv${qs}`}>
              {t.reports.downloadCsv}
            </LinkButton>
          </div>
          <h2 class="heading-m">{t.reports.chartsTitle}</h2>
          {r.charts.map((c) => (
            <section class="report-chart" key={c.id} aria-labelledby={`chart-${c.id}`}>
              <h3 class="heading-s" id={`chart-${c.id}`}>
                {c.title}
              </h3>
              <div class="report-chart__body">
                {c.image ? (
                  <img class="report-chart__image" src={c.image} alt={c.title} id={`chart-${c.id}-image`} />
                ) : null}
                <div class="table-wrap report-chart__table">
                  <table class="table">
                    <caption class="visually-hidden">{t.reports.tableCaption(c.title)}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{c.columns[0]}</th>
                        <th scope="col" class="num">
                          {c.columns[1]}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.rows.length ? (
                        c.rows.map((row) => (
                          <tr key={row.label}>
                            <th scope="row" data-label={c.columns[0]}>
                              {row.label}
                            </th>
                            <td data-label={c.columns[1]} class="num">
                              {count(row.value)}
                            </td>
                          </tr>
                        ))
                      ) : (
                        <tr>
                          <td colSpan={2}>{t.reports.noRows}</td>
                        </tr>
                      )}
                    </tbody>
                  </table>
                </div>
              </div>
            </section>
          ))}
          {p.incidents !== null ? <Incidents incidents={p.incidents} /> : null}
        </>
      ) : null}
    </Layout>
  );
}

/** The register's incidents overlapping the period (R-OPS-247, R-SEC): counts, downtime, each one. */
function Incidents({ incidents: x }: { incidents: ReportIncidents | undefined }) {
  const { t } = useCtx();
  const m = t.operations;
  const n = useNumber();
  return (
    <section class="section" aria-labelledby="incidents-title">
      <h2 class="heading-m" id="incidents-title">
        {t.reports.incidentsTitle}
      </h2>
      {!x ? (
        <Notice kind="warning">{t.reports.incidentsUnavailable}</Notice>
      ) : x.total ? (
        <>
          <p>
            {t.reports.incidentsSummary(
              n(x.total),
              n(x.byKind.availability),
              n(x.byKind.security),
              durationText(m, x.downtimeMinutes * 60_000),
            )}
          </p>
          <DataTable
            rows={x.items}
            rowKey={(i) => i.id}
            labelledBy="incidents-title"
            id="report-incidents"
            class="table--words"
            columns={[
              { label: m.colStarted, cell: (i) => <DateTime value={i.startedAt} />, class: "nowrap" },
              { label: m.colTitle, cell: (i) => i.title },
              { label: m.colKind, cell: (i) => m.kinds[i.kind] ?? i.kind },
              {
                label: m.colClosed,
                cell: (i) =>
                  i.closedAt ? <DateTime value={i.closedAt} /> : <Tag colour="red">{m.open}</Tag>,
                class: "nowrap",
              },
            ]}
          />
        </>
      ) : (
        <p class="hint">{t.reports.noIncidents}</p>
      )}
    </section>
  );
}
