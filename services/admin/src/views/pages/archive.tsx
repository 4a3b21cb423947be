// The archive (issue 19 screen 3, R-RETAIN): staff search of every portal's archived revisions,
// the items on legal hold, what expires when and what has expired, a hold placed or lifted with
// its reason on a page of its own, and the hash chain's verification with its progress and
// result. Platform admins act; auditors see the same pages with no action.
import type { ComponentChildren } from "preact";
import type { ArchivedItem, RetentionStatus } from "../../api/platform";
import { formatDateTime } from "../../i18n";
import { Button, DateTime, ErrorSummary, type FormErrors, Notice, type Option, Select } from "../components";
import { useCtx } from "../context";
import { TextFields } from "../form";
import { Layout } from "../layout";
import { type Column, DataTable, Pager, SubNav, Tag } from "../table";

export const ARCHIVE = "/platform/archive";
export type ArchiveTab = "search" | "holds" | "expiring" | "expired" | "verify";
export type Values = Record<string, string>;

function Tabs({ current }: { current: ArchiveTab }) {
  const m = useCtx().t.archive;
  return (
    <SubNav
      label={m.sections}
      current={current}
      tabs={[
        ["search", ARCHIVE, m.tabSearch],
        ["holds", `${ARCHIVE}/holds`, m.tabHolds],
        ["expiring", `${ARCHIVE}/expiring`, m.tabExpiring],
        ["expired", `${ARCHIVE}/expired`, m.tabExpired],
        ["verify", `${ARCHIVE}/verify`, m.tabVerify],
      ]}
    />
  );
}

/** Every archive page: the error summary, the heading, the parts as tabs, the auditor's notice. */
export function Shell(p: {
  title: string;
  tab: ArchiveTab;
  canAct: boolean;
  errors?: FormErrors | undefined;
  refusal?: string | undefined;
  islands?: string[];
  children: ComponentChildren;
}) {
  const m = useCtx().t.archive;
  return (
    <Layout title={`${p.title} — ${m.title}`} islands={p.islands ?? []}>
      <ErrorSummary errors={p.errors ?? {}} />
      {p.refusal ? <Notice kind="error">{p.refusal}</Notice> : null}
      <h1 class="heading-xl">{m.title}</h1>
      <Tabs current={p.tab} />
      {p.canAct ? null : <Notice kind="info">{m.readOnly}</Notice>}
      {p.children}
    </Layout>
  );
}

/**
 * A choice of portal: every portal the person sees (platform admins and auditors: all), after
 * the empty choice ("every portal" unless `allLabel` says otherwise) and the `more` ones.
 */
export function PortalSelect(p: {
  value: string;
  id?: string;
  name?: string;
  label?: string;
  allLabel?: string;
  hint?: string;
  error?: string | undefined;
  more?: Option[];
}) {
  const { t, portals } = useCtx();
  return (
    <Select
      id={p.id ?? "portalId"}
      name={p.name ?? "portalId"}
      label={p.label ?? t.archive.portal}
      hint={p.hint}
      value={p.value}
      error={p.error}
      options={[
        { value: "", label: p.allLabel ?? t.archive.allPortals },
        ...(p.more ?? []),
        ...portals.map((x) => ({ value: x.id, label: x.name })),
      ]}
    />
  );
}

/** A list's filters (GET, so the address keeps them): the fields given, then Filter and Clear. */
function Filters(p: {
  action: string;
  button: string;
  values: Values;
  errors: FormErrors;
  q?: boolean;
  days?: { fromLabel: string };
}) {
  const m = useCtx().t.archive;
  return (
    <form method="get" action={p.action} class="filters" aria-labelledby="filters-title" novalidate>
      <h2 class="heading-s" id="filters-title">
        {m.filters}
      </h2>
      <div class="filters__grid">
        {p.q ? (
          <TextFields
            fields={[{ id: "q", label: m.q, hint: m.qHint, maxLength: 200, class: "input" }]}
            values={p.values}
            errors={p.errors}
          />
        ) : null}
        <PortalSelect value={p.values.portalId ?? ""} />
        {p.days ? (
          <TextFields
            fields={[
              { id: "from", label: p.days.fromLabel, hint: m.dateHint, class: "input input--date" },
              { id: "to", label: m.toDay, hint: m.dateHint, class: "input input--date" },
            ]}
            values={p.values}
            errors={p.errors}
          />
        ) : null}
      </div>
      <div class="button-group">
        <Button kind="secondary" id="filter">
          {p.button}
        </Button>
        <a href={p.action}>{m.clear}</a>
      </div>
    </form>
  );
}

/** The hold page's address for an item of a list, coming back to `back`. */
export const holdHref = (x: ArchivedItem, back: string) =>
  `${ARCHIVE}/items/${encodeURIComponent(x.itemId)}/hold?${new URLSearchParams({
    portalId: x.portalId,
    title: x.title,
    back,
  })}`;

/** The columns the lists choose from. */
function useColumns(back: string, canAct: boolean) {
  const { t, portals } = useCtx();
  const m = t.archive;
  const portalName = (id: string) => portals.find((x) => x.id === id)?.name ?? id;
  const cols = {
    title: {
      label: m.colTitle,
      cell: (x: ArchivedItem) => (
        <>
          <span class="archive-title">{x.title}</span>
          <span class="hint archive-kind">{t.kinds[x.kind] ?? x.kind}</span>
        </>
      ),
    },
    portal: { label: m.colPortal, cell: (x: ArchivedItem) => portalName(x.portalId) },
    published: {
      label: m.colPublished,
      cell: (x: ArchivedItem) => <DateTime value={x.firstPublishedAt} />,
      class: "nowrap",
    },
    retention: {
      label: m.colRetention,
      cell: (x: ArchivedItem) => (
        <>
          {m.retention[x.retentionClass] ?? x.retentionClass}
          {x.expiresAt && x.state !== "expired" ? (
            <span class="hint">{m.until(formatDateTime(x.expiresAt))}</span>
          ) : null}
        </>
      ),
    },
    expires: {
      label: m.colExpires,
      cell: (x: ArchivedItem) => (x.expiresAt ? <DateTime value={x.expiresAt} /> : m.noExpiry),
      class: "nowrap",
    },
    expired: {
      label: m.colExpired,
      cell: (x: ArchivedItem) => <DateTime value={x.expiredAt ?? x.expiresAt} />,
      class: "nowrap",
    },
    /** the state, and the hold under it when there is one */
    state: {
      label: m.colState,
      cell: (x: ArchivedItem) => (
        <>
          <Tag colour={x.state === "published" ? "green" : x.state === "expired" ? "red" : "grey"}>
            {m.states[x.state] ?? x.state}
          </Tag>
          {x.hold ? (
            <span class="archive-held">
              <Tag colour="orange">{m.heldTag}</Tag>
            </span>
          ) : null}
        </>
      ),
    },
    hold: {
      label: m.colHold,
      cell: (x: ArchivedItem) =>
        x.hold ? (
          <>
            <span class="archive-hold">{x.hold.reason}</span>
            <span class="hint">{m.heldBy(x.hold.by.username, formatDateTime(x.hold.at))}</span>
          </>
        ) : (
          m.notHeld
        ),
    },
    actions: canAct
      ? {
          label: m.colActions,
          cell: (x: ArchivedItem) =>
            x.state === "expired" ? null : (
              <a href={holdHref(x, back)} aria-label={m.actionOn(x.hold ? m.release : m.place, x.title)}>
                {x.hold ? m.release : m.place}
              </a>
            ),
          class: "nowrap",
        }
      : null,
  } satisfies Record<string, Column<ArchivedItem> | null>;
  return cols;
}

function ItemTable(p: {
  items: ArchivedItem[];
  columns: (Column<ArchivedItem> | null)[];
  caption: string;
  empty: string;
  nextHref?: string | undefined;
  firstHref?: string | undefined;
  show: boolean;
}) {
  const m = useCtx().t.archive;
  if (!p.show) return null;
  return (
    <>
      <DataTable
        rows={p.items}
        rowKey={(x) => x.itemId}
        caption={p.caption}
        empty={p.empty}
        id="archive-items"
        class="table--words"
        columns={p.columns}
      />
      {p.nextHref || p.firstHref ? (
        <Pager label={m.pager} first={m.first} next={m.next} firstHref={p.firstHref} nextHref={p.nextHref} />
      ) : null}
    </>
  );
}

export interface ListPageProps {
  tab: Exclude<ArchiveTab, "verify">;
  items: ArchivedItem[];
  values: Values;
  errors: FormErrors;
  refusal?: string | undefined;
  nextHref?: string | undefined;
  firstHref?: string | undefined;
  /** this page's address, to come back to after a hold */
  back: string;
  canAct: boolean;
  status?: RetentionStatus | null;
}

/** Search, holds, expiring, expired: filters, the table, the pager. */
export function ArchiveListPage(p: ListPageProps) {
  const { t } = useCtx();
  const m = t.archive;
  const c = useColumns(p.back, p.canAct);
  const failed = !!Object.keys(p.errors).length || !!p.refusal;
  const spec = {
    search: {
      title: m.tabSearch,
      intro: m.searchIntro,
      empty: m.none,
      columns: [c.title, c.portal, c.published, c.retention, c.state, c.actions],
      filters: (
        <Filters
          action={ARCHIVE}
          button={m.search}
          values={p.values}
          errors={p.errors}
          q
          days={{ fromLabel: m.publishedFrom }}
        />
      ),
    },
    holds: {
      title: m.tabHolds,
      intro: m.holdsIntro,
      empty: m.noHolds,
      columns: [c.title, c.portal, c.hold, c.expires, c.actions],
      filters: <Filters action={`${ARCHIVE}/holds`} button={m.filter} values={p.values} errors={p.errors} />,
    },
    expiring: {
      title: m.tabExpiring,
      intro: m.expiringIntro,
      empty: m.noExpiring,
      columns: [c.title, c.portal, c.expires, c.published, c.state, c.actions],
      filters: (
        <Filters
          action={`${ARCHIVE}/expiring`}
          button={m.filter}
          values={p.values}
          errors={p.errors}
          days={{ fromLabel: m.expiresFrom }}
        />
      ),
    },
    expired: {
      title: m.tabExpired,
      intro: m.expiredIntro,
      empty: m.noExpired,
      columns: [c.title, c.portal, c.published, c.expired],
      filters: (
        <Filters action={`${ARCHIVE}/expired`} button={m.filter} values={p.values} errors={p.errors} />
      ),
    },
  }[p.tab];
  return (
    <Shell title={spec.title} tab={p.tab} canAct={p.canAct} errors={p.errors} refusal={p.refusal}>
      <h2 class="heading-l">{spec.title}</h2>
      <p class="lead">{spec.intro}</p>
      {p.status !== undefined ? <SchedulerStatus status={p.status} /> : null}
      {spec.filters}
      <ItemTable
        items={p.items}
        columns={spec.columns}
        caption={spec.title}
        empty={spec.empty}
        nextHref={p.nextHref}
        firstHref={p.firstHref}
        show={!failed}
      />
    </Shell>
  );
}

/** The retention scheduler's last run, as the expiring and expired lists say it. */
function SchedulerStatus({ status }: { status: RetentionStatus | null }) {
  const m = useCtx().t.archive;
  if (!status) return null;
  return (
    <>
      {status.overdue ? <Notice kind="warning">{m.schedulerOverdue}</Notice> : null}
      <p class="hint" id="retention-status">
        {status.lastRunAt
          ? m.schedulerLast(
              formatDateTime(status.lastRunAt),
              status.lastResult?.expired ?? 0,
              status.lastResult?.held ?? 0,
            )
          : m.schedulerNever}{" "}
        {status.nextRunAt ? m.schedulerNext(formatDateTime(status.nextRunAt)) : null}
      </p>
    </>
  );
}
