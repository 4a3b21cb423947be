// The media library (R-FMT, R-STD): upload with a progress bar (the file streams through the
// admin to media), alt text required for images unless decorative, captions for video, where
// an asset is used, delete refused while it is used.
import type { Asset } from "../../api/types";
import {
  Breadcrumbs,
  Button,
  Checkbox,
  Csrf,
  DateTime,
  ErrorSummary,
  type FormErrors,
  Notice,
  Select,
  SummaryList,
  TextInput,
} from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";
import { thumbUrl } from "./editor";

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1).replace(".", ",")} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2).replace(".", ",")} GB`;
}

function StatusTag({ a }: { a: Asset }) {
  const { t } = useCtx();
  const label =
    a.status === "ready" ? t.media.ready : a.status === "failed" ? t.media.failed : t.media.processing;
  return (
    <strong class={`tag tag--${a.status === "ready" ? "green" : a.status === "failed" ? "red" : "blue"}`}>
      {label}
    </strong>
  );
}

export function MediaLibraryPage(p: {
  assets: Asset[];
  kind?: string | undefined;
  nextHref?: string | undefined;
  errors: FormErrors;
  values: { alt?: string; title?: string; decorative?: boolean };
}) {
  const { t, portal, csrf } = useCtx();
  const base = `/p/${portal?.id}/media`;
  return (
    <Layout title={t.media.title} islands={["upload"]}>
      <h1 class="heading-xl">{t.media.title}</h1>
      <p class="lead">{t.media.intro}</p>
      <ErrorSummary errors={p.errors} />
      <section class="section" aria-labelledby="upload-title">
        <h2 class="heading-m" id="upload-title">
          {t.media.upload}
        </h2>
        <form
          method="post"
          action={`${base}/upload?_csrf=${encodeURIComponent(csrf)}`}
          enctype="multipart/form-data"
          id="upload-form"
          class="narrow"
          data-progress-text={t.media.progressText(0).replace("0", "{pct}")}
          data-failed={t.media.uploadFailed}
        >
          <div class={`field${p.errors.file ? " field--error" : ""}`}>
            <label class="label" for="file">
              {t.media.file}
            </label>
            <div class="hint" id="file-hint">
              {t.media.fileHint}
            </div>
            {p.errors.file ? (
              <p class="error-message" id="file-error">
                {p.errors.file}
              </p>
            ) : null}
            <input
              class="file-input"
              type="file"
              id="file"
              name="file"
              aria-describedby={`file-hint${p.errors.file ? " file-error" : ""}`}
            />
          </div>
          <TextInput
            id="upload-title-field"
            name="title"
            label={t.media.titleField}
            value={p.values.title}
            maxLength={300}
          />
          <TextInput
            id="altText"
            name="altText"
            label={t.media.alt}
            hint={t.media.altHint}
            value={p.values.alt}
            error={p.errors.altText}
            maxLength={500}
          />
          <Checkbox
            id="decorative"
            name="decorative"
            label={t.media.decorative}
            checked={!!p.values.decorative}
            value="true"
          />
          <div class="upload-progress" id="upload-progress" hidden>
            <label for="upload-bar">{t.media.progress}</label>
            <progress id="upload-bar" max={100} value={0} />
            <p id="upload-pct" role="status" aria-live="polite" />
          </div>
          <Button id="upload-button">{t.media.submit}</Button>
        </form>
      </section>
      <section class="section" aria-labelledby="library-title">
        <h2 class="heading-m" id="library-title">
          {t.media.title}
        </h2>
        <form method="get" action={base} class="filters filters--inline">
          <Select
            id="kind"
            name="kind"
            label={t.media.kind}
            value={p.kind}
            options={[
              { value: "", label: t.media.anyKind },
              ...["image", "video", "audio", "document"].map((k) => ({
                value: k,
                label: t.media.kinds[k] ?? k,
              })),
            ]}
          />
          <Button kind="secondary">{t.list.apply}</Button>
        </form>
        {p.assets.length ? (
          <ul class="gallery">
            {p.assets.map((a) => (
              <li class="gallery__item" key={a.id}>
                {a.kind === "image" && a.renditions.length ? (
                  <img
                    src={thumbUrl(portal?.id, a)}
                    alt={a.decorative ? "" : (a.altText ?? "")}
                    width={320}
                    loading="lazy"
                  />
                ) : (
                  <span class="gallery__icon" aria-hidden="true">
                    {(t.media.kinds[a.kind] ?? a.kind).slice(0, 1)}
                  </span>
                )}
                <p class="gallery__name">
                  <a href={`${base}/${a.id}`}>{a.title ?? a.filename}</a>
                </p>
                <p class="hint">
                  {t.media.kinds[a.kind] ?? a.kind} · {formatSize(a.sizeBytes)} · <StatusTag a={a} />
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <Notice kind="info">{t.media.none}</Notice>
        )}
        {p.nextHref ? (
          <nav class="pagination" aria-label={t.list.next}>
            <a href={p.nextHref} rel="next">
              {t.list.next}
            </a>
          </nav>
        ) : null}
      </section>
    </Layout>
  );
}

export function AssetPage(p: {
  asset: Asset;
  uses: { itemId: string; title: string }[];
  errors: FormErrors;
  refusal?: string | undefined;
}) {
  const { t, portal, csrf, user } = useCtx();
  const a = p.asset;
  const base = `/p/${portal?.id}/media`;
  const name = a.title ?? a.filename;
  return (
    <Layout title={name}>
      <Breadcrumbs items={[{ href: base, label: t.media.title }, { label: name }]} />
      <h1 class="heading-xl">{name}</h1>
      {p.refusal ? <Notice kind="error">{p.refusal}</Notice> : null}
      <ErrorSummary errors={p.errors} />
      {a.kind === "image" && a.renditions.length ? (
        <img
          class="asset-preview"
          src={thumbUrl(portal?.id, a).replace(/w320\./, "w640.")}
          alt={a.decorative ? "" : (a.altText ?? "")}
          width={640}
        />
      ) : null}
      <SummaryList
        rows={[
          [t.media.kind, t.media.kinds[a.kind] ?? a.kind],
          [t.media.size, formatSize(a.sizeBytes)],
          [t.media.uploadedAt, <DateTime key="d" value={a.uploadedAt} />],
          [t.item.state, <StatusTag key="s" a={a} />],
        ]}
      />
      <form method="post" action={`${base}/${a.id}`} class="narrow section">
        <Csrf />
        <TextInput id="title" name="title" label={t.media.titleField} value={a.title ?? ""} maxLength={300} />
        {a.kind === "image" ? (
          <>
            <TextInput
              id="altText"
              name="altText"
              label={t.media.alt}
              hint={t.media.altHint}
              value={a.altText ?? ""}
              error={p.errors.altText}
              maxLength={500}
            />
            <Checkbox
              id="decorative"
              name="decorative"
              label={t.media.decorative}
              checked={a.decorative}
              value="true"
            />
          </>
        ) : null}
        <Button>{t.media.save}</Button>
      </form>
      {a.kind === "video" ? (
        <section class="section narrow" aria-labelledby="captions-title">
          <h2 class="heading-m" id="captions-title">
            {t.media.captions}
          </h2>
          <p class="hint">{t.media.captionsHint}</p>
          {a.captions.length ? (
            <ul class="list">
              {a.captions.map((c) => (
                <li key={c.lang}>{c.lang}</li>
              ))}
            </ul>
          ) : null}
          <form
            method="post"
            action={`${base}/${a.id}/captions?_csrf=${encodeURIComponent(csrf)}`}
            enctype="multipart/form-data"
          >
            <Select
              id="captions-lang"
              name="lang"
              label={t.app.language}
              options={[
                { value: "vi", label: "Tiếng Việt" },
                { value: "en", label: "English" },
              ]}
            />
            <div class="field">
              <label class="label" for="captions-file">
                {t.media.file}
              </label>
              <input class="file-input" type="file" id="captions-file" name="file" accept=".vtt,text/vtt" />
            </div>
            <Button kind="secondary">{t.media.captionsSubmit}</Button>
          </form>
        </section>
      ) : null}
      <section class="section" aria-labelledby="uses-title">
        <h2 class="heading-m" id="uses-title">
          {t.media.used}
        </h2>
        {p.uses.length ? (
          <ul class="list">
            {p.uses.map((u) => (
              <li key={u.itemId}>
                <Use itemId={u.itemId} title={u.title} />
              </li>
            ))}
          </ul>
        ) : (
          <p class="hint">{t.media.notUsed}</p>
        )}
      </section>
      {a.kind === "image" && user?.realmRoles.includes("platform-admin") ? (
        <EmblemChoice asset={a} isEmblem={p.uses.some((u) => u.itemId === `emblem:${portal?.id}`)} />
      ) : null}
      <form method="post" action={`${base}/${a.id}/delete`} class="section">
        <Csrf />
        <Button kind="warning" id="delete-asset">
          {t.media.delete}
        </Button>
      </form>
    </Layout>
  );
}

/**
 * For the platform team (issue 17): this image as the portal's emblem, from the library, where
 * every image can be found (the portal's page offers only the newest 24). Already the emblem: said.
 */
function EmblemChoice({ asset, isEmblem }: { asset: Asset; isEmblem: boolean }) {
  const { t, portal } = useCtx();
  return (
    <section class="section narrow" aria-labelledby="emblem-title">
      <h2 class="heading-m" id="emblem-title">
        {t.media.emblemTitle}
      </h2>
      {isEmblem ? (
        <p>{t.media.emblemIsCurrent}</p>
      ) : asset.status !== "ready" ? (
        <p class="hint">{t.media.emblemNotReady}</p>
      ) : (
        <>
          <p class="hint">{t.media.emblemIntro}</p>
          <form method="post" action={`/p/${portal?.id}/media/${asset.id}/emblem`}>
            <Csrf />
            <Button kind="secondary" id="use-as-emblem">
              {t.media.emblemSet}
            </Button>
          </form>
        </>
      )}
    </section>
  );
}

/** media's use of a portal's emblem (issue 17): `emblem:<portalId>`, never an item's id */
const EMBLEM_USE = /^emblem:([a-z][a-z0-9]{1,39})$/;

/**
 * One use of an asset: an item (its page), or a portal's emblem — named after the portal, and
 * linked to the portal's edit page for the platform team, whose page it is.
 */
function Use({ itemId, title }: { itemId: string; title: string }) {
  const { t, portal, portals, user } = useCtx();
  const emblemOf = EMBLEM_USE.exec(itemId)?.[1];
  if (!emblemOf) return <a href={`/p/${portal?.id}/items/${itemId}`}>{title}</a>;
  const name = portals.find((x) => x.id === emblemOf)?.name ?? emblemOf;
  const label = t.media.emblemUse(name);
  return user?.realmRoles.some((r) => r === "platform-admin" || r === "auditor") ? (
    <a href={`/platform/portals/${emblemOf}/edit`}>{label}</a>
  ) : (
    label
  );
}
