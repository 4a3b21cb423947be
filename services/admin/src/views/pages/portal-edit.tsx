import type { Asset } from "../../api/types";
import { Choices, DateTime, type FormErrors, Notice, SummaryList } from "../components";
import { useCtx } from "../context";
import { type FieldSpec, PostForm, TextFields } from "../form";
import { OnOffTag, Section } from "../table";
import { thumbUrl } from "./editor";
import { BASE, contactFields, MAX_LINKS, Page, type PortalRecord, type Text, type Values } from "./portals";

/** The banner's emblem: the current one shown, and the portal's ready images to choose from. */
function EmblemFields(p: {
  portal: PortalRecord;
  canAct: boolean;
  values: Values;
  errors: FormErrors;
  images: Asset[] | null;
  emblemAsset?: Asset | null | undefined;
}) {
  const { t, lang } = useCtx();
  const m = t.portals;
  const x = p.portal;
  const chosen = p.values.emblem ?? "";
  const choices = [
    ...(p.emblemAsset && !p.images?.some((a) => a.id === p.emblemAsset?.id) ? [p.emblemAsset] : []),
    ...(p.images ?? []),
  ];
  // a file no longer listed (deleted, another portal's typed in) is not kept by a hidden choice
  const none = chosen === "" || !choices.some((a) => a.id === chosen);
  // in a choice the alt text is written beside the picture, so the picture itself says nothing more
  const thumb = (a: Asset, alt = true) =>
    a.renditions.length ? (
      <img
        class="emblem-pick__thumb"
        src={thumbUrl(x.portalId, a)}
        alt={alt && !a.decorative ? (a.altText ?? "") : ""}
        width={160}
        loading="lazy"
      />
    ) : null;
  const name = (a: Asset) => a.title ?? a.filename;
  const library = (
    <a href={`/p/${x.portalId}/media?kind=image`}>{m.emblemLibrary(x.name[lang] ?? x.name.vi)}</a>
  );
  const current = x.emblem ? (
    p.emblemAsset ? (
      <figure class="emblem-current">
        {thumb(p.emblemAsset)}
        <figcaption>{name(p.emblemAsset)}</figcaption>
      </figure>
    ) : (
      <p class="hint">{p.emblemAsset === null ? m.emblemMissing : <code>{x.emblem.assetId}</code>}</p>
    )
  ) : (
    <p class="hint">{m.notSet}</p>
  );
  return (
    <Section id="emblem-title" title={m.emblemTitle}>
      <p class="hint">{m.emblemIntro}</p>
      <h3 class="heading-s">{m.emblemCurrent}</h3>
      {current}
      {!p.canAct ? null : p.images === null ? (
        <>
          <Notice kind="info">{m.emblemMediaDown}</Notice>
          <input type="hidden" name="emblem" value={chosen} />
        </>
      ) : (
        <div class={`field${p.errors.emblem ? " field--error" : ""}`}>
          <fieldset
            class="fieldset"
            id="emblem"
            tabindex={-1}
            aria-describedby={`emblem-hint${p.errors.emblem ? " emblem-error" : ""}`}
          >
            <legend class="fieldset__legend">{m.emblemChoose}</legend>
            <div class="hint" id="emblem-hint">
              <p>{m.emblemUploadFirst}</p>
              <p>
                {p.images.length ? m.emblemHint(p.images.length) : m.emblemNoImages} {library}
              </p>
            </div>
            {p.errors.emblem ? (
              <p class="error-message" id="emblem-error">
                {p.errors.emblem}
              </p>
            ) : null}
            <div class="choice emblem-none">
              <input
                class="choice__input"
                id="emblem-none"
                name="emblem"
                type="radio"
                value=""
                checked={none}
              />
              <label class="choice__label" for="emblem-none">
                {m.emblemNone}
              </label>
            </div>
            <div class="emblem-pick">
              {choices.map((a) => (
                <div class="choice emblem-pick__item" key={a.id}>
                  <input
                    class="choice__input"
                    id={`emblem-${a.id}`}
                    name="emblem"
                    type="radio"
                    value={a.id}
                    checked={chosen === a.id}
                  />
                  <label class="choice__label" for={`emblem-${a.id}`}>
                    {thumb(a, false)}
                    <span class="emblem-pick__name">{name(a)}</span>
                    <span class="hint emblem-pick__alt">{a.altText || m.emblemNoAlt}</span>
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      )}
      {p.canAct ? null : <p>{library}</p>}
    </Section>
  );
}

/** The home page's service links: fixed rows (no script), an empty row ignored. */
function LinkFields(p: { values: Values; errors: FormErrors }) {
  const m = useCtx().t.portals;
  const rows = Math.min(MAX_LINKS, Math.max(1, Number.parseInt(p.values.linkRows ?? "", 10) || 3));
  return (
    <>
      <input type="hidden" name="linkRows" value={String(rows)} />
      {Array.from({ length: rows }, (_, i) => (
        <fieldset class="fieldset link-row" key={i}>
          <legend class="fieldset__legend">{m.linkRow(i + 1)}</legend>
          <TextFields
            fields={[
              { id: `link${i}Vi`, label: m.linkVi, maxLength: 120 },
              { id: `link${i}En`, label: m.linkEn, maxLength: 120, lang: "en" },
              {
                id: `link${i}Url`,
                label: m.linkUrl,
                hint: m.linkUrlHint,
                maxLength: 500,
                inputMode: "url",
                class: "input input--wide",
              },
            ]}
            values={p.values}
            errors={p.errors}
          />
        </fieldset>
      ))}
      {rows < MAX_LINKS ? <p class="hint">{m.linksMore}</p> : null}
    </>
  );
}

function LinksList(p: { links: { label: Text; url: string }[] }) {
  const m = useCtx().t.portals;
  if (!p.links.length) return <p class="hint">{m.linksNone}</p>;
  return (
    <ol class="service-links">
      {p.links.map((l) => (
        <li key={l.url}>
          {l.label.vi}
          {l.label.en ? <span lang="en"> ({l.label.en})</span> : null}: <code class="url">{l.url}</code>
        </li>
      ))}
    </ol>
  );
}

export function EditPortalPage(p: {
  portal: PortalRecord;
  canAct: boolean;
  values: Values;
  version: number;
  errors: FormErrors;
  refusal?: string | undefined;
  /** the portal's ready images, newest first; null when media did not answer */
  images: Asset[] | null;
  /** the current emblem's asset; null when media has no such file any more */
  emblemAsset?: Asset | null | undefined;
}) {
  const { t, lang } = useCtx();
  const m = t.portals;
  const x = p.portal;
  const name = x.name[lang] ?? x.name.vi;
  const contact: FieldSpec[] = [
    { id: "nameVi", label: m.nameVi, maxLength: 200 },
    { id: "nameEn", label: m.nameEn, hint: m.enHint, maxLength: 200, lang: "en" },
    { id: "agencyVi", label: m.agencyVi, maxLength: 200 },
    { id: "agencyEn", label: m.agencyEn, hint: m.enHint, maxLength: 200, lang: "en" },
    ...contactFields(m),
  ];
  const footer: FieldSpec[] = [
    { id: "addressVi", label: m.addressVi, maxLength: 300 },
    { id: "addressEn", label: m.addressEn, hint: m.enHint, maxLength: 300, lang: "en" },
    { id: "personName", label: m.personName, maxLength: 120 },
    { id: "positionVi", label: m.positionVi, hint: m.positionHint, maxLength: 200 },
    { id: "positionEn", label: m.positionEn, hint: m.enHint, maxLength: 200, lang: "en" },
    { id: "licenceVi", label: m.licenceVi, hint: m.licenceHint, maxLength: 300 },
    { id: "licenceEn", label: m.licenceEn, hint: m.enHint, maxLength: 300, lang: "en" },
  ];
  const orNone = (v: string | undefined) => v || <span class="hint">{m.notSet}</span>;
  return (
    <Page
      title={m.editTitle(name)}
      heading={name}
      crumbs={[{ href: BASE, label: m.title }, { label: name }]}
      canAct={p.canAct}
      errors={p.errors}
      refusal={p.refusal}
    >
      <Section id="facts-title" title={m.facts}>
        <SummaryList
          rows={[
            [m.host, <code class="host">{x.host}</code>],
            [m.colKind, m.kinds[x.kind] ?? x.kind],
            [m.colState, <OnOffTag on={x.active} onLabel={m.active} offLabel={m.inactive} />],
            [m.colUpdated, <DateTime value={x.updatedAt} />],
          ]}
        />
      </Section>
      {p.canAct ? (
        <PostForm
          action={`${BASE}/${x.portalId}/edit`}
          hidden={{ version: String(p.version) }}
          button={m.save}
          buttonId="save"
          after={<a href={BASE}>{m.back}</a>}
        >
          <Section id="contact-title" title={m.contactTitle}>
            <TextFields fields={contact} values={p.values} errors={p.errors} />
            <Choices
              id="languages"
              name="en"
              type="checkbox"
              legend={m.languages}
              hint={m.languagesHint}
              checked={[p.values.en ?? ""]}
              options={[{ value: "1", label: m.english }]}
            />
          </Section>
          <Section id="footer-title" title={m.footerTitle}>
            <p class="hint">{m.footerIntro}</p>
            <TextFields fields={footer} values={p.values} errors={p.errors} />
          </Section>
          <EmblemFields {...p} />
          <Section id="links-title" title={m.linksTitle}>
            <p class="hint">{m.linksIntro}</p>
            <LinkFields values={p.values} errors={p.errors} />
          </Section>
        </PostForm>
      ) : (
        <>
          <Section id="contact-title" title={m.contactTitle}>
            <SummaryList
              rows={[
                [m.nameVi, x.name.vi],
                [m.nameEn, orNone(x.name.en)],
                [m.agencyVi, x.agency.vi],
                [m.agencyEn, orNone(x.agency.en)],
                [m.boardMailbox, x.boardMailbox],
                [m.hotline, x.hotline],
                [m.languages, x.languages.map((l) => m.langNames[l] ?? l).join(", ")],
              ]}
            />
          </Section>
          <Section id="footer-title" title={m.footerTitle}>
            <SummaryList
              rows={[
                [m.address, orNone(x.address?.vi)],
                [
                  m.person,
                  orNone(x.personInCharge && `${x.personInCharge.name}, ${x.personInCharge.position.vi}`),
                ],
                [m.licence, orNone(x.licence?.vi)],
              ]}
            />
          </Section>
          <EmblemFields {...p} />
          <Section id="links-title" title={m.linksTitle}>
            <LinksList links={x.serviceLinks ?? []} />
          </Section>
        </>
      )}
    </Page>
  );
}
