// The board's review (R-MODERATE, R-TIMELY): the proposed revision against the live one, the
// preview links on the portal's own host, approve (optionally scheduled) or return with a
// required comment; then publish now or at a Vietnam time, or take down.
import type { DiffPart, ItemDiff, ItemView } from "../../api/types";
import type { ItemAbilities } from "../../forms/abilities";
import { formatDateTime } from "../../i18n";
import {
  Breadcrumbs,
  Button,
  Choices,
  Csrf,
  DateTime,
  ErrorSummary,
  type FormErrors,
  Notice,
  Select,
  TextArea,
  TextInput,
} from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";
import { ItemTabs, itemTitle } from "./items";

export interface PreviewLinkView {
  previewId: string;
  /** only just after the link was made (the token is not kept) */
  url?: string;
  createdAt: string;
  expiresAt: string;
  createdBy: { name?: string | undefined; username: string };
}

function Parts({ parts }: { parts: DiffPart[] }) {
  return (
    <p class="diff pre-line">
      {parts.map((p, i) =>
        p.op === "added" ? (
          <ins key={i}>{p.text}</ins>
        ) : p.op === "removed" ? (
          <del key={i}>{p.text}</del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  );
}

export function DiffView({ diff }: { diff: ItemDiff }) {
  const { t } = useCtx();
  return (
    <section class="section" aria-labelledby="diff-title">
      <h2 class="heading-m" id="diff-title">
        {t.review.diff}
      </h2>
      {diff.base ? (
        <p class="hint">{t.review.diffLegend}</p>
      ) : (
        <Notice kind="info">{t.review.diffNew}</Notice>
      )}
      {diff.fields.map((f) => (
        <div class="diff-field" key={`${f.field}-${f.locale ?? ""}`}>
          <h3 class="heading-s">
            {t.review.fields[f.field] ?? f.field}
            {f.locale && f.locale !== "vi" ? ` (${f.locale})` : ""}
            {!f.changed ? <span class="hint"> — {t.review.unchanged}</span> : null}
          </h3>
          {f.changed || !diff.base ? <Parts parts={f.parts} /> : null}
        </div>
      ))}
    </section>
  );
}

export function PreviewLinks({
  item,
  links,
  canCreate,
}: {
  item: ItemView;
  links: PreviewLinkView[];
  canCreate: boolean;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/items/${item.itemId}`;
  return (
    <section class="section" aria-labelledby="preview-title">
      <h2 class="heading-m" id="preview-title">
        {t.review.previewLinks}
      </h2>
      <p>{t.review.previewIntro}</p>
      {links.length ? (
        <ul class="list">
          {links.map((l) => (
            <li key={l.previewId} class="preview-link">
              <p>
                {t.review.previewMadeBy(
                  l.createdBy.name ?? l.createdBy.username,
                  formatDateTime(l.createdAt),
                )}{" "}
                <span class="hint">({t.review.previewExpires(formatDateTime(l.expiresAt))})</span>
              </p>
              {l.url ? (
                <>
                  <label class="label" for={`preview-${l.previewId}`}>
                    {t.review.previewCopyHint}
                  </label>
                  <p class="hint">{t.review.previewOnce}</p>
                  <input
                    class="input input--wide"
                    type="text"
                    readOnly
                    value={l.url}
                    id={`preview-${l.previewId}`}
                  />
                  <p>
                    <a href={l.url} target="_blank" rel="noopener" class="preview-open">
                      {t.review.previewOpen}
                    </a>
                  </p>
                </>
              ) : null}
              <form method="post" action={`${base}/preview-links/${l.previewId}/revoke`} class="inline-form">
                <Csrf />
                <Button kind="secondary">{t.review.previewRevoke}</Button>
              </form>
            </li>
          ))}
        </ul>
      ) : null}
      {canCreate ? (
        <form method="post" action={`${base}/preview-links`} class="inline-form">
          <Csrf />
          <Select
            id="ttlHours"
            name="ttlHours"
            label={t.review.previewTtl}
            value="72"
            options={[24, 72, 168].map((h) => ({ value: String(h), label: t.review.previewTtlHours(h) }))}
          />
          <Button kind="secondary" id="create-preview">
            {t.review.previewCreate}
          </Button>
        </form>
      ) : null}
    </section>
  );
}

export function ReviewPage(p: {
  item: ItemView;
  diff: ItemDiff | null;
  links: PreviewLinkView[];
  can: ItemAbilities;
  errors: FormErrors;
  values: { comment?: string; scheduleAt?: string };
  refusal?: string | undefined;
}) {
  const { t, portal } = useCtx();
  const title = itemTitle(p.item);
  const base = `/p/${portal?.id}/items/${p.item.itemId}`;
  const w = p.item.working;
  return (
    <Layout title={t.review.title(title)}>
      <Breadcrumbs
        items={[
          { href: `/p/${portal?.id}/items`, label: t.list.title },
          { href: base, label: title },
          { label: p.can.review ? t.item.review : t.item.preview },
        ]}
      />
      <h1 class="heading-xl">{p.can.review ? t.review.title(title) : title}</h1>
      <ItemTabs item={p.item} current="review" />
      {p.refusal ? <Notice kind="error">{p.refusal}</Notice> : null}
      <ErrorSummary errors={p.errors} />
      {w?.submittedBy ? (
        <p class="hint">
          {t.dashboard.submittedOn(
            w.submittedBy.name ?? w.submittedBy.username,
            formatDateTime(w.submittedAt),
          )}
          {w.dueBy ? (
            <>
              {" — "}
              {t.dashboard.dueOn(formatDateTime(w.dueBy))}
            </>
          ) : null}
        </p>
      ) : null}
      {p.can.ownWork ? <Notice kind="info">{t.review.ownWork}</Notice> : null}
      {p.diff ? <DiffView diff={p.diff} /> : null}
      <PreviewLinks item={p.item} links={p.links} canCreate={p.can.preview || p.can.review} />
      {p.can.review ? (
        <section class="section" aria-labelledby="decision-title">
          <h2 class="heading-m" id="decision-title">
            {t.review.decision}
          </h2>
          <div class="decision">
            <form method="post" action={`${base}/approve`} class="decision__form">
              <Csrf />
              <input type="hidden" name="version" value={String(p.item.version)} />
              <p class="hint">{t.review.approveHint}</p>
              <TextInput
                id="scheduleAt"
                name="scheduleAt"
                label={t.review.scheduleAt}
                hint={t.editor.dateTimeHint}
                value={p.values.scheduleAt}
                error={p.errors.scheduleAt}
                placeholder="dd/MM/yyyy HH:mm"
              />
              <Button id="approve">{t.review.approve}</Button>
            </form>
            <form method="post" action={`${base}/reject`} class="decision__form">
              <Csrf />
              <input type="hidden" name="version" value={String(p.item.version)} />
              <TextArea
                id="comment"
                name="comment"
                label={t.review.rejectComment}
                hint={t.review.rejectHint}
                value={p.values.comment}
                error={p.errors.comment}
                rows={4}
                maxLength={4000}
              />
              <Button kind="warning" id="reject">
                {t.review.reject}
              </Button>
            </form>
          </div>
        </section>
      ) : w?.state !== "submitted" && p.can.review === false && !p.can.preview ? (
        <Notice kind="info">{t.review.notSubmitted}</Notice>
      ) : null}
    </Layout>
  );
}

export function PublishPage(p: {
  item: ItemView;
  errors: FormErrors;
  values: { when?: string; at?: string };
}) {
  const { t, portal } = useCtx();
  const title = itemTitle(p.item);
  const base = `/p/${portal?.id}/items/${p.item.itemId}`;
  return (
    <Layout title={t.publish.title(title)}>
      <Breadcrumbs
        items={[
          { href: `/p/${portal?.id}/items`, label: t.list.title },
          { href: base, label: title },
          { label: t.item.publish },
        ]}
      />
      <h1 class="heading-xl">{t.publish.title(title)}</h1>
      <ErrorSummary errors={p.errors} />
      <form method="post" action={`${base}/publish`} class="narrow">
        <Csrf />
        <input type="hidden" name="version" value={String(p.item.version)} />
        <Choices
          id="when"
          name="when"
          type="radio"
          legend={t.publish.when}
          options={[
            { value: "now", label: t.publish.now },
            { value: "later", label: t.publish.later },
          ]}
          checked={[p.values.when ?? "now"]}
        />
        <TextInput
          id="at"
          name="at"
          label={t.publish.at}
          hint={t.editor.dateTimeHint}
          value={p.values.at}
          error={p.errors.at}
          placeholder="dd/MM/yyyy HH:mm"
        />
        <Button id="publish">{t.publish.submit}</Button>
      </form>
    </Layout>
  );
}

export function UnpublishPage(p: {
  item: ItemView;
  errors: FormErrors;
  values: { mode?: string; publicReason?: string; redirectTo?: string };
}) {
  const { t, portal } = useCtx();
  const title = itemTitle(p.item);
  const base = `/p/${portal?.id}/items/${p.item.itemId}`;
  return (
    <Layout title={t.publish.unpublishTitle(title)}>
      <Breadcrumbs
        items={[
          { href: `/p/${portal?.id}/items`, label: t.list.title },
          { href: base, label: title },
          { label: t.item.unpublish },
        ]}
      />
      <h1 class="heading-xl">{t.publish.unpublishTitle(title)}</h1>
      <ErrorSummary errors={p.errors} />
      <form method="post" action={`${base}/unpublish`} class="narrow">
        <Csrf />
        <input type="hidden" name="version" value={String(p.item.version)} />
        <Choices
          id="mode"
          name="mode"
          type="radio"
          legend={t.publish.mode}
          error={p.errors.mode}
          options={[
            { value: "withdrawn", label: t.publish.withdrawn },
            { value: "gone", label: t.publish.gone },
            { value: "redirected", label: t.publish.redirected },
          ]}
          checked={[p.values.mode ?? "withdrawn"]}
        />
        <TextArea
          id="publicReason"
          name="publicReason"
          label={t.publish.reason}
          hint={t.publish.reasonHint}
          value={p.values.publicReason}
          error={p.errors.publicReason}
          rows={3}
          maxLength={2000}
        />
        <TextInput
          id="redirectTo"
          name="redirectTo"
          label={t.publish.redirectTo}
          hint={t.publish.redirectHint}
          value={p.values.redirectTo}
          error={p.errors.redirectTo}
          maxLength={500}
        />
        <Button kind="warning" id="unpublish">
          {t.publish.unpublishSubmit}
        </Button>
      </form>
    </Layout>
  );
}

export { DateTime };
