// Portals (issue 19, screen 1; R-DOM, R-AGENCY): the platform team's list of the province's
// portals with their subdomain and state; a department's or district's portal created with its
// subdomain proposed as the name is typed (the `subdomain` island; without it the server
// proposes); a portal's agency, board mailbox, hotline, languages and footer facts edited
// through content's API. Auditors see the same pages with no action: the facts as a list.
import type { ComponentChildren } from "preact";
import type { Asset } from "../../api/types";
import type { LabelProblem } from "../../forms/subdomain";
import {
  Breadcrumbs,
  Button,
  Checkbox,
  Choices,
  Csrf,
  DateTime,
  ErrorSummary,
  type FormErrors,
  LinkButton,
  Notice,
  SummaryList,
} from "../components";
import { useCtx } from "../context";
import { type FieldSpec, PostForm, TextFields } from "../form";
import { Layout } from "../layout";
import { DataTable, OnOffTag, Section } from "../table";
import { thumbUrl } from "./editor";

export type Text = { vi: string; [lang: string]: string };

/** A portal as content's `GET /portals` and `GET /portals/{id}` answer it. */
export interface PortalRecord {
  portalId: string;
  kind: "province" | "department" | "district";
  name: Text;
  agency: Text;
  host: string;
  languages: string[];
  boardMailbox: string;
  hotline: string;
  address?: Text;
  personInCharge?: { name: string; position: Text };
  licence?: Text;
  /** the banner's emblem: an image of the portal's own media library (issue 17) */
  emblem?: { assetId: string };
  /** the home page's links to online public services, in order, at most 8 (issue 17) */
  serviceLinks?: { label: Text; url: string }[];
  active: boolean;
  version: number;
  updatedAt?: string;
}

export type Values = Record<string, string>;
const BASE = "/platform/portals";
/** content takes at most 8 service links; the form shows the current ones and two empty rows */
export const MAX_LINKS = 8;
export const linkRows = (links: number) => Math.min(MAX_LINKS, Math.max(links + 2, 3));

/** The board mailbox and the hotline: the same fields when creating and when editing. */
const contactFields = (m: ReturnType<typeof useCtx>["t"]["portals"]): FieldSpec[] => [
  { id: "boardMailbox", label: m.boardMailbox, hint: m.boardMailboxHint, inputMode: "email", maxLength: 254 },
  { id: "hotline", label: m.hotline, hint: m.hotlineHint, maxLength: 40 },
];

function Page(p: {
  title: string;
  heading?: string;
  crumbs?: { href?: string; label: string }[];
  canAct: boolean;
  errors?: FormErrors;
  refusal?: string | undefined;
  islands?: string[];
  children: ComponentChildren;
}) {
  const { t } = useCtx();
  return (
    <Layout title={p.title} islands={p.islands ?? []}>
      {p.crumbs ? <Breadcrumbs items={p.crumbs} /> : null}
      <ErrorSummary errors={p.errors ?? {}} extra={p.refusal ? [p.refusal] : []} />
      <h1 class="heading-xl">{p.heading ?? p.title}</h1>
      {p.canAct ? null : <Notice kind="info">{t.portals.readOnly}</Notice>}
      {p.children}
    </Layout>
  );
}

export function PortalsPage(p: { portals: PortalRecord[]; canAct: boolean }) {
  const { t, lang } = useCtx();
  return (
    <Page title={t.portals.title} canAct={p.canAct}>
      <p class="lead">{t.portals.intro}</p>
      {p.canAct ? (
        <p>
          <LinkButton href={`${BASE}/new`} kind="primary">
            {t.portals.create}
          </LinkButton>
        </p>
      ) : null}
      <Section id="portals-title" title={t.portals.listTitle}>
        <DataTable
          rows={p.portals}
          rowKey={(x) => x.portalId}
          labelledBy="portals-title"
          empty={t.portals.none}
          columns={[
            {
              label: t.portals.colName,
              cell: (x) => <a href={`${BASE}/${x.portalId}/edit`}>{x.name[lang] ?? x.name.vi}</a>,
            },
            { label: t.portals.colKind, cell: (x) => t.portals.kinds[x.kind] ?? x.kind },
            { label: t.portals.colHost, cell: (x) => <code class="host">{x.host}</code>, class: "nowrap" },
            {
              label: t.portals.colLanguages,
              cell: (x) => x.languages.map((l) => t.portals.langNames[l] ?? l).join(", "),
            },
            {
              label: t.portals.colState,
              cell: (x) => (
                <OnOffTag on={x.active} onLabel={t.portals.active} offLabel={t.portals.inactive} />
              ),
              class: "nowrap",
            },
            { label: t.portals.colUpdated, cell: (x) => <DateTime value={x.updatedAt} />, class: "nowrap" },
          ]}
        />
      </Section>
    </Page>
  );
}

/** The subdomain as the server sees it: said in the same live region the island writes to. */
function SubdomainPreview(p: {
  label: string;
  problem?: LabelProblem | undefined;
  base: string;
  unit: string;
}) {
  const { t } = useCtx();
  const m = t.portals;
  const msgs = {
    "msg-ok": m.subdomainOk,
    "msg-empty": m.subdomainEmpty,
    "msg-invalid": m.subdomainInvalid,
    "msg-reserved": m.subdomainReserved,
    "msg-taken": m.subdomainTaken,
  };
  const key = p.problem ?? "ok";
  const said = !p.unit && p.problem === "empty" ? m.subdomainPending : msgs[`msg-${key}`];
  const data = Object.fromEntries(Object.entries(msgs).map(([k, v]) => [`data-${k}`, v]));
  return (
    <div class="field">
      <output
        id="subdomain-preview"
        for="unit source"
        aria-live="polite"
        class={`subdomain-preview${p.problem && p.unit ? " subdomain-preview--error" : ""}`}
        {...data}
      >
        {said.replace("{host}", `${p.label}.${p.base}`).replace("{label}", p.label)}
      </output>
    </div>
  );
}

export function NewPortalPage(p: {
  canAct: boolean;
  values: Values;
  errors: FormErrors;
  refusal?: string | undefined;
  taken: string[];
  baseDomain: string;
  preview: { label: string; problem?: LabelProblem | undefined };
  proposed: { name: string; agency: string };
}) {
  const { t } = useCtx();
  const m = t.portals;
  const kind = p.values.kind === "department" ? "department" : "district";
  const proposal = (which: "name" | "agency") => (
    <>
      {m.blankUses} <span data-proposed={which}>{p.values.unit ? p.proposed[which] : "…"}</span>
    </>
  );
  const contact: FieldSpec[] = [
    { id: "name", label: m.name, hint: proposal("name"), maxLength: 200 },
    { id: "agency", label: m.agency, hint: proposal("agency"), maxLength: 200 },
    ...contactFields(m),
  ];
  return (
    <Page
      title={m.newTitle}
      crumbs={[{ href: BASE, label: m.title }, { label: m.newTitle }]}
      canAct={p.canAct}
      errors={p.errors}
      refusal={p.refusal}
      islands={["subdomain"]}
    >
      <p class="lead">{m.newIntro}</p>
      {p.canAct ? (
        <form
          method="post"
          action={`${BASE}/new`}
          novalidate
          data-subdomain
          data-taken={p.taken.join(",")}
          data-base-domain={p.baseDomain}
        >
          <Csrf />
          <PortalCreateFields {...p} kind={kind} />
          <div class="field">
            <Button kind="secondary" name="step" value="propose" id="propose">
              {m.propose}
            </Button>
          </div>
          <TextFields fields={contact} values={p.values} errors={p.errors} />
          <Checkbox id="en" name="en" label={m.english} checked={p.values.en === "1"} />
          <div class="section">
            <Button id="create">{m.createButton}</Button>
          </div>
        </form>
      ) : null}
    </Page>
  );
}

function PortalCreateFields(p: Parameters<typeof NewPortalPage>[0] & { kind: string }) {
  const m = useCtx().t.portals;
  return (
    <>
      <Choices
        id="kind"
        name="kind"
        type="radio"
        legend={m.kind}
        checked={[p.kind]}
        error={p.errors.kind}
        options={[
          { value: "department", label: m.kindDepartment },
          { value: "district", label: m.kindDistrict },
        ]}
      />
      <TextFields
        fields={[
          { id: "unit", label: m.unit, hint: m.unitHint, maxLength: 120 },
          { id: "source", label: m.source, hint: m.sourceHint, maxLength: 80 },
        ]}
        values={p.values}
        errors={p.errors}
      />
      <SubdomainPreview
        label={p.preview.label}
        problem={p.preview.problem}
        base={p.baseDomain}
        unit={p.values.unit ?? ""}
      />
    </>
  );
}

/** The form's values of a portal as content has it. */
export function portalValues(x: PortalRecord): Values {
  return {
    nameVi: x.name.vi,
    nameEn: x.name.en ?? "",
    agencyVi: x.agency.vi,
    agencyEn: x.agency.en ?? "",
    boardMailbox: x.boardMailbox,
    hotline: x.hotline,
    en: x.languages.includes("en") ? "1" : "",
    addressVi: x.address?.vi ?? "",
    addressEn: x.address?.en ?? "",
    personName: x.personInCharge?.name ?? "",
    positionVi: x.personInCharge?.position.vi ?? "",
    positionEn: x.personInCharge?.position.en ?? "",
    licenceVi: x.licence?.vi ?? "",
    licenceEn: x.licence?.en ?? "",
    emblem: x.emblem?.assetId ?? "",
    ...linkValues(x.serviceLinks ?? [], linkRows(x.serviceLinks?.length ?? 0)),
  };
}

/** The service links as the form's rows `link<i>Vi`, `link<i>En`, `link<i>Url`, and `linkRows`. */
export function linkValues(links: { label: Text; url: string }[], rows: number): Values {
  const v: Values = { linkRows: String(rows) };
  for (let i = 0; i < rows; i++) {
    v[`link${i}Vi`] = links[i]?.label.vi ?? "";
    v[`link${i}En`] = links[i]?.label.en ?? "";
    v[`link${i}Url`] = links[i]?.url ?? "";
  }
  return v;
}

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
