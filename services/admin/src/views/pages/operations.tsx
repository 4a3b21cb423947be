// Operations (issue 19 screen 5; R-OPS-247, R-SEC): the incident register — its list with filters
// and pages, a new incident's form, an incident's page with its update-or-close form (a stale save
// shows the current incident beside the person's text, which the form keeps); the portals'
// availability is in operations-availability.tsx. Platform admins act; auditors see the same pages
// with no action.
import type { ComponentChildren } from "preact";
import type { Incident } from "../../api/platform";
import { durationText, WHOLE_PLATFORM } from "../../forms/incident";
import { formatDateTime, type Lang } from "../../i18n";
import {
  Breadcrumbs,
  Choices,
  DateTime,
  ErrorSummary,
  type FormErrors,
  LinkButton,
  Notice,
  SummaryList,
  TextArea,
} from "../components";
import { useCtx } from "../context";
import { PostForm, TextFields } from "../form";
import { Layout } from "../layout";
import { DataTable, Pager, Section, SubNav, Tag } from "../table";
import { PortalSelect } from "./archive";
import { type Conflict, ConflictPanel } from "./editor-conflict";

export const OPERATIONS = "/platform/operations";
export const INCIDENTS = `${OPERATIONS}/incidents`;
export type OperationsTab = "incidents" | "availability";
export type Values = Record<string, string>;

export const incidentHref = (id: string) => `${INCIDENTS}/${encodeURIComponent(id)}`;

/** 99.87 → "99,87%" (vi), "99.87%" (en) */
export const formatPercent = (n: number, lang: Lang) =>
  `${new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 2 }).format(n)}%`;

function Tabs({ current }: { current: OperationsTab }) {
  const m = useCtx().t.operations;
  return (
    <SubNav
      label={m.sections}
      current={current}
      tabs={[
        ["incidents", OPERATIONS, m.tabIncidents],
        ["availability", `${OPERATIONS}/availability`, m.tabAvailability],
      ]}
    />
  );
}

/** Every list page: the error summary, the heading, the parts as tabs, the auditor's notice. */
export function Shell(p: {
  title: string;
  tab: OperationsTab;
  canAct: boolean;
  errors?: FormErrors | undefined;
  refusal?: string | undefined;
  children: ComponentChildren;
}) {
  const m = useCtx().t.operations;
  return (
    <Layout title={`${p.title} — ${m.title}`}>
      <ErrorSummary errors={p.errors ?? {}} />
      {p.refusal ? <Notice kind="error">{p.refusal}</Notice> : null}
      <h1 class="heading-xl">{m.title}</h1>
      <Tabs current={p.tab} />
      {p.canAct ? null : <Notice kind="info">{m.readOnly}</Notice>}
      {p.children}
    </Layout>
  );
}

/** The portals' names of an incident, or "the whole platform". */
function useScope() {
  const { t, portals } = useCtx();
  const name = (id: string) => portals.find((x) => x.id === id)?.name ?? id;
  return (i: Pick<Incident, "portalIds">) =>
    i.portalIds.length ? i.portalIds.map(name).join("; ") : t.operations.wholePlatform;
}

/** An incident's end: its time and how long it lasted, or the "ongoing" tag. */
function Ended({ i }: { i: Incident }) {
  const m = useCtx().t.operations;
  if (!i.closedAt) return <Tag colour="red">{m.open}</Tag>;
  return (
    <>
      <DateTime value={i.closedAt} />
      <span class="hint block">
        {m.lasted(durationText(m, Date.parse(i.closedAt) - Date.parse(i.startedAt)))}
      </span>
    </>
  );
}

export interface IncidentListProps {
  items: Incident[];
  values: Values;
  errors: FormErrors;
  refusal?: string | undefined;
  nextHref?: string | undefined;
  firstHref?: string | undefined;
  filtered: boolean;
  canAct: boolean;
}

/** The register: filters (portal, Vietnam days of the start), newest first, paged. */
export function IncidentListPage(p: IncidentListProps) {
  const { t } = useCtx();
  const m = t.operations;
  const scope = useScope();
  const failed = !!Object.keys(p.errors).length || !!p.refusal;
  return (
    <Shell title={m.tabIncidents} tab="incidents" canAct={p.canAct} errors={p.errors} refusal={p.refusal}>
      <div class="page-head">
        <h2 class="heading-l">{m.tabIncidents}</h2>
        {p.canAct ? (
          <LinkButton href={`${INCIDENTS}/new`} kind="primary">
            {m.newIncident}
          </LinkButton>
        ) : null}
      </div>
      <p class="lead">{m.incidentsIntro}</p>
      <form method="get" action={OPERATIONS} class="filters" aria-labelledby="filters-title" novalidate>
        <h2 class="heading-s" id="filters-title">
          {m.filters}
        </h2>
        <div class="filters__grid">
          <PortalSelect
            label={m.portal}
            hint={m.portalHint}
            allLabel={m.allPortals}
            value={p.values.portalId ?? ""}
            error={p.errors.portalId}
          />
          <TextFields
            fields={[
              { id: "from", label: m.fromDay, hint: m.dateHint, class: "input input--date" },
              { id: "to", label: m.toDay, hint: m.dateHint, class: "input input--date" },
            ]}
            values={p.values}
            errors={p.errors}
          />
        </div>
        <div class="button-group">
          <button type="submit" class="button button--secondary" id="filter">
            {m.filter}
          </button>
          <a href={OPERATIONS}>{m.clear}</a>
        </div>
      </form>
      {failed ? null : (
        <>
          <DataTable
            rows={p.items}
            rowKey={(i) => i.id}
            caption={m.tabIncidents}
            empty={p.filtered ? m.noneFiltered : m.none}
            id="incidents"
            class="table--words"
            columns={[
              { label: m.colStarted, cell: (i) => <DateTime value={i.startedAt} />, class: "nowrap" },
              {
                label: m.colTitle,
                cell: (i) => (
                  <a class="archive-title" href={incidentHref(i.id)}>
                    {i.title}
                  </a>
                ),
              },
              { label: m.colKind, cell: (i) => m.kinds[i.kind] ?? i.kind },
              { label: m.colScope, cell: (i) => scope(i) },
              { label: m.colClosed, cell: (i) => <Ended i={i} />, class: "nowrap" },
              { label: m.colNotified, cell: (i) => (i.notified.length ? i.notified.join("; ") : "—") },
            ]}
          />
          {p.nextHref || p.firstHref ? (
            <Pager
              label={m.pager}
              first={m.first}
              next={m.next}
              firstHref={p.firstHref}
              nextHref={p.nextHref}
            />
          ) : null}
        </>
      )}
    </Shell>
  );
}

/** The texts both forms ask for: summary, then (after the start) what was done and who was told. */
function SummaryField({ values, errors }: { values: Values; errors: FormErrors }) {
  const m = useCtx().t.operations;
  return (
    <TextFields
      fields={[{ id: "title", label: m.titleLabel, hint: m.titleHint, maxLength: 200, class: "input" }]}
      values={values}
      errors={errors}
    />
  );
}

/** A Vietnam wall-clock time typed as dd/MM/yyyy HH:mm. */
function TimeField(p: { id: string; label: string; hint: string; values: Values; errors: FormErrors }) {
  return (
    <TextFields
      fields={[{ id: p.id, label: p.label, hint: p.hint, maxLength: 16, class: "input input--date" }]}
      values={p.values}
      errors={p.errors}
    />
  );
}

function ActionsFields({ values, errors }: { values: Values; errors: FormErrors }) {
  const m = useCtx().t.operations;
  return (
    <>
      <TextArea
        id="actions"
        name="actions"
        label={m.actions}
        hint={m.actionsHint}
        value={values.actions ?? ""}
        error={errors.actions}
        rows={6}
        maxLength={4000}
      />
      <TextArea
        id="notified"
        name="notified"
        label={m.notified}
        hint={m.notifiedHint}
        value={values.notified ?? ""}
        error={errors.notified}
        rows={4}
      />
    </>
  );
}

/** A new incident: kind, portal or the whole platform, start (now, filled in), summary, actions, told. */
export function NewIncidentPage(p: {
  values: Values;
  errors: FormErrors;
  refusal?: string | undefined;
  canAct: boolean;
}) {
  const m = useCtx().t.operations;
  return (
    <Layout title={`${m.newTitle} — ${m.title}`}>
      <Breadcrumbs items={[{ href: OPERATIONS, label: m.tabIncidents }, { label: m.newTitle }]} />
      <ErrorSummary errors={p.errors} />
      {p.refusal ? <Notice kind="error">{p.refusal}</Notice> : null}
      <h1 class="heading-xl">{m.newTitle}</h1>
      {p.canAct ? (
        <div class="narrow">
          <p class="lead">{m.newIntro}</p>
          <PostForm
            action={INCIDENTS}
            button={m.create}
            buttonId="create"
            after={<a href={OPERATIONS}>{m.back}</a>}
          >
            <Choices
              id="kind"
              name="kind"
              type="radio"
              legend={m.kind}
              error={p.errors.kind}
              checked={[p.values.kind ?? ""]}
              options={(["availability", "security"] as const).map((k) => ({
                value: k,
                id: `kind-${k}`,
                label: m.kinds[k] ?? k,
                hint: m.kindHints[k] ?? "",
              }))}
            />
            <PortalSelect
              label={m.scope}
              hint={m.scopeHint}
              allLabel={m.chooseScope}
              more={[{ value: WHOLE_PLATFORM, label: m.wholePlatform }]}
              value={p.values.portalId ?? ""}
              error={p.errors.portalId}
            />
            <SummaryField values={p.values} errors={p.errors} />
            <TimeField
              id="startedAt"
              label={m.startedAt}
              hint={m.startedAtHint}
              values={p.values}
              errors={p.errors}
            />
            <ActionsFields values={p.values} errors={p.errors} />
          </PostForm>
        </div>
      ) : (
        <>
          <Notice kind="info">{m.readOnly}</Notice>
          <p>
            <a href={OPERATIONS}>{m.back}</a>
          </p>
        </>
      )}
    </Layout>
  );
}

export interface IncidentPageProps {
  incident: Incident;
  canAct: boolean;
  /** the edit form's values (the incident's, or what the person typed) */
  values: Values;
  errors: FormErrors;
  /** the version the form edits (after a 409: the current one, so saving again writes over it) */
  version: number;
  refusal?: string | undefined;
  /** someone saved meanwhile: theirs beside the person's */
  conflict?: Conflict | undefined;
  /** someone closed it meanwhile: what the person typed, not saved */
  unsaved?: Values | undefined;
}

/** One incident: its facts, then (platform admins, while open) the update-or-close form. */
export function IncidentPage(p: IncidentPageProps) {
  const { t } = useCtx();
  const m = t.operations;
  const scope = useScope();
  const i = p.incident;
  const lines = (xs: string[]) =>
    xs.length ? (
      <ul class="list">
        {xs.map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
    ) : (
      m.notYet
    );
  return (
    <Layout title={`${i.title} — ${m.title}`}>
      <Breadcrumbs items={[{ href: OPERATIONS, label: m.tabIncidents }, { label: i.title }]} />
      <ErrorSummary errors={p.errors} />
      {p.refusal ? <Notice kind="error">{p.refusal}</Notice> : null}
      {p.conflict ? <ConflictPanel conflict={p.conflict} /> : null}
      <p class="hint">{m.incidentTitle}</p>
      <h1 class="heading-xl archive-title">{i.title}</h1>
      {p.canAct ? null : <Notice kind="info">{m.readOnly}</Notice>}
      {i.closedAt ? <Notice kind="info">{m.isClosed(formatDateTime(i.closedAt))}</Notice> : null}
      <SummaryList
        rows={[
          [m.rKind, m.kinds[i.kind] ?? i.kind],
          [m.rScope, scope(i)],
          [m.rStarted, <DateTime value={i.startedAt} />],
          [m.rClosed, <Ended i={i} />],
          [m.rActions, i.actions ? <span class="pre-line">{i.actions}</span> : m.notYet],
          [m.rNotified, lines(i.notified)],
          [m.rCreatedBy, i.createdBy.username],
          [m.rCreatedAt, <DateTime value={i.createdAt} />],
          [m.rUpdatedAt, <DateTime value={i.updatedAt} />],
        ]}
      />
      {p.unsaved ? (
        <Section id="yours-title" title={m.yoursTitle} size="m">
          <SummaryList
            rows={[
              [m.titleLabel, p.unsaved.title ?? ""],
              [m.actions, <span class="pre-line">{p.unsaved.actions ?? ""}</span>],
              [m.notified, <span class="pre-line">{p.unsaved.notified ?? ""}</span>],
              [m.closedAt, p.unsaved.closedAt ?? ""],
            ]}
          />
        </Section>
      ) : null}
      {p.canAct && !i.closedAt ? (
        <Section id="edit-title" title={m.editTitle}>
          <div class="narrow">
            <p>{m.editIntro}</p>
            <PostForm
              action={incidentHref(i.id)}
              button={m.save}
              buttonId="save-button"
              hidden={{ version: String(p.version) }}
              after={<a href={OPERATIONS}>{m.back}</a>}
            >
              <SummaryField values={p.values} errors={p.errors} />
              <ActionsFields values={p.values} errors={p.errors} />
              <TimeField
                id="closedAt"
                label={m.closedAt}
                hint={m.closedAtHint}
                values={p.values}
                errors={p.errors}
              />
            </PostForm>
          </div>
        </Section>
      ) : (
        <p class="section">
          <a href={OPERATIONS}>{m.back}</a>
        </p>
      )}
    </Layout>
  );
}
