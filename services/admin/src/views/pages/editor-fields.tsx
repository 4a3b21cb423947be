// The editor's field groups (R-FMT, R-SUBMIT), one component each: the text, categories, a legal
// document's facts, a draft's comment window, cover and attachments, the English version, the
// change note of a new revision of a live item, contributors. Each reads the form and its errors.
import type { Asset, Category } from "../../api/types";
import { CONTRIBUTOR_ROWS, FIELD_IDS, type ItemForm, LEGAL_FIELDS } from "../../forms/item-form";
import type { Messages } from "../../i18n";
import { Checkbox, Choices, type FormErrors, Select, TextArea, TextInput } from "../components";
import { useCtx } from "../context";
import { Section } from "../table";

/** What every group reads: the form's values and the messages by field id. */
interface GroupProps {
  f: ItemForm;
  e: FormErrors;
}

/** The rich-text island's settings of a body field: the library's pictures and the toolbar. */
function richText(t: Messages, images: string): Record<string, string> {
  return {
    "rich-text": "on",
    images,
    "toolbar-label": t.editor.toolbar,
    tools: JSON.stringify(t.editor.tools),
  };
}

/** One checkbox on its own, small (comments on, English published). */
function SingleCheckbox(p: { id: string; name: string; label: string; checked: boolean }) {
  return (
    <div class="choices choices--small">
      <Checkbox {...p} />
    </div>
  );
}

export function MainFields({ f, e, images }: GroupProps & { images: string }) {
  const { t } = useCtx();
  return (
    <Section id="sec-main" title={t.editor.sectionMain} size="m">
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
        dataAttrs={richText(t, images)}
      />
    </Section>
  );
}

export function CategoryFields({ f, e, categories }: GroupProps & { categories: Category[] }) {
  const { t } = useCtx();
  const allowed = categories.filter(
    (c) => !c.kinds?.length || c.kinds.includes(f.kind) || f.categoryIds.includes(c.categoryId),
  );
  return (
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
          hint: c.retentionClass === "permanent" ? t.editor.retentionPermanent : t.editor.retentionLimited,
        }))}
        checked={f.categoryIds}
      />
      <SingleCheckbox
        id="commentsEnabled"
        name="commentsEnabled"
        label={t.editor.commentsEnabled}
        checked={f.commentsEnabled}
      />
    </section>
  );
}

export function LegalFields({ f, e }: GroupProps) {
  const { t } = useCtx();
  const labels: Record<string, [string, string | undefined]> = {
    number: [t.editor.legalNumber, t.editor.legalNumberHint],
    docType: [t.editor.legalType, t.editor.legalTypeHint],
    issuer: [t.editor.legalIssuer, undefined],
    signer: [t.editor.legalSigner, undefined],
    issuedOn: [t.editor.legalIssuedOn, t.editor.dateHint],
    effectiveOn: [t.editor.legalEffectiveOn, t.editor.dateHint],
  };
  return (
    <Section id="sec-legal" title={t.editor.legal} size="m">
      <div class="grid-2">
        {LEGAL_FIELDS.filter((k) => k !== "validity").map((k) => {
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
    </Section>
  );
}

export function CommentWindowFields({ f, e }: GroupProps) {
  const { t } = useCtx();
  const ends = [
    [FIELD_IDS.commentOpens, "comment.opensAt", t.editor.commentOpens, f.comment.opensAt],
    [FIELD_IDS.commentCloses, "comment.closesAt", t.editor.commentCloses, f.comment.closesAt],
  ] as const;
  return (
    <Section id="sec-comment" title={t.editor.commentWindow} size="m">
      <div class="grid-2">
        {ends.map(([id, name, label, value]) => (
          <TextInput
            key={id}
            id={id}
            name={name}
            label={label}
            hint={t.editor.dateTimeHint}
            value={value}
            error={e[id]}
            placeholder="dd/MM/yyyy HH:mm"
          />
        ))}
      </div>
    </Section>
  );
}

export function MediaFields(
  p: GroupProps & { images: Asset[]; documents: Asset[]; thumb: (a: Asset) => string },
) {
  const { t, portal } = useCtx();
  const { f, e } = p;
  const cover = p.images.find((a) => a.id === f.cover);
  return (
    <Section id="sec-media" title={t.editor.mediaSection} size="m">
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
        {cover ? (
          <img class="cover-pick__thumb" src={p.thumb(cover)} alt={cover.altText ?? ""} width={160} />
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
    </Section>
  );
}

export function EnglishFields({ f, e, images }: GroupProps & { images: string }) {
  const { t } = useCtx();
  return (
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
          dataAttrs={richText(t, images)}
        />
      </div>
      <SingleCheckbox
        id="en-publish"
        name="en.publish"
        label={t.editor.englishPublish}
        checked={f.en.publish}
      />
    </details>
  );
}

export function ChangeNoteFields({ f, e }: GroupProps) {
  const { t } = useCtx();
  return (
    <Section id="sec-change" title={t.editor.changeNote} size="m">
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
    </Section>
  );
}

export function ContributorFields({ f, e }: GroupProps) {
  const { t } = useCtx();
  return (
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
  );
}
