// The portal's categories (R-CONTENT, R-RETAIN): order, names, retention class, mandatory,
// deadline; edited by the board head. The completeness board (R-CONTENT, R-TIMELY): each
// mandatory category with what is published, the last publication, red when empty or late.
import { formatDateTime } from "../../i18n";
import {
  Breadcrumbs,
  Button,
  Checkbox,
  Choices,
  Csrf,
  DateTime,
  ErrorSummary,
  type FormErrors,
  Notice,
  TextInput,
} from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";

export interface CategoryRow {
  categoryId: string;
  slug: string;
  name: { vi: string; en?: string };
  retentionClass: string;
  mandatory: boolean;
  deadlineWorkingDays: number | null;
  kinds: string[];
  parentId: string | null;
  order: number;
}

export function CategoriesPage({ rows, canEdit }: { rows: CategoryRow[]; canEdit: boolean }) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/categories`;
  return (
    <Layout title={t.categories.title}>
      <h1 class="heading-xl">{t.categories.title}</h1>
      <p class="lead">{t.categories.intro}</p>
      {canEdit ? null : <p class="hint">{t.categories.onlyHead}</p>}
      {/* GAP (issue 18): content's categories have no visibility attribute yet */}
      <p class="hint">{t.categories.visibilityGap}</p>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t.categories.colOrder}</th>
              <th scope="col">{t.categories.colName}</th>
              <th scope="col">{t.categories.colRetention}</th>
              <th scope="col">{t.categories.colMandatory}</th>
              <th scope="col">{t.categories.colDeadline}</th>
              <th scope="col">{t.categories.colKinds}</th>
              {canEdit ? <th scope="col">{t.categories.colActions}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.categoryId}>
                <td data-label={t.categories.colOrder}>{c.order}</td>
                <td data-label={t.categories.colName}>
                  {c.name.vi}
                  {c.name.en ? (
                    <span class="hint block" lang="en">
                      {c.name.en}
                    </span>
                  ) : null}
                </td>
                <td data-label={t.categories.colRetention}>
                  {t.categories.retention[c.retentionClass] ?? c.retentionClass}
                </td>
                <td data-label={t.categories.colMandatory}>
                  {c.mandatory ? <strong>{t.categories.yes}</strong> : t.categories.no}
                </td>
                <td data-label={t.categories.colDeadline}>
                  {c.deadlineWorkingDays ?? <span class="hint">{t.categories.noDeadline}</span>}
                </td>
                <td data-label={t.categories.colKinds}>
                  {c.kinds.length ? c.kinds.map((k) => t.kinds[k] ?? k).join(", ") : t.categories.anyKind}
                </td>
                {canEdit ? (
                  <td data-label={t.categories.colActions}>
                    <a href={`${base}/${c.categoryId}`}>
                      {t.categories.edit}
                      <span class="visually-hidden"> {c.name.vi}</span>
                    </a>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export interface CategoryFormValues {
  nameVi: string;
  nameEn: string;
  order: string;
  retentionClass: string;
  mandatory: boolean;
  deadline: string;
}

export function CategoryEditPage(p: {
  c: CategoryRow;
  values: CategoryFormValues;
  errors: FormErrors;
  refusal?: string;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/categories`;
  const title = t.categories.editTitle(p.c.name.vi);
  return (
    <Layout title={title}>
      <Breadcrumbs items={[{ href: base, label: t.categories.title }, { label: p.c.name.vi }]} />
      <ErrorSummary errors={p.errors} extra={p.refusal ? [p.refusal] : []} />
      <h1 class="heading-xl">{title}</h1>
      <form method="post" action={`${base}/${p.c.categoryId}`} novalidate>
        <Csrf />
        <TextInput
          id="nameVi"
          name="nameVi"
          label={t.categories.nameVi}
          value={p.values.nameVi}
          error={p.errors.nameVi}
          maxLength={200}
        />
        <TextInput
          id="nameEn"
          name="nameEn"
          label={t.categories.nameEn}
          value={p.values.nameEn}
          error={p.errors.nameEn}
          maxLength={200}
        />
        <TextInput
          id="order"
          name="order"
          label={t.categories.order}
          hint={t.categories.orderHint}
          value={p.values.order}
          error={p.errors.order}
          inputMode="numeric"
          class="input input--short"
        />
        <Choices
          id="retentionClass"
          name="retentionClass"
          type="radio"
          legend={t.categories.retentionLegend}
          options={["permanent", "limited-5y"].map((v) => ({
            value: v,
            label: t.categories.retention[v] ?? v,
          }))}
          checked={[p.values.retentionClass]}
          error={p.errors.retentionClass}
        />
        <div class="field">
          <Checkbox
            id="mandatory"
            name="mandatory"
            value="true"
            label={t.categories.mandatory}
            checked={p.values.mandatory}
          />
        </div>
        <TextInput
          id="deadline"
          name="deadline"
          label={t.categories.deadline}
          hint={t.categories.deadlineHint}
          value={p.values.deadline}
          error={p.errors.deadline}
          inputMode="numeric"
          class="input input--short"
        />
        <Button>{t.categories.save}</Button>
      </form>
      <p>
        <a href={base}>{t.categories.back}</a>
      </p>
    </Layout>
  );
}

export interface CompletenessRow {
  categoryId: string;
  name: string;
  mandatory: boolean;
  deadlineWorkingDays?: number | null;
  published: number;
  empty: boolean;
  overdue: { itemId: string; title: string; state: string; dueBy: string }[];
  /** first publication of the newest item in the category's listing */
  lastPublishedAt?: string | undefined;
}

function CompletenessTable({ rows }: { rows: CompletenessRow[] }) {
  const { t, portal } = useCtx();
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t.completeness.colName}</th>
            <th scope="col">{t.completeness.colPublished}</th>
            <th scope="col">{t.completeness.colLast}</th>
            <th scope="col">{t.completeness.colOwner}</th>
            <th scope="col">{t.completeness.colState}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => {
            const bad = c.mandatory && (c.empty || c.overdue.length > 0);
            return (
              <tr key={c.categoryId} class={bad ? "stale" : undefined}>
                <td data-label={t.completeness.colName}>{c.name}</td>
                <td data-label={t.completeness.colPublished}>{c.published}</td>
                <td data-label={t.completeness.colLast}>
                  {c.lastPublishedAt ? <DateTime value={c.lastPublishedAt} /> : t.completeness.never}
                </td>
                {/* GAP (issue 18): content stores no owner per category */}
                <td data-label={t.completeness.colOwner}>
                  <span class="hint">{t.completeness.ownerGap}</span>
                </td>
                <td data-label={t.completeness.colState}>
                  {c.empty ? <strong class="tag tag--red">{t.completeness.empty}</strong> : null}
                  {c.overdue.length ? (
                    <>
                      <strong class="tag tag--red">{t.completeness.overdue(c.overdue.length)}</strong>
                      <ul class="list">
                        {c.overdue.map((o) => (
                          <li key={o.itemId}>
                            <a href={`/p/${portal?.id}/items/${o.itemId}`}>{o.title || o.itemId}</a>{" "}
                            <span class="hint">({formatDateTime(o.dueBy)})</span>
                          </li>
                        ))}
                      </ul>
                    </>
                  ) : null}
                  {!c.empty && !c.overdue.length ? (
                    <strong class="tag tag--green">{t.completeness.ok}</strong>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function CompletenessPage({
  rows,
  generatedAt,
}: {
  rows: CompletenessRow[];
  generatedAt?: string | undefined;
}) {
  const { t } = useCtx();
  const mandatory = rows.filter((c) => c.mandatory);
  const bad = mandatory.filter((c) => c.empty || c.overdue.length);
  return (
    <Layout title={t.completeness.title}>
      <h1 class="heading-xl">{t.completeness.title}</h1>
      <p class="lead">{t.completeness.intro}</p>
      {generatedAt ? (
        <p class="hint">
          {t.completeness.generatedAt} <DateTime value={generatedAt} />
        </p>
      ) : null}
      {mandatory.length ? (
        <>
          {bad.length ? (
            <Notice kind="error">{t.completeness.incomplete(bad.length)}</Notice>
          ) : (
            <Notice kind="success">{t.completeness.complete}</Notice>
          )}
          <CompletenessTable rows={mandatory} />
        </>
      ) : (
        <Notice kind="info">{t.completeness.none}</Notice>
      )}
      <p class="hint">{t.completeness.ownerGapNote}</p>
      {rows.length > mandatory.length ? (
        <section class="section" aria-labelledby="others">
          <h2 class="heading-m" id="others">
            {t.completeness.others}
          </h2>
          <CompletenessTable rows={rows.filter((c) => !c.mandatory)} />
        </section>
      ) : null}
    </Layout>
  );
}
