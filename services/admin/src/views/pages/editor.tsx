// The editor (R-FMT, R-SUBMIT): title, summary, rich text, categories, the fields of each kind,
// cover and attachments from the media library, the English version, change note,
// contributors. Without JavaScript it is a plain form; the islands add the rich-text editor,
// autosave ("Đã lưu lúc …"), the warning before leaving, and the idle warning.
import type { Asset, Category, ItemView } from "../../api/types";
import { CONTRIBUTOR_ROWS, FIELD_IDS, type ItemForm, LEGAL_FIELDS } from "../../forms/item-form";
import { formatDateTime } from "../../i18n";
import {
  Breadcrumbs,
  Button,
  Choices,
  Csrf,
  ErrorSummary,
  type FormErrors,
  Notice,
  Select,
  TextArea,
  TextInput,
} from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";

export function KindChooserPage({ kinds, error }: { kinds: string[]; error?: string }) {
  const { t, portal } = useCtx();
  return (
    <Layout title={t.editor.newTitle}>
      <Breadcrumbs
        items={[{ href: `/p/${portal?.id}/items`, label: t.list.title }, { label: t.editor.newTitle }]}
      />
      <ErrorSummary errors={error ? { kind: error } : {}} />
      <form method="get" action={`/p/${portal?.id}/items/new`} class="narrow">
        <Choices
          id="kind"
          name="kind"
          type="radio"
          legend={<h1 class="heading-l">{t.editor.chooseKind}</h1>}
          hint={t.editor.chooseKindHint}
          error={error}
          options={kinds.map((k) => ({ value: k, label: t.kinds[k] ?? k }))}
          checked={[]}
        />
        <Button>{t.editor.continue}</Button>
      </form>
    </Layout>
  );
}

export interface Conflict {
  who: string;
  when: string;
  /** fields whose current value differs from what the person typed: [label, theirs, yours] */
  fields: [string, string, string][];
  currentVersion: number;
  /** the editor without the person's text: the current version */
  discardHref: string;
}

export interface EditorProps {
  form: ItemForm;
  item?: ItemView | undefined;
  categories: Category[];
  images: Asset[];
  documents: Asset[];
  languages: string[];
  errors: FormErrors;
  conflict?: Conflict | undefined;
  restored?: boolean;
  /** the item is live: this edit makes a new revision, with a change note */
  revisionOfLive: boolean;
}

export function EditorPage(p: EditorProps) {
  const { t, portal } = useCtx();
  const f = p.form;
  const e = p.errors;
  const base = `/p/${portal?.id}/items`;
  const action = p.item ? `${base}/${p.item.itemId}/edit` : `${base}/new?kind=${encodeURIComponent(f.kind)}`;
  const heading = p.item
    ? t.editor.editTitle(f.title || p.item.itemId)
    : t.editor.newOf(t.kinds[f.kind] ?? f.kind);
  const allowed = p.categories.filter(
    (c) => !c.kinds?.length || c.kinds.includes(f.kind) || f.categoryIds.includes(c.categoryId),
  );
  const imageList = JSON.stringify(
    p.images.map((a) => ({
      id: a.id,
      alt: a.altText ?? "",
      title: a.title ?? a.filename,
      thumb: thumbUrl(portal?.id, a),
    })),
  );
  const thumb = p.images.find((a) => a.id === f.cover);
  return (
    <Layout title={heading} islands={["editor"]}>
      <Breadcrumbs
        items={[
          { href: base, label: t.list.title },
          ...(p.item ? [{ href: `${base}/${p.item.itemId}`, label: f.title || p.item.itemId }] : []),
          { label: p.item ? t.item.edit : t.editor.newTitle },
        ]}
      />
      <h1 class="heading-xl">{heading}</h1>
      {p.restored ? <Notice kind="info">{t.auth.restored}</Notice> : null}
      {p.conflict ? <ConflictPanel conflict={p.conflict} /> : null}
      <ErrorSummary errors={e} />
      <form
        method="post"
        action={action}
        id="editor-form"
        class="editor"
        data-autosave={p.item ? "on" : "create"}
        data-item-base={base}
        novalidate
      >
        <Csrf />
        <input
          type="hidden"
          name="version"
          value={
            p.conflict ? String(p.conflict.currentVersion) : f.version !== undefined ? String(f.version) : ""
          }
        />
        <input type="hidden" name="keptMedia" value={JSON.stringify(f.keptMedia)} />
        <p
          id="save-status"
          class="save-status"
          role="status"
          aria-live="polite"
          data-saved-at-template={t.editor.savedAt("{time}")}
          data-saving={t.editor.saving}
          data-unsaved={t.editor.unsaved}
          data-failed={t.editor.autosaveFailed}
          data-leave={t.editor.leaveWarning}
          data-expired={t.editor.sessionExpiredSave}
        >
          {p.item ? t.editor.savedAt(formatDateTime(p.item.updatedAt).slice(11)) : ""}
        </p>

        <section class="section" aria-labelledby="sec-main">
          <h2 class="heading-m" id="sec-main">
            {t.editor.sectionMain}
          </h2>
          <TextInput
            id={FIELD_IDS.title}
            name="title"
            label={t.editor.title}
            hint={t.editor.titleHint}
            value={f.title}
            error={e[FIELD_IDS.title]}
            maxLength={500}
            class="input input--wide"
          />
          <TextArea
            id={FIELD_IDS.summary}
            name="summary"
            label={t.editor.summary}
            hint={t.editor.summaryHint}
            value={f.summary}
            error={e[FIELD_IDS.summary]}
            rows={3}
            maxLength={2000}
          />
          <TextArea
            id={FIELD_IDS.body}
            name="body"
            label={t.editor.body}
            hint={t.editor.bodyHint}
            value={f.body}
            error={e[FIELD_IDS.body]}
            rows={16}
            dataAttrs={{
              "rich-text": "on",
              images: imageList,
              "toolbar-label": t.editor.toolbar,
              tools: JSON.stringify(t.editor.tools),
            }}
          />
        </section>

        <section class="section">
          <Choices
            id={FIELD_IDS.categoryIds}
            name="categoryIds"
            type="checkbox"
            legend={t.editor.categories}
            legendAsHeading
            hint={t.editor.categoriesHint}
            error={e[FIELD_IDS.categoryIds]}
            small
            options={allowed.map((c) => ({
              value: c.categoryId,
              label: c.name.vi,
              hint:
                c.retentionClass === "permanent" ? t.editor.retentionPermanent : t.editor.retentionLimited,
            }))}
            checked={f.categoryIds}
          />
          <div class="choices choices--small">
            <div class="choice">
              <input
                class="choice__input"
                type="checkbox"
                id="commentsEnabled"
                name="commentsEnabled"
                value="1"
                checked={f.commentsEnabled}
              />
              <label class="choice__label" for="commentsEnabled">
                {t.editor.commentsEnabled}
              </label>
            </div>
          </div>
        </section>

        {f.kind === "legal-document" ? (
          <section class="section" aria-labelledby="sec-legal">
            <h2 class="heading-m" id="sec-legal">
              {t.editor.legal}
            </h2>
            <div class="grid-2">
              {LEGAL_FIELDS.filter((k) => k !== "validity").map((k) => {
                const labels = {
                  number: [t.editor.legalNumber, t.editor.legalNumberHint],
                  docType: [t.editor.legalType, t.editor.legalTypeHint],
                  issuer: [t.editor.legalIssuer, undefined],
                  signer: [t.editor.legalSigner, undefined],
                  issuedOn: [t.editor.legalIssuedOn, t.editor.dateHint],
                  effectiveOn: [t.editor.legalEffectiveOn, t.editor.dateHint],
                } as Record<string, [string, string | undefined]>;
                const [label, hint] = labels[k] ?? [k, undefined];
                return (
                  <TextInput
                    key={k}
                    id={FIELD_IDS.legal(k)}
                    name={`legal.${k}`}
                    label={label}
                    hint={hint}
                    value={f.legal[k]}
                    error={e[FIELD_IDS.legal(k)]}
                    maxLength={300}
                    {...(k === "issuedOn" || k === "effectiveOn"
                      ? { inputMode: "numeric", placeholder: "dd/MM/yyyy" }
                      : {})}
                  />
                );
              })}
            </div>
            <Select
              id={FIELD_IDS.legal("validity")}
              name="legal.validity"
              label={t.editor.legalValidity}
              value={f.legal.validity}
              options={Object.entries(t.editor.validity).map(([value, label]) => ({ value, label }))}
            />
          </section>
        ) : null}

        {f.kind === "draft-for-comment" || f.comment.opensAt || f.comment.closesAt ? (
          <section class="section" aria-labelledby="sec-comment">
            <h2 class="heading-m" id="sec-comment">
              {t.editor.commentWindow}
            </h2>
            <div class="grid-2">
              <TextInput
                id={FIELD_IDS.commentOpens}
                name="comment.opensAt"
                label={t.editor.commentOpens}
                hint={t.editor.dateTimeHint}
                value={f.comment.opensAt}
                error={e[FIELD_IDS.commentOpens]}
                placeholder="dd/MM/yyyy HH:mm"
              />
              <TextInput
                id={FIELD_IDS.commentCloses}
                name="comment.closesAt"
                label={t.editor.commentCloses}
                hint={t.editor.dateTimeHint}
                value={f.comment.closesAt}
                error={e[FIELD_IDS.commentCloses]}
                placeholder="dd/MM/yyyy HH:mm"
              />
            </div>
          </section>
        ) : null}

        <section class="section" aria-labelledby="sec-media">
          <h2 class="heading-m" id="sec-media">
            {t.editor.mediaSection}
          </h2>
          <div class="cover-pick">
            <Select
              id={FIELD_IDS.cover}
              name="cover"
              label={t.editor.cover}
              hint={t.editor.coverHint}
              value={f.cover}
              error={e[FIELD_IDS.cover]}
              options={[
                { value: "", label: t.editor.coverNone },
                ...p.images.map((a) => ({ value: a.id, label: a.title ?? a.altText ?? a.filename })),
              ]}
            />
            {thumb ? (
              <img
                class="cover-pick__thumb"
                src={thumbUrl(portal?.id, thumb)}
                alt={thumb.altText ?? ""}
                width={160}
              />
            ) : null}
          </div>
          {p.documents.length ? (
            <Choices
              id={FIELD_IDS.attachments}
              name="attachments"
              type="checkbox"
              legend={t.editor.attachments}
              hint={t.editor.attachmentsHint}
              error={e[FIELD_IDS.attachments]}
              small
              options={p.documents.map((a) => ({ value: a.id, label: a.title ?? a.filename }))}
              checked={f.attachments}
            />
          ) : null}
          <p>
            <a href={`/p/${portal?.id}/media`} target="_blank" rel="noopener">
              {t.editor.openLibrary}
            </a>
          </p>
        </section>

        {p.languages.includes("en") ? (
          <details class="section details" open={!!(f.en.title || f.en.body || e[FIELD_IDS.enTitle])}>
            <summary class="details__summary">
              <span class="heading-m">{t.editor.english}</span>
            </summary>
            <p class="hint">{t.editor.englishHint}</p>
            <div lang="en">
              <TextInput
                id={FIELD_IDS.enTitle}
                name="en.title"
                label={t.editor.title}
                value={f.en.title}
                error={e[FIELD_IDS.enTitle]}
                maxLength={500}
              />
              <TextArea
                id={FIELD_IDS.enSummary}
                name="en.summary"
                label={t.editor.summary}
                value={f.en.summary}
                rows={3}
                maxLength={2000}
              />
              <TextArea
                id={FIELD_IDS.enBody}
                name="en.body"
                label={t.editor.body}
                value={f.en.body}
                rows={10}
                dataAttrs={{
                  "rich-text": "on",
                  images: imageList,
                  "toolbar-label": t.editor.toolbar,
                  tools: JSON.stringify(t.editor.tools),
                }}
              />
            </div>
            <div class="choices choices--small">
              <div class="choice">
                <input
                  class="choice__input"
                  type="checkbox"
                  id="en-publish"
                  name="en.publish"
                  value="1"
                  checked={f.en.publish}
                />
                <label class="choice__label" for="en-publish">
                  {t.editor.englishPublish}
                </label>
              </div>
            </div>
          </details>
        ) : null}

        {p.revisionOfLive ? (
          <section class="section" aria-labelledby="sec-change">
            <h2 class="heading-m" id="sec-change">
              {t.editor.changeNote}
            </h2>
            <Choices
              id={FIELD_IDS.changeKind}
              name="changeNote.kind"
              type="radio"
              legend={t.editor.changeNote}
              hint={t.editor.changeNoteHint}
              small
              options={[
                { value: "major", label: t.editor.changeMajor },
                { value: "minor", label: t.editor.changeMinor },
              ]}
              checked={[f.changeNote.kind]}
            />
            <TextArea
              id={FIELD_IDS.changeText}
              name="changeNote.text"
              label={t.editor.changeText}
              value={f.changeNote.text}
              rows={2}
              maxLength={1000}
              error={e[FIELD_IDS.changeText]}
            />
          </section>
        ) : null}

        <details class="section details" open={f.contributors.some((c) => c.name)}>
          <summary class="details__summary">
            <span class="heading-m">{t.editor.contributors}</span>
          </summary>
          <p class="hint">{t.editor.contributorsHint}</p>
          {Array.from({ length: CONTRIBUTOR_ROWS }, (_, i) => (
            <div class="grid-2" key={i}>
              <TextInput
                id={FIELD_IDS.contributorName(i)}
                name={`contributor.${i}.name`}
                label={t.editor.contributorName(i + 1)}
                value={f.contributors[i]?.name}
                error={e[FIELD_IDS.contributorName(i)]}
                maxLength={200}
                autoComplete="off"
              />
              <TextInput
                id={`contributor-${i}-role`}
                name={`contributor.${i}.role`}
                label={t.editor.contributorRole(i + 1)}
                hint={i === 0 ? t.editor.contributorRoleHint : undefined}
                value={f.contributors[i]?.role}
                maxLength={100}
                autoComplete="off"
              />
            </div>
          ))}
        </details>

        <div class="button-group sticky-actions">
          <Button name="action" value="save" id="save-button">
            {t.editor.save}
          </Button>
          <Button kind="secondary" name="action" value="submit">
            {t.editor.saveAndSubmit}
          </Button>
          <a href={p.item ? `${base}/${p.item.itemId}` : base}>{t.editor.cancel}</a>
        </div>
      </form>
    </Layout>
  );
}

function ConflictPanel({ conflict }: { conflict: Conflict }) {
  const { t } = useCtx();
  return (
    <div class="notice notice--warning" role="alert" id="conflict" tabindex={-1}>
      <h2 class="heading-m">{t.editor.conflictTitle}</h2>
      <p>{t.editor.conflictText(conflict.who, conflict.when)}</p>
      {conflict.fields.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t.editor.conflictField}</th>
                <th scope="col">{t.editor.conflictTheirs}</th>
                <th scope="col">{t.editor.conflictYours}</th>
              </tr>
            </thead>
            <tbody>
              {conflict.fields.map(([label, theirs, yours]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td class="pre-line">{theirs}</td>
                  <td class="pre-line">{yours}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ul class="list">
        <li>
          <a href="#save-button">{t.editor.conflictKeep}</a>
        </li>
        <li>
          <a href={conflict.discardHref}>{t.editor.conflictDiscard}</a>
        </li>
      </ul>
    </div>
  );
}

export function thumbUrl(portalId: string | undefined, a: Asset): string {
  const small = [...a.renditions]
    .filter((r) => r.mimeType === "image/webp" && r.width)
    .sort((x, y) => (x.width ?? 0) - (y.width ?? 0))[0];
  const name = small?.name ?? a.renditions[0]?.name ?? "original";
  return `/p/${portalId}/media/${a.id}/file/${name}`;
}
