// Backups (issue 19 screen 4, R-BACKUP): the last backups with their time, size and whether each
// was checked against its manifest, the backup job's status, the latest restore drills, and a
// drill's page (its progress, then the result: counts per collection equal, files byte-identical).
// Platform admins start drills; auditors see the same pages with no action.
import type { ComponentChildren } from "preact";
import type { BackupList, BackupSummary, RestoreDrill } from "../../api/platform";
import { formatBytes, formatDateTime, halfOf } from "../../i18n";
import { Breadcrumbs, Button, Csrf, DateTime, Notice, SummaryList } from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";
import { type ProgressFigures, RunProgress, useNumber } from "../progress";
import { DataTable, Section, Tag } from "../table";

export const BACKUPS = "/platform/backups";

const VERIFICATION_COLOUR: Record<string, string> = { verified: "green", failed: "red" };
const DRILL_COLOUR: Record<string, string> = { passed: "green", failed: "red", running: "blue" };

export function BackupsPage(p: {
  /** null: archive could not read the backups (503 backup_target_unavailable) */
  list: BackupList | null;
  /** null: archive has no restore drills (the route is not there) */
  drills: RestoreDrill[] | null;
  canAct: boolean;
  refusal?: string | undefined;
}) {
  const { t, lang } = useCtx();
  const m = t.backups;
  const n = useNumber();
  const byId = new Map((p.list?.items ?? []).map((b) => [b.id, b]));
  const s = p.list?.status;
  const when = (v: string | null | undefined) => (v ? formatDateTime(v) : m.never);
  return (
    <Layout title={m.title}>
      {p.refusal ? <Notice kind="error">{p.refusal}</Notice> : null}
      <h1 class="heading-xl">{m.title}</h1>
      {p.canAct ? null : <Notice kind="info">{m.readOnly}</Notice>}
      <p class="lead">{m.intro}</p>
      {!p.list ? (
        <Notice kind="warning">{m.unavailable}</Notice>
      ) : !p.list.configured ? (
        <Notice kind="info">{m.notConfigured}</Notice>
      ) : (
        <>
          {s ? (
            <Section id="status-title" title={m.statusTitle}>
              <SummaryList
                rows={[
                  [m.lastRun, when(s.lastRunAt)],
                  [m.lastSuccess, when(s.lastSuccessAt)],
                  [m.lastVerified, when(s.lastVerifiedAt)],
                  [
                    m.failures,
                    s.consecutiveFailures ? <Tag colour="red">{n(s.consecutiveFailures)}</Tag> : n(0),
                  ],
                  ...(s.lastError
                    ? ([[m.lastError, <code class="host">{s.lastError}</code>]] as [
                        string,
                        ComponentChildren,
                      ][])
                    : []),
                ]}
              />
            </Section>
          ) : null}
          <Section id="backups-title" title={m.listTitle}>
            <DataTable
              rows={p.list.items}
              rowKey={(b) => b.id}
              labelledBy="backups-title"
              empty={m.none}
              id="backups"
              class="table--words"
              columns={[
                { label: m.colCreated, cell: (b) => <DateTime value={b.createdAt} />, class: "nowrap" },
                { label: m.colSize, cell: (b) => formatBytes(b.bytes, lang), class: "nowrap" },
                {
                  label: m.colContents,
                  cell: (b) => m.contents(n(b.documents), n(b.collections), n(b.objects)),
                },
                { label: m.colEncrypted, cell: (b) => (b.encrypted ? m.yes : m.no) },
                { label: m.colVerification, cell: (b) => <Verification b={b} /> },
                p.canAct && p.drills
                  ? {
                      label: m.colActions,
                      cell: (b) => (
                        <form
                          method="post"
                          action={`${BACKUPS}/${encodeURIComponent(b.id)}/drills`}
                          class="inline-form"
                        >
                          <Csrf />
                          <Button kind="secondary" id={`drill-${b.id}`}>
                            {m.drill}
                            <span class="visually-hidden"> {m.drillOf(formatDateTime(b.createdAt))}</span>
                          </Button>
                        </form>
                      ),
                    }
                  : null,
              ]}
            />
          </Section>
          <Section id="drills-title" title={m.drillsTitle}>
            {p.drills ? (
              <DataTable
                rows={p.drills}
                rowKey={(d) => d.id}
                labelledBy="drills-title"
                empty={m.drillsNone}
                id="drills"
                columns={[
                  { label: m.colStarted, cell: (d) => <DateTime value={d.startedAt} />, class: "nowrap" },
                  {
                    label: m.colBackup,
                    cell: (d) => {
                      const b = byId.get(d.backupId);
                      return b ? formatDateTime(b.createdAt) : <code class="host">{d.backupId}</code>;
                    },
                  },
                  { label: m.colStartedBy, cell: (d) => d.startedBy?.username ?? "" },
                  {
                    label: m.colResult,
                    cell: (d) => (
                      <Tag colour={DRILL_COLOUR[d.status]}>{m.drillStates[d.status] ?? d.status}</Tag>
                    ),
                    class: "nowrap",
                  },
                  {
                    label: m.colDetails,
                    cell: (d) => (
                      <a href={`${BACKUPS}/drills/${encodeURIComponent(d.id)}`}>
                        {m.see}
                        <span class="visually-hidden"> {m.drillOf(formatDateTime(d.startedAt))}</span>
                      </a>
                    ),
                  },
                ]}
              />
            ) : (
              <p class="hint">{m.drillsMissing}</p>
            )}
          </Section>
        </>
      )}
    </Layout>
  );
}

function Verification({ b }: { b: BackupSummary }) {
  const m = useCtx().t.backups;
  const v = b.verification;
  return (
    <>
      <Tag colour={VERIFICATION_COLOUR[v.state]}>{m.verification[v.state] ?? v.state}</Tag>
      {v.at ? <span class="hint">{m.verifiedAt(formatDateTime(v.at))}</span> : null}
      {v.error ? <span class="hint backup-error">{v.error}</span> : null}
    </>
  );
}

/** What a mismatched file is called, whatever archive lists it as (a key, or an object naming it). */
function fileName(x: unknown): string {
  if (typeof x === "string") return x;
  if (x && typeof x === "object") {
    const o = x as Record<string, unknown>;
    const key = typeof o.key === "string" ? o.key : typeof o.name === "string" ? o.name : "";
    const bucket = typeof o.bucket === "string" ? o.bucket : "";
    return bucket && key ? `${bucket}/${key}` : key || bucket;
  }
  return "";
}

/** A restore drill as it goes (the bar) and once it ended (the comparison, table by table). */
export function DrillPage(p: {
  drill: RestoreDrill;
  backup?: BackupSummary | undefined;
  canAct: boolean;
  url: string;
  figures: ProgressFigures;
}) {
  const { t, lang } = useCtx();
  const m = t.backups;
  const n = useNumber();
  const d = p.drill;
  const running = d.status === "running";
  const title = running ? m.drillRunningTitle : m.drillTitle;
  const backupAt = p.backup ? formatDateTime(p.backup.createdAt) : d.backupId;
  const mismatched = (d.objects?.mismatched ?? []).map(fileName).filter(Boolean);
  return (
    <Layout title={`${title} — ${m.title}`} islands={running ? ["progress"] : []}>
      <Breadcrumbs items={[{ href: BACKUPS, label: m.title }, { label: title }]} />
      <h1 class="heading-xl">{title}</h1>
      {p.canAct ? null : <Notice kind="info">{m.readOnly}</Notice>}
      <p class="lead">{m.drillIntro(backupAt)}</p>
      {running ? (
        <RunProgress
          url={p.url}
          label={m.progressLabel}
          refresh={m.refresh}
          refreshHint={m.refreshHint}
          figures={p.figures}
        />
      ) : d.status === "passed" ? (
        <Notice kind="success">{m.passed}</Notice>
      ) : (
        <Notice kind="error">{m.failedResult}</Notice>
      )}
      <SummaryList
        rows={[
          [m.rBackup, backupAt],
          [m.rStartedBy, d.startedBy?.username ?? ""],
          [m.rStartedAt, <DateTime value={d.startedAt} />],
          ...(d.finishedAt
            ? ([[m.rFinishedAt, <DateTime value={d.finishedAt} />]] as [string, ComponentChildren][])
            : []),
        ]}
      />
      {d.collections?.length ? (
        <Section id="collections-title" title={m.collectionsTitle} size="m">
          <DataTable
            rows={d.collections}
            rowKey={(c) => `${c.database}/${c.collection}`}
            labelledBy="collections-title"
            id="drill-collections"
            columns={[
              { label: m.colDatabase, cell: (c) => <code class="host">{c.database}</code> },
              { label: m.colCollection, cell: (c) => <code class="host">{c.collection}</code> },
              { label: m.colExpected, cell: (c) => n(c.expected), class: "num" },
              { label: m.colRestored, cell: (c) => n(c.restored), class: "num" },
              {
                label: m.colEqual,
                cell: (c) => <Tag colour={c.equal ? "green" : "red"}>{c.equal ? m.equal : m.notEqual}</Tag>,
                class: "nowrap",
              },
            ]}
          />
        </Section>
      ) : null}
      {d.objects ? (
        <Section id="objects-title" title={m.objectsTitle} size="m">
          <SummaryList
            rows={[
              [m.objExpected, n(d.objects.expected)],
              [m.objRestored, n(d.objects.restored)],
              [
                m.objIdentical,
                <Tag
                  colour={d.objects.identical === d.objects.expected && !mismatched.length ? "green" : "red"}
                >
                  {`${n(d.objects.identical)}/${n(d.objects.expected)}`}
                </Tag>,
              ],
            ]}
          />
          {mismatched.length ? (
            <>
              <h3 class="heading-s">{m.mismatchedTitle}</h3>
              <ul class="list">
                {mismatched.slice(0, 100).map((x) => (
                  <li key={x}>
                    <code class="host">{x}</code>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Section>
      ) : null}
      {d.error ? (
        <p class="drill-error" id="drill-error">
          {halfOf(d.error, lang)}
        </p>
      ) : null}
      <p class="section">
        <a href={BACKUPS}>{m.toBackups}</a>
      </p>
    </Layout>
  );
}
