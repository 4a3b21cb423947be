// Portals (issue 19, screen 1; R-DOM, R-AGENCY) over content's API, for platform admins;
// auditors see every page without an action, and a form forced through anyway reaches content,
// whose 403 becomes a Vietnamese sentence. `GET /portals` lists them, `POST /portals` creates a
// department's or district's portal (content derives and checks the subdomain again and refuses
// a clash with 409 duplicate_subdomain), `PATCH /portals/{id}` (If-Match) changes its agency,
// contacts, languages and footer facts; content's refusals are said beside the field.
import { type Request, type Response, Router } from "express";
import { ApiError, SessionEnded } from "../api/client";
import type { Asset } from "../api/types";
import { checkLabel, proposedNames, proposedSource, type UnitKind } from "../forms/subdomain";
import { canAct, consoleGuard, formField } from "../http/console";
import { flash } from "../http/context";
import type { Messages } from "../i18n";
import type { FormErrors } from "../views/components";
import { ErrorPage } from "../views/pages/auth";
import { EditPortalPage } from "../views/pages/portal-edit";
import {
  linkValues,
  MAX_LINKS,
  NewPortalPage,
  type PortalRecord,
  PortalsPage,
  portalValues,
  type Text,
  type Values,
} from "../views/pages/portals";
import { sendPage } from "../views/render";

const BASE = "/platform/portals";
const ID = /^[a-z][a-z0-9]{1,39}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ORDER = { province: 0, department: 1, district: 2 };

async function listPortals(req: Request): Promise<PortalRecord[]> {
  const { data } = await req.ctx.api.get<{ items: PortalRecord[] }>("content", "/portals");
  return data.items.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.name.vi.localeCompare(b.name.vi, "vi"));
}

/** content's field paths → the form's fields, for messages beside them. */
const EDIT_FIELDS: Record<string, string> = {
  "name.vi": "nameVi",
  "name.en": "nameEn",
  "agency.vi": "agencyVi",
  "agency.en": "agencyEn",
  boardMailbox: "boardMailbox",
  hotline: "hotline",
  address: "addressVi",
  "address.vi": "addressVi",
  "address.en": "addressEn",
  personInCharge: "personName",
  "personInCharge.name": "personName",
  "personInCharge.position": "positionVi",
  "personInCharge.position.vi": "positionVi",
  "personInCharge.position.en": "positionEn",
  licence: "licenceVi",
  "licence.vi": "licenceVi",
  "licence.en": "licenceEn",
};
const CREATE_FIELDS: Record<string, string> = {
  name: "name",
  "name.vi": "name",
  agency: "agency",
  "agency.vi": "agency",
  boardMailbox: "boardMailbox",
  hotline: "hotline",
  abbreviation: "source",
  placeName: "source",
  subdomain: "source",
  portalId: "source",
};

/** The field's label, named in its message ("Địa chỉ cơ quan (tiếng Việt): chỉ một dòng …"). */
const LABELS = (m: Messages["portals"]): Record<string, string> => ({
  name: m.name,
  agency: m.agency,
  nameVi: m.nameVi,
  nameEn: m.nameEn,
  agencyVi: m.agencyVi,
  agencyEn: m.agencyEn,
  addressVi: m.addressVi,
  addressEn: m.addressEn,
  personName: m.personName,
  positionVi: m.positionVi,
  positionEn: m.positionEn,
  licenceVi: m.licenceVi,
  licenceEn: m.licenceEn,
});

/** "Liên kết 2" for the form's field `link1Url`: the summary at the top says which row. */
const linkOf = (m: Messages["portals"], field: string) =>
  m.linkRow(Number.parseInt(/\d+/.exec(field)?.[0] ?? "0", 10) + 1);

/** content's refusal: a sentence for the page, or messages beside the fields `fields` maps to. */
function explain(req: Request, e: ApiError, fields: Record<string, string>, label = "") {
  const m = req.ctx.page.t.portals;
  const errors: FormErrors = {};
  const status = [403, 404, 409].includes(e.status) ? e.status : 422;
  if (e.status === 403) return { errors, refusal: m.eForbidden, status };
  if (e.status === 404) return { errors, refusal: m.eNotFound, status };
  if (e.reason === "stale_version") return { errors, refusal: m.eStale, status };
  if (e.reason === "no_province") return { errors, refusal: m.eNoProvince, status };
  if (e.reason === "duplicate_subdomain")
    return { errors: { source: m.subdomainTaken.replace("{label}", label) }, status };
  if (e.reason === "invalid_subdomain")
    return {
      errors: {
        source: (checkLabel(label, []).problem === "reserved"
          ? m.subdomainReserved
          : m.subdomainInvalid
        ).replace("{label}", label),
      },
      status,
    };
  for (const x of e.errors) {
    const field =
      fields[x.path] ?? fields[x.path.split(".").slice(0, 2).join(".")] ?? fields[x.path.split(".")[0] ?? ""];
    if (!field || errors[field]) continue;
    errors[field] =
      field === "emblem"
        ? m.eEmblem
        : /^link\d+Url$/.test(field)
          ? `${linkOf(m, field)}: ${m.eLinkUrl}`
          : /^link\d+(Vi|En)$/.test(field)
            ? `${linkOf(m, field)}: ${m.eLinkLabel}`
            : field === "boardMailbox"
              ? m.eEmail
              : field === "hotline"
                ? m.eHotline
                : field === "source"
                  ? (e.detailFor(req.ctx.lang) ?? m.eSource)
                  : m.eLine(LABELS(m)[field] ?? field);
  }
  if (Object.keys(errors).length) return { errors, status };
  return { errors, refusal: e.detailFor(req.ctx.lang) ?? req.ctx.page.t.errors.generic, status };
}

/** The portal's ready images for the emblem (the newest 24), null when media does not answer. */
const EMBLEM_CHOICES = 24;
async function emblemChoices(
  req: Request,
  portal: PortalRecord,
): Promise<{ images: Asset[] | null; emblemAsset?: Asset | null }> {
  let images: Asset[] | null = null;
  try {
    const { data } = await req.ctx.api.get<{ items: Asset[] }>(
      "media",
      `/portals/${portal.portalId}/assets`,
      {
        query: { kind: "image", limit: EMBLEM_CHOICES },
      },
    );
    images = data.items.filter((a) => a.status === "ready");
  } catch {
    // the page still opens; the current emblem is kept by a hidden field
  }
  const id = portal.emblem?.assetId;
  if (!id) return { images };
  const listed = images?.find((a) => a.id === id);
  if (listed) return { images, emblemAsset: listed };
  try {
    const got = await req.ctx.api.get<Asset>("media", `/portals/${portal.portalId}/assets/${id}`, {
      accept: [404],
    });
    return { images, emblemAsset: got.status === 404 ? null : got.data };
  } catch {
    return { images };
  }
}

/** The form's service link rows, and for each link content will see, the row it came from. */
function readLinks(values: Values, t: Messages["portals"], errors: FormErrors) {
  const rows = Math.min(MAX_LINKS, Math.max(1, Number.parseInt(values.linkRows ?? "", 10) || 1));
  const links: { label: Text; url: string }[] = [];
  const rowOf: number[] = [];
  for (let i = 0; i < rows; i++) {
    const vi = values[`link${i}Vi`] ?? "";
    const en = values[`link${i}En`] ?? "";
    const url = values[`link${i}Url`] ?? "";
    if (!vi && !en && !url) continue;
    if (!vi) errors[`link${i}Vi`] = `${t.linkRow(i + 1)}: ${en ? t.eViFirst : t.eLinkNeedsLabel}`;
    if (!url) errors[`link${i}Url`] = `${t.linkRow(i + 1)}: ${t.eLinkNeedsUrl}`;
    links.push({ label: { vi, ...(en ? { en } : {}) }, url });
    rowOf.push(i);
  }
  return { links, rowOf };
}

/** `{vi, en}` of two fields, or null when the Vietnamese one is empty. */
const text = (vi: string, en: string): Text | null => (vi ? { vi, ...(en ? { en } : {}) } : null);

/**
 * The portal's roles in the realm (identity's `PUT /portals/{id}`: the groups
 * /portals/<id>/<role>, created when missing, nothing changed otherwise), so that people can be
 * invited, granted and appointed on a new portal (R-ORG). Called after the portal is created and
 * again at each save of its facts, which repairs a portal created while identity was down.
 * false when identity could not do it (the page says so; nothing else depends on it).
 */
async function ensureRoles(req: Request, portalId: string): Promise<boolean> {
  try {
    await req.ctx.api.call("identity", "PUT", `/portals/${encodeURIComponent(portalId)}`);
    return true;
  } catch (e) {
    if (e instanceof SessionEnded) throw e;
    (req as { log?: { warn(o: unknown, m: string): void } }).log?.warn(
      { err: e, portalId },
      "the portal's roles could not be made in identity",
    );
    return false;
  }
}

export function portalRoutes(): Router {
  const r = Router();
  r.use(BASE, consoleGuard);

  r.get(BASE, async (req, res) => {
    sendPage(res, req.ctx.page, <PortalsPage portals={await listPortals(req)} canAct={canAct(req)} />);
  });

  const showNew = async (
    req: Request,
    res: Response,
    values: Values,
    o: { errors?: FormErrors; refusal?: string; status?: number } = {},
  ) => {
    const portals = await listPortals(req);
    const kind: UnitKind = values.kind === "district" ? "district" : "department";
    const source = values.source || proposedSource(kind, values.unit ?? "");
    sendPage(
      res,
      req.ctx.page,
      <NewPortalPage
        canAct={canAct(req)}
        values={{ ...values, kind, source: values.source ?? "" }}
        errors={o.errors ?? {}}
        refusal={o.refusal}
        taken={portals.map((p) => p.portalId)}
        baseDomain={portals.find((p) => p.kind === "province")?.host ?? ""}
        preview={checkLabel(
          source,
          portals.map((p) => p.portalId),
        )}
        proposed={proposedNames(kind, values.unit ?? "")}
      />,
      o.status ?? 200,
    );
  };

  r.get(`${BASE}/new`, (req, res) => showNew(req, res, { kind: "department" }));

  r.post(`${BASE}/new`, async (req, res) => {
    const m = req.ctx.page.t.portals;
    const f = formField(req);
    const values: Values = {
      kind: f("kind"),
      unit: f("unit"),
      source: f("source"),
      name: f("name"),
      agency: f("agency"),
      boardMailbox: f("boardMailbox").toLowerCase(),
      hotline: f("hotline"),
      en: f("en") === "1" ? "1" : "",
    };
    const errors: FormErrors = {};
    if (values.kind !== "department" && values.kind !== "district")
      errors.kind = req.ctx.page.t.fieldErrors.required;
    const kind: UnitKind = values.kind === "district" ? "district" : "department";
    // the server proposes what the island would have: the source from the unit's name
    if (!values.source && values.unit) values.source = proposedSource(kind, values.unit);
    if (f("step") === "propose") return showNew(req, res, values, { errors });
    if (!values.unit) errors.unit = req.ctx.page.t.fieldErrors.required;
    if (!values.boardMailbox) errors.boardMailbox = req.ctx.page.t.fieldErrors.required;
    else if (!EMAIL.test(values.boardMailbox)) errors.boardMailbox = m.eEmail;
    if (!values.hotline) errors.hotline = req.ctx.page.t.fieldErrors.required;
    if (Object.keys(errors).length) return showNew(req, res, values, { errors, status: 422 });
    const proposed = proposedNames(kind, values.unit ?? "");
    const { label } = checkLabel(values.source ?? "", []);
    const name = values.name || proposed.name;
    let created: PortalRecord;
    try {
      created = (
        await req.ctx.api.post<PortalRecord>("content", "/portals", {
          json: {
            kind,
            name: { vi: name },
            agency: { vi: values.agency || proposed.agency },
            [kind === "department" ? "abbreviation" : "placeName"]: values.source,
            ...(label ? { portalId: label } : {}),
            languages: values.en ? ["vi", "en"] : ["vi"],
            boardMailbox: values.boardMailbox,
            hotline: values.hotline,
          },
        })
      ).data;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const p = explain(req, e, CREATE_FIELDS, label);
      return showNew(req, res, values, {
        errors: p.errors,
        ...(p.refusal ? { refusal: p.refusal } : {}),
        status: p.status,
      });
    }
    // the new portal is one of the person's choices at once (platform admins see every portal)
    req.session.portalNames = { ...(req.session.portalNames ?? {}), [created.portalId]: created.name.vi };
    flash(req, "success", m.created(created.name.vi, created.host));
    if (!(await ensureRoles(req, created.portalId))) flash(req, "error", m.rolesPending);
    res.redirect(303, `${BASE}/${created.portalId}/edit`);
  });

  const showEdit = async (
    req: Request,
    res: Response,
    portal: PortalRecord,
    values: Values,
    o: { errors: FormErrors; refusal?: string | undefined; status: number; version: number },
  ) =>
    sendPage(
      res,
      req.ctx.page,
      <EditPortalPage
        portal={portal}
        canAct={canAct(req)}
        values={values}
        version={o.version}
        errors={o.errors}
        refusal={o.refusal}
        {...(await emblemChoices(req, portal))}
      />,
      o.status,
    );

  const current = async (req: Request, res: Response): Promise<PortalRecord | null> => {
    const id = String(req.params.portalId ?? "");
    const got = ID.test(id)
      ? await req.ctx.api.get<PortalRecord>("content", `/portals/${id}`, { accept: [404] })
      : { status: 404, data: null };
    if (got.status === 404 || !got.data) {
      sendPage(res, req.ctx.page, <ErrorPage kind="notFound" />, 404);
      return null;
    }
    return got.data;
  };

  r.get(`${BASE}/:portalId/edit`, async (req, res) => {
    const portal = await current(req, res);
    if (portal)
      await showEdit(req, res, portal, portalValues(portal), {
        errors: {},
        status: 200,
        version: portal.version,
      });
  });

  r.post(`${BASE}/:portalId/edit`, async (req, res) => {
    const t = req.ctx.page.t;
    const portal = await current(req, res);
    if (!portal) return;
    const f = formField(req);
    const rows = Math.min(MAX_LINKS, Math.max(1, Number.parseInt(f("linkRows"), 10) || 1));
    const values = Object.fromEntries(
      [...Object.keys(portalValues(portal)), ...Object.keys(linkValues([], rows))].map((k) => [k, f(k)]),
    ) as Values;
    values.linkRows = String(rows);
    values.boardMailbox = (values.boardMailbox ?? "").toLowerCase();
    values.en = values.en === "1" ? "1" : "";
    const v = (k: string) => values[k] ?? "";
    const version = Number.parseInt(f("version"), 10);
    const errors: FormErrors = {};
    for (const k of ["nameVi", "agencyVi", "boardMailbox", "hotline"])
      if (!v(k)) errors[k] = t.fieldErrors.required;
    if (v("boardMailbox") && !EMAIL.test(v("boardMailbox"))) errors.boardMailbox = t.portals.eEmail;
    for (const [vi, en] of [
      ["addressVi", "addressEn"],
      ["positionVi", "positionEn"],
      ["licenceVi", "licenceEn"],
    ] as const)
      if (v(en) && !v(vi)) errors[en] = t.portals.eViFirst;
    if ((v("personName") !== "") !== (v("positionVi") !== "") && !errors.positionEn)
      errors[v("personName") ? "positionVi" : "personName"] = t.portals.ePersonBoth;
    const { links, rowOf } = readLinks(values, t.portals, errors);
    const show = (o: {
      errors: FormErrors;
      refusal?: string | undefined;
      status: number;
      version?: number;
    }) =>
      showEdit(req, res, portal, values, {
        ...o,
        version: o.version ?? (Number.isFinite(version) ? version : portal.version),
      });
    if (Object.keys(errors).length) return show({ errors, status: 422 });
    const before = portalValues(portal);
    const same =
      Object.keys(before).every((k) => /^link/.test(k) || before[k] === v(k)) &&
      JSON.stringify(links) === JSON.stringify(portal.serviceLinks ?? []);
    // a save also makes the portal's roles in the realm if they are missing (ensureRoles)
    if (same && canAct(req)) {
      flash(req, "info", t.portals.unchanged);
      if (!(await ensureRoles(req, portal.portalId))) flash(req, "error", t.portals.rolesPending);
      return res.redirect(303, `${BASE}/${portal.portalId}/edit`);
    }
    const position = text(v("positionVi"), v("positionEn"));
    const patch = {
      name: text(v("nameVi"), v("nameEn")),
      agency: text(v("agencyVi"), v("agencyEn")),
      boardMailbox: v("boardMailbox"),
      hotline: v("hotline"),
      languages: [...portal.languages.filter((l) => l !== "en"), ...(v("en") ? ["en"] : [])],
      address: text(v("addressVi"), v("addressEn")),
      personInCharge: v("personName") && position ? { name: v("personName"), position } : null,
      licence: text(v("licenceVi"), v("licenceEn")),
      emblemAssetId: v("emblem") || null,
      serviceLinks: links.length ? links : null,
    };
    // content's paths name the link's place in the list it got: back to the form's row
    const fields: Record<string, string> = { ...EDIT_FIELDS, emblemAssetId: "emblem" };
    rowOf.forEach((row, i) => {
      fields[`serviceLinks.${i}`] = `link${row}Url`;
      fields[`serviceLinks.${i}.url`] = `link${row}Url`;
      fields[`serviceLinks.${i}.label`] = `link${row}Vi`;
      fields[`serviceLinks.${i}.label.vi`] = `link${row}Vi`;
      fields[`serviceLinks.${i}.label.en`] = `link${row}En`;
    });
    try {
      await req.ctx.api.patch("content", `/portals/${portal.portalId}`, {
        json: patch,
        ...(Number.isFinite(version) ? { ifMatch: version } : {}),
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const p = explain(req, e, fields);
      // after "someone changed it", saving again writes over the version just read
      return show({ ...p, ...(e.status === 409 ? { version: portal.version } : {}) });
    }
    flash(req, "success", t.portals.saved(patch.name?.vi ?? portal.name.vi));
    if (!(await ensureRoles(req, portal.portalId))) flash(req, "error", t.portals.rolesPending);
    res.redirect(303, `${BASE}/${portal.portalId}/edit`);
  });

  return r;
}
