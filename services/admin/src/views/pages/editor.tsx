// The editor (R-FMT, R-SUBMIT): title, summary, rich text, categories, the fields of each kind,
// cover and attachments from the media library, the English version, change note,
// contributors (the groups are in editor-fields.tsx). Without JavaScript it is a plain form; the
// islands add the rich-text editor, autosave ("Đã lưu lúc …"), the warning before leaving, and
// the idle warning.
import type { Asset, Category, ItemView } from "../../api/types";
import type { ItemForm } from "../../forms/item-form";
import { formatDateTime } from "../../i18n";
import { Breadcrumbs, Button, Choices, Csrf, ErrorSummary, type FormErrors, Notice } from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";
import { type Conflict, ConflictPanel } from "./editor-conflict";
import {
  CategoryFields,
  ChangeNoteFields,
  CommentWindowFields,
  ContributorFields,
  EnglishFields,
  LegalFields,
  MainFields,
  MediaFields,
} from "./editor-fields";

export type { Conflict } from "./editor-conflict";

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
  const thumb = (a: Asset) => thumbUrl(portal?.id, a);
  const imageList = JSON.stringify(
    p.images.map((a) => ({ id: a.id, alt: a.altText ?? "", title: a.title ?? a.filename, thumb: thumb(a) })),
  );
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
        <MainFields f={f} e={e} images={imageList} />
        <CategoryFields f={f} e={e} categories={p.categories} />
        {f.kind === "legal-document" ? <LegalFields f={f} e={e} /> : null}
        {f.kind === "draft-for-comment" || f.comment.opensAt || f.comment.closesAt ? (
          <CommentWindowFields f={f} e={e} />
        ) : null}
        <MediaFields f={f} e={e} images={p.images} documents={p.documents} thumb={thumb} />
        {p.languages.includes("en") ? <EnglishFields f={f} e={e} images={imageList} /> : null}
        {p.revisionOfLive ? <ChangeNoteFields f={f} e={e} /> : null}
        <ContributorFields f={f} e={e} />
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

export function thumbUrl(portalId: string | undefined, a: Asset): string {
  const small = [...a.renditions]
    .filter((r) => r.mimeType === "image/webp" && r.width)
    .sort((x, y) => (x.width ?? 0) - (y.width ?? 0))[0];
  const name = small?.name ?? a.renditions[0]?.name ?? "original";
  return `/p/${portalId}/media/${a.id}/file/${name}`;
}
