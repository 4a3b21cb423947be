// The item list with filters, an item's overview with what the person may do next, and its
// history (the audit trail: who, when, what, comment).
import type { AuditEntry, Category, ItemRow, ItemView } from "../../api/types";
import type { ItemAbilities } from "../../forms/abilities";
import { formatDateTime } from "../../i18n";
import {
  Breadcrumbs,
  Button,
  Csrf,
  DateTime,
  LinkButton,
  Notice,
  Select,
  StateTag,
  SummaryList,
  TextInput,
} from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";
import { DataTable, Pager, Tag } from "../table";

export interface ListFilters {
  state?: string;
  categoryId?: string;
  kind?: string;
  owner?: string;
  locale?: string;
  q?: string;
  sort?: string;
}

const STATES = ["draft", "submitted", "approved", "rejected", "published", "unpublished", "archived"];

export function ItemTable({ rows, showDue }: { rows: ItemRow[]; showDue?: boolean }) {
  const { t, portal } = useCtx();
  const now = Date.now();
  const overdue = (r: ItemRow) => !!r.dueBy && new Date(r.dueBy).getTime() < now && r.state === "submitted";
  return (
    <DataTable
      rows={rows}
      rowKey={(r) => r.itemId}
      columns={[
        {
          label: t.list.colTitle,
          cell: (r) => (
            <>
              <a href={`/p/${portal?.id}/items/${r.itemId}`}>{r.title}</a>
              {r.rejection ? (
                <p class="hint">
                  {t.dashboard.boardComment}: {r.rejection.comment}
                </p>
              ) : null}
            </>
          ),
        },
        {
          label: t.list.colState,
          cell: (r) => (
            <>
              <StateTag state={r.state} />
              {overdue(r) ? (
                <Tag colour="red" overdue>
                  {t.dashboard.overdue}
                </Tag>
              ) : null}
            </>
          ),
        },
        { label: t.list.colKind, cell: (r) => t.kinds[r.kind] ?? r.kind },
        { label: t.list.colOwner, cell: (r) => r.owner.name ?? r.owner.username },
        {
          label: showDue ? t.list.colDue : t.list.colUpdated,
          cell: (r) => (
            <>
              {!showDue ? (
                <DateTime value={r.updatedAt} />
              ) : r.dueBy ? (
                <DateTime value={r.dueBy} />
              ) : (
                <span class="hint">{t.list.noDeadline}</span>
              )}
              {showDue && r.submittedAt ? (
                <span class="hint block">{t.list.submittedAt(formatDateTime(r.submittedAt))}</span>
              ) : null}
            </>
          ),
        },
      ]}
    />
  );
}

export function ItemListPage(p: {
  rows: ItemRow[];
  filters: ListFilters;
  categories: Category[];
  kinds: string[];
  nextHref?: string | undefined;
  firstHref?: string | undefined;
  hasEnglish: boolean;
}) {
  const { t, portal } = useCtx();
  const f = p.filters;
  return (
    <Layout title={t.list.title}>
      <div class="page-head">
        <h1 class="heading-xl">{t.list.title}</h1>
        <LinkButton href={`/p/${portal?.id}/items/new`} kind="primary">
          {t.nav.newItem}
        </LinkButton>
      </div>
      <form method="get" action={`/p/${portal?.id}/items`} class="filters" aria-labelledby="filters-title">
        <h2 class="heading-s" id="filters-title">
          {t.list.filters}
        </h2>
        <div class="filters__grid">
          <Select
            id="f-state"
            name="state"
            label={t.list.state}
            value={f.state}
            options={[
              { value: "", label: t.list.any },
              ...STATES.map((s) => ({ value: s, label: t.states[s] ?? s })),
            ]}
          />
          <Select
            id="f-category"
            name="categoryId"
            label={t.list.category}
            value={f.categoryId}
            options={[
              { value: "", label: t.list.any },
              ...p.categories.map((c) => ({ value: c.categoryId, label: c.name.vi })),
            ]}
          />
          <Select
            id="f-kind"
            name="kind"
            label={t.list.kind}
            value={f.kind}
            options={[
              { value: "", label: t.list.any },
              ...p.kinds.map((k) => ({ value: k, label: t.kinds[k] ?? k })),
            ]}
          />
          <Select
            id="f-owner"
            name="owner"
            label={t.list.author}
            value={f.owner}
            options={[
              { value: "", label: t.list.anyone },
              { value: "me", label: t.list.mine },
            ]}
          />
          {p.hasEnglish ? (
            <Select
              id="f-locale"
              name="locale"
              label={t.list.language}
              value={f.locale}
              options={[
                { value: "", label: t.list.anyLanguage },
                { value: "en", label: t.list.hasEnglish },
              ]}
            />
          ) : null}
          <TextInput id="f-q" name="q" label={t.list.words} value={f.q} maxLength={200} />
        </div>
        <div class="button-group">
          <Button kind="secondary">{t.list.apply}</Button>
          <a href={`/p/${portal?.id}/items`}>{t.list.clear}</a>
        </div>
      </form>
      {p.rows.length ? (
        <>
          <p class="hint" aria-live="polite">
            {t.list.count(p.rows.length)}
          </p>
          <ItemTable rows={p.rows} showDue={f.sort === "due"} />
        </>
      ) : (
        <Notice kind="info">{t.list.none}</Notice>
      )}
      <Pager
        label={t.list.next}
        first={t.list.first}
        next={t.list.next}
        firstHref={p.firstHref}
        nextHref={p.nextHref}
      />
    </Layout>
  );
}

export function ItemTabs({ item, current }: { item: ItemView; current: "overview" | "history" | "review" }) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/items/${item.itemId}`;
  const tabs: [string, string, string][] = [
    ["overview", base, t.item.overview],
    ["history", `${base}/history`, t.item.history],
  ];
  return (
    <nav class="tabs" aria-label={t.item.actions}>
      <ul class="tabs__list">
        {tabs.map(([key, href, label]) => (
          <li key={key}>
            <a class="tabs__tab" href={href} aria-current={key === current ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function itemTitle(item: ItemView): string {
  return item.working?.locales.vi?.title ?? item.live?.locales.vi?.title ?? item.itemId;
}

export function ItemPage({
  item,
  can,
  publicUrl,
}: {
  item: ItemView;
  can: ItemAbilities;
  publicUrl?: string | undefined;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/items/${item.itemId}`;
  const w = item.working;
  const title = itemTitle(item);
  return (
    <Layout title={title}>
      <Breadcrumbs items={[{ href: `/p/${portal?.id}/items`, label: t.list.title }, { label: title }]} />
      <h1 class="heading-xl">{title}</h1>
      <p>
        <StateTag state={item.state} /> <span class="hint">{t.kinds[item.kind] ?? item.kind}</span>
      </p>
      <ItemTabs item={item} current="overview" />
      {w?.rejection ? (
        <Notice kind="warning">
          <h2 class="heading-s">{t.item.rejection}</h2>
          <p class="pre-line">{w.rejection.comment}</p>
          <p class="hint">
            {w.rejection.by.name ?? w.rejection.by.username} — <DateTime value={w.rejection.at} />
          </p>
        </Notice>
      ) : null}
      {item.schedule.publish ? (
        <Notice kind="info">{t.item.scheduledFor(formatDateTime(item.schedule.publish.at))}</Notice>
      ) : null}
      <SummaryList
        rows={[
          [t.item.state, <StateTag key="s" state={item.state} />],
          [t.item.kind, t.kinds[item.kind] ?? item.kind],
          [t.item.owner, item.owner.name ?? item.owner.username],
          ...(w
            ? ([[t.item.createdBy, w.createdBy.name ?? w.createdBy.username]] as [string, string][])
            : []),
          [t.item.updatedAt, <DateTime key="u" value={item.updatedAt} />],
          ...(w?.dueBy
            ? ([[t.item.dueBy, <DateTime key="d" value={w.dueBy} />]] as [string, preact.JSX.Element][])
            : []),
          ...(item.live
            ? ([[t.item.live, t.item.liveRevision(item.live.revision)]] as [string, string][])
            : []),
          ...(w
            ? ([[t.item.working, t.item.workingRevision(w.revision, t.states[w.state] ?? w.state)]] as [
                string,
                string,
              ][])
            : []),
          ...(item.unpublished
            ? ([
                [
                  t.item.state,
                  t.item.unpublishedAs(t.publish.modes[item.unpublished.mode] ?? item.unpublished.mode),
                ],
              ] as [string, string][])
            : []),
        ]}
      />
      {w?.locales.vi?.summary ? <p class="lead">{w.locales.vi.summary}</p> : null}
      <h2 class="heading-m">{t.item.actions}</h2>
      <div class="button-group">
        {can.edit ? (
          <LinkButton href={`${base}/edit`} kind="primary">
            {w ? t.item.edit : t.item.startRevision}
          </LinkButton>
        ) : null}
        {can.submit ? (
          <form method="post" action={`${base}/submit`} class="inline-form">
            <Csrf />
            <input type="hidden" name="version" value={String(item.version)} />
            <Button kind={can.edit ? "secondary" : "primary"}>{t.item.submit}</Button>
          </form>
        ) : null}
        {can.review ? (
          <LinkButton href={`${base}/review`} kind="primary">
            {t.item.review}
          </LinkButton>
        ) : null}
        {can.publish ? (
          <LinkButton href={`${base}/publish`} kind="primary">
            {t.item.publish}
          </LinkButton>
        ) : null}
        {can.unpublish ? <LinkButton href={`${base}/unpublish`}>{t.item.unpublish}</LinkButton> : null}
        {can.preview && !can.review ? (
          <LinkButton href={`${base}/review`}>{t.item.preview}</LinkButton>
        ) : null}
        {publicUrl ? (
          <LinkButton href={publicUrl} newTab>
            {t.item.viewPublic}
          </LinkButton>
        ) : null}
      </div>
      {can.ownWork ? <Notice kind="info">{t.review.ownWork}</Notice> : null}
      {!can.edit && !can.submit && !can.review && !can.publish && !can.unpublish && !can.preview ? (
        <p class="hint">{t.item.noActions}</p>
      ) : null}
    </Layout>
  );
}

export function HistoryPage({ item, audit }: { item: ItemView; audit: AuditEntry[] }) {
  const { t, portal } = useCtx();
  const title = itemTitle(item);
  return (
    <Layout title={t.history.title(title)}>
      <Breadcrumbs
        items={[
          { href: `/p/${portal?.id}/items`, label: t.list.title },
          { href: `/p/${portal?.id}/items/${item.itemId}`, label: title },
          { label: t.item.history },
        ]}
      />
      <h1 class="heading-xl">{t.history.title(title)}</h1>
      <ItemTabs item={item} current="history" />
      <p>{t.history.intro}</p>
      <DataTable
        rows={[...audit].reverse().map((a, i) => ({ a, i }))}
        rowKey={({ i }) => String(i)}
        columns={[
          { label: t.history.when, cell: ({ a }) => <DateTime value={a.at} /> },
          {
            label: t.history.who,
            cell: ({ a }) => (
              <>
                {a.actor.name ?? a.actor.username}
                {a.onBehalfOf ? (
                  <span class="hint">
                    {" "}
                    ({t.history.onBehalf(a.onBehalfOf.name ?? a.onBehalfOf.username)})
                  </span>
                ) : null}
              </>
            ),
          },
          {
            label: t.history.what,
            cell: ({ a }) => (
              <>
                {t.history.actions[a.action] ?? a.action}
                {a.from !== a.to ? (
                  <span class="hint">
                    {" "}
                    ({t.states[a.from] ?? a.from} → {t.states[a.to] ?? a.to})
                  </span>
                ) : null}
              </>
            ),
          },
          { label: t.history.revision, cell: ({ a }) => a.revision ?? "—" },
          { label: t.history.note, cell: ({ a }) => a.reason ?? "", class: "pre-line" },
        ]}
      />
    </Layout>
  );
}
