// Operations (issue 19 screen 5; R-OPS-247, R-SEC) over archive's API, for platform admins;
// auditors see every page without an action, and a form they force through anyway reaches archive,
// whose 403 (platform-admin only) becomes a Vietnamese sentence.
// - the incident register: `GET /incidents?portalId=&from=&to=&limit=&cursor=` (newest first),
//   `POST /incidents` (201; the technical focal unit is mailed by archive), `GET /incidents/{id}`
//   (ETag = version), `PATCH /incidents/{id}` with If-Match (409 `stale_version` → the current
//   incident beside the person's text, kept, and saving again writes over it; 409
//   `incident_closed` → the closed incident and the person's text, unsaved; 422 per field);
// - availability: archive's platform-wide probe (publishing's readiness) per report period
//   (`GET /reports/{period}?scope=province&format=json`, its `availability`): the current half-year
//   and year so far. Per portal, archive's probe of each portal's home page (its Host on
//   publishing) for the same periods (`GET /availability/portals?from=&to=`, pages of 100 portals),
//   and beside it the downtime of the register's availability incidents (the portal's own and the
//   whole platform's) in the last 30 days and the current half-year, computed here from
//   `GET /incidents`. Each part archive does not answer is a warning notice of its own.
import { type Request, type Response, Router } from "express";
import { ApiError, ApiUnavailable } from "../api/client";
import type {
  Incident,
  IncidentList,
  PortalAvailabilityPage,
  ProbeAvailability,
  ReportFigures,
} from "../api/platform";
import {
  currentPeriods,
  downtimeIn,
  fieldErrorsOf,
  readIncidentEdit,
  readNewIncident,
  splitNotified,
  type Values,
  type Window,
} from "../forms/incident";
import { canAct, consoleGuard, explainList, formField, listFilters } from "../http/console";
import { flash } from "../http/context";
import { TtlCache } from "../http/ttl-cache";
import { formatDateTime } from "../i18n";
import type { FormErrors } from "../views/components";
import { ErrorPage } from "../views/pages/auth";
import type { Conflict } from "../views/pages/editor-conflict";
import {
  INCIDENTS,
  IncidentListPage,
  IncidentPage,
  incidentHref,
  NewIncidentPage,
  OPERATIONS,
} from "../views/pages/operations";
import {
  AvailabilityPage,
  type PortalAvailability,
  type PortalProbeRow,
  type ProbeRow,
} from "../views/pages/operations-availability";
import { sendPage } from "../views/render";
import { periodName } from "./reports.routes";

const PAGE = 20;
const INCIDENT_ID = /^i[0-9a-z]{9}-[0-9a-f]{8}$/;
const DAY_MS = 86_400_000;
/** an incident started this long before a window and still open counts in it (archive's report lookback) */
const LOOKBACK_MS = 366 * DAY_MS;
/** the register's pages read for the availability screen, at most (50 incidents each) */
const MAX_PAGES = 10;
/** archive's report figures are built from a whole period's samples: kept a little while */
const FIGURES_MS = 120_000;
/** archive's pages of portals read for the per-portal probe figures, at most (100 portals each) */
const MAX_PORTAL_PAGES = 5;

/** A browser sends a textarea's line breaks as CRLF: archive keeps LF. */
const lines = (s: string) => s.replace(/\r\n?/g, "\n");

/** The edit form's values of an incident as archive has it. */
const incidentValues = (i: Incident): Values => ({
  title: i.title,
  actions: i.actions,
  notified: i.notified.join("\n"),
  closedAt: "",
});

export function operationsRoutes(): Router {
  const r = Router();
  r.use(OPERATIONS, consoleGuard);
  const figures = new TtlCache<ReportFigures | null>(FIGURES_MS, 20);
  const portalFigures = new TtlCache<Map<string, ProbeAvailability | null>>(FIGURES_MS, 20);

  // the register, newest first
  r.get(OPERATIONS, async (req, res) => {
    const f = listFilters(req, ["portalId", "from", "to"], true);
    const values: Values = f.values;
    let errors = f.errors;
    let refusal: string | undefined;
    const cursor = f.cursor;
    let page: IncidentList = { items: [], nextCursor: null };
    if (!Object.keys(errors).length) {
      try {
        page = (
          await req.ctx.api.get<IncidentList>("archive", "/incidents", {
            // the start's Vietnam days, both ends included
            query: { ...f.range, limit: PAGE, cursor: cursor || undefined },
          })
        ).data;
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 422) throw e;
        ({ errors, refusal } = explainList(req, e, req.ctx.page.t.operations.eCursor));
      }
    }
    const params = new URLSearchParams();
    for (const k of ["portalId", "from", "to"]) if (values[k]) params.set(k, values[k] as string);
    const here = `${OPERATIONS}${params.size ? `?${params}` : ""}`;
    sendPage(
      res,
      req.ctx.page,
      <IncidentListPage
        items={page.items}
        values={values}
        errors={errors}
        refusal={refusal}
        filtered={params.size > 0}
        nextHref={
          page.nextCursor
            ? `${OPERATIONS}?${new URLSearchParams([...params, ["cursor", page.nextCursor]])}`
            : undefined
        }
        firstHref={cursor ? here : undefined}
        canAct={canAct(req)}
      />,
      Object.keys(errors).length || refusal ? 422 : 200,
    );
  });

  const showNew = (
    req: Request,
    res: Response,
    values: Values,
    o: { errors?: FormErrors; refusal?: string; status?: number } = {},
  ) =>
    sendPage(
      res,
      req.ctx.page,
      <NewIncidentPage values={values} errors={o.errors ?? {}} refusal={o.refusal} canAct={canAct(req)} />,
      o.status ?? 200,
    );

  r.get(`${INCIDENTS}/new`, (req, res) =>
    // the start is now, to the minute, unless the person says otherwise
    showNew(req, res, { startedAt: formatDateTime(new Date()) }),
  );

  r.post(INCIDENTS, async (req, res) => {
    const m = req.ctx.page.t.operations;
    const f = formField(req);
    const values: Values = Object.fromEntries(
      ["kind", "portalId", "title", "startedAt", "actions", "notified"].map((k) => [k, lines(f(k))]),
    );
    const read = readNewIncident(
      m,
      values,
      req.ctx.page.portals.map((p) => p.id),
      new Date(),
    );
    // an auditor's form (forced: none is rendered) goes to archive as it is, which refuses it
    if (!read.body && canAct(req)) return showNew(req, res, values, { errors: read.errors, status: 422 });
    let created: Incident;
    try {
      created = (await req.ctx.api.post<Incident>("archive", "/incidents", { json: read.body ?? values }))
        .data;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 403) return showNew(req, res, values, { refusal: m.eForbidden, status: 403 });
      const errors = fieldErrorsOf(m, e.errors);
      return showNew(req, res, values, {
        errors,
        ...(Object.keys(errors).length
          ? {}
          : { refusal: e.detailFor(req.ctx.lang) ?? req.ctx.page.t.errors.generic }),
        status: 422,
      });
    }
    flash(req, "success", m.created(created.title));
    res.redirect(303, incidentHref(created.id));
  });

  /** The incident as archive has it now, or the 404 page (null). */
  const current = async (req: Request, res: Response): Promise<Incident | null> => {
    const id = String(req.params.incidentId);
    const got = INCIDENT_ID.test(id)
      ? await req.ctx.api.get<Incident>("archive", `/incidents/${id}`, { accept: [404] })
      : { status: 404, data: null };
    if (got.status === 404 || !got.data) {
      sendPage(res, req.ctx.page, <ErrorPage kind="notFound" />, 404);
      return null;
    }
    return got.data;
  };

  const showIncident = (
    req: Request,
    res: Response,
    incident: Incident,
    o: {
      values?: Values;
      errors?: FormErrors;
      refusal?: string;
      version?: number;
      conflict?: Conflict;
      unsaved?: Values;
      status?: number;
    } = {},
  ) =>
    sendPage(
      res,
      req.ctx.page,
      <IncidentPage
        incident={incident}
        canAct={canAct(req)}
        values={o.values ?? incidentValues(incident)}
        errors={o.errors ?? {}}
        version={o.version ?? incident.version}
        refusal={o.refusal}
        conflict={o.conflict}
        unsaved={o.unsaved}
      />,
      o.status ?? 200,
    );

  r.get(`${INCIDENTS}/:incidentId`, async (req, res) => {
    const incident = await current(req, res);
    if (incident) showIncident(req, res, incident);
  });

  r.post(`${INCIDENTS}/:incidentId`, async (req, res) => {
    const m = req.ctx.page.t.operations;
    const incident = await current(req, res);
    if (!incident) return;
    const f = formField(req);
    const values: Values = Object.fromEntries(
      ["title", "actions", "notified", "closedAt"].map((k) => [k, lines(f(k))]),
    );
    const version = Number.parseInt(f("version"), 10);
    const edited = Number.isFinite(version) && version > 0 ? version : incident.version;
    const show = (o: Parameters<typeof showIncident>[3]) =>
      showIncident(req, res, incident, { values, version: edited, ...o });
    // closed meanwhile: nothing can be saved; what was typed is shown to copy
    const closedMeanwhile = (i: Incident) =>
      showIncident(req, res, i, {
        refusal: m.eClosedMeanwhile(formatDateTime(i.closedAt)),
        unsaved: values,
        status: 409,
      });
    const acts = canAct(req);
    if (incident.closedAt && acts) return closedMeanwhile(incident);
    const read = readIncidentEdit(m, values, incident, new Date(), formatDateTime);
    // an auditor's form (forced: none is rendered) goes to archive, which refuses it
    if (!read.patch && acts) return show({ errors: read.errors, status: 422 });
    if (!read.changed && acts && edited === incident.version) {
      flash(req, "info", m.unchanged);
      return res.redirect(303, incidentHref(incident.id));
    }
    let saved: Incident;
    try {
      saved = (
        await req.ctx.api.patch<Incident>("archive", `/incidents/${incident.id}`, {
          json: read.patch ?? {},
          ifMatch: edited,
        })
      ).data;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 403) return show({ refusal: m.eForbidden, status: 403 });
      if (e.status === 404) return void sendPage(res, req.ctx.page, <ErrorPage kind="notFound" />, 404);
      if (e.status === 409) {
        const now = await current(req, res);
        if (!now) return;
        if (e.reason === "incident_closed" || now.closedAt) return closedMeanwhile(now);
        // someone saved meanwhile: theirs beside the person's, kept; saving again writes over it
        return showIncident(req, res, now, {
          values,
          version: now.version,
          conflict: conflictOf(req, now, values),
          status: 409,
        });
      }
      const errors = fieldErrorsOf(m, e.errors, incident.startedAt, formatDateTime);
      return show({
        errors,
        ...(Object.keys(errors).length
          ? {}
          : { refusal: e.detailFor(req.ctx.lang) ?? req.ctx.page.t.errors.generic }),
        status: 422,
      });
    }
    flash(req, "success", saved.closedAt ? m.closed(saved.title) : m.saved(saved.title));
    res.redirect(303, incidentHref(saved.id));
  });

  // availability: the probe's figures per report period so far, each portal's from the register
  r.get(`${OPERATIONS}/availability`, async (req, res) => {
    const t = req.ctx.page.t;
    const m = t.operations;
    const now = new Date();
    const { half, year } = currentPeriods(now);
    const periods = [half, year];
    // archive's figures of a period, kept a little while (every console reader may read them)
    const report = (label: string) =>
      figures.get(label, async () => {
        const { data } = await req.ctx.api.get<ReportFigures>("archive", `/reports/${label}`, {
          query: { scope: "province", format: "json" },
        });
        return { period: data.period, availability: data.availability ?? null, incidents: null };
      });
    // each portal's home page, the same periods: every portal archive knows, a page of 100 at a time
    const perPortal = (p: { label: string; from: Date; to: Date }) =>
      portalFigures.get(p.label, async () => {
        const out = new Map<string, ProbeAvailability | null>();
        let cursor: string | undefined;
        for (let n = 0; n < MAX_PORTAL_PAGES; n++) {
          const { data } = await req.ctx.api.get<PortalAvailabilityPage>("archive", "/availability/portals", {
            query: { from: p.from.toISOString(), to: p.to.toISOString(), limit: 100, cursor },
          });
          for (const i of data.items) out.set(i.portalId, i.availability);
          if (!data.nextCursor) break;
          cursor = data.nextCursor;
        }
        return out;
      });
    const unanswered = (e: unknown) => {
      if (e instanceof ApiUnavailable || e instanceof ApiError) return null;
      throw e;
    };
    const [probe, ownProbe, register] = await Promise.all([
      Promise.all(periods.map((p) => report(p.label))).catch(unanswered),
      Promise.all(periods.map(perPortal)).catch(unanswered),
      registerSince(req, new Date(Math.min(half.from.getTime(), now.getTime() - 30 * DAY_MS) - LOOKBACK_MS)),
    ]);
    const probeRows: ProbeRow[] | null = probe
      ? periods.map((p, n) => ({
          name: m.soFar(periodName(t, p.label)),
          figures: probe[n]?.availability ?? null,
        }))
      : null;
    const portalProbe: PortalProbeRow[] | null = ownProbe
      ? req.ctx.page.portals.map((p) => ({
          portalId: p.id,
          name: p.name,
          figures: ownProbe.map((byPortal) => byPortal.get(p.id) ?? null),
        }))
      : null;
    const windows: { label: string; w: Window }[] = [
      { label: m.last30, w: { from: new Date(now.getTime() - 30 * DAY_MS), to: now } },
      { label: m.soFar(periodName(t, half.label)), w: { from: half.from, to: now } },
    ];
    const portals: PortalAvailability[] | null = register
      ? req.ctx.page.portals.map((p) => ({
          portalId: p.id,
          name: p.name,
          windows: windows.map(({ w }) => downtimeIn(register.items, p.id, w)),
        }))
      : null;
    sendPage(
      res,
      req.ctx.page,
      <AvailabilityPage
        probe={probeRows}
        periods={periods.map((p) => m.soFar(periodName(t, p.label)))}
        portalProbe={portalProbe}
        windows={windows.map((w) => w.label)}
        portals={portals}
        truncated={register?.truncated ? register.items.length : undefined}
        canAct={canAct(req)}
      />,
    );
  });

  return r;
}

/** The register's incidents started since `from` (newest first, at most MAX_PAGES pages); null when archive fails. */
async function registerSince(
  req: Request,
  from: Date,
): Promise<{ items: Incident[]; truncated: boolean } | null> {
  const items: Incident[] = [];
  let cursor: string | undefined;
  try {
    for (let n = 0; n < MAX_PAGES; n++) {
      const { data } = await req.ctx.api.get<IncidentList>("archive", "/incidents", {
        query: { from: from.toISOString(), limit: 50, cursor },
      });
      items.push(...data.items);
      if (!data.nextCursor) return { items, truncated: false };
      cursor = data.nextCursor;
    }
    return { items, truncated: true };
  } catch (e) {
    if (e instanceof ApiUnavailable || e instanceof ApiError) return null;
    throw e;
  }
}

/** What differs between the incident as saved meanwhile and what the person typed. */
function conflictOf(req: Request, now: Incident, yours: Values): Conflict {
  const m = req.ctx.page.t.operations;
  const fields: [string, string, string][] = [];
  const theirs = incidentValues(now);
  const norm = (k: string, v: string) => (k === "notified" ? splitNotified(v).join("\n") : v.trim());
  for (const [k, label] of [
    ["title", m.titleLabel],
    ["actions", m.actions],
    ["notified", m.notified],
  ] as const)
    if (norm(k, theirs[k] ?? "") !== norm(k, yours[k] ?? ""))
      fields.push([label, theirs[k] ?? "", norm(k, yours[k] ?? "")]);
  return {
    who: m.someoneElse,
    when: formatDateTime(now.updatedAt),
    fields,
    currentVersion: now.version,
    discardHref: incidentHref(now.id),
  };
}
