// Portals (issue 19, screen 1; R-DOM, R-AGENCY): the platform team's list of the province's
// portals with their subdomain and state; a department's or district's portal created with its
// subdomain proposed as the name is typed (the `subdomain` island; without it the server
// proposes); a portal's agency, board mailbox, hotline, languages and footer facts edited
// through content's API. Auditors see the same pages with no action: the facts as a list.
import type { ComponentChildren } from "preact";
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
} from "../components";
import { useCtx } from "../context";
import { type FieldSpec, TextFields } from "../form";
import { Layout } from "../layout";
import { DataTable, OnOffTag, Section } from "../table";

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
export const BASE = "/platform/portals";
/** content takes at most 8 service links; the form shows the current ones and two empty rows */
export const MAX_LINKS = 8;
export const linkRows = (links: number) => Math.min(MAX_LINKS, Math.max(links + 2, 3));

/** The board mailbox and the hotline: the same fields when creating and when editing. */
export const contactFields = (m: ReturnType<typeof useCtx>["t"]["portals"]): FieldSpec[] => [
  { id: "boardMailbox", label: m.boardMailbox, hint: m.boardMailboxHint, inputMode: "email", maxLength: 254 },
  { id: "hotline", label: m.hotline, hint: m.hotlineHint, maxLength: 40 },
];

export function Page(p: {
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
