// Ad slots (R-ADS) over content's ads API (board roles, or a platform admin): list, create,
// change, stop now (content has no pause: the end is set to now), delete. Times are typed as
// dd/MM/yyyy HH:mm in Vietnam time; content's refusals become Vietnamese messages beside the fields.
import { type Request, type Response, Router } from "express";
import { ApiError } from "../api/client";
import { BOARD_ROLES } from "../forms/abilities";
import { flash } from "../http/context";
import { portalOf, portalScope } from "../http/portal";
import { dateTimeInput, parseDateTime } from "../i18n";
import type { FormErrors } from "../views/components";
import { AdFormPage, type AdFormValues, AdsPage, type AdView, PLACEMENTS } from "../views/pages/ads";
import { ErrorPage } from "../views/pages/auth";
import { sendPage } from "../views/render";

const ID = /^[a-f0-9]{24}$/;

function guard(req: Request, res: Response, next: () => void) {
  const ok =
    req.ctx.rolesOn(portalOf(req)).some((r) => BOARD_ROLES.includes(r)) ||
    (req.session.user?.realmRoles ?? []).includes("platform-admin");
  if (ok) next();
  else sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
}

const valuesOf = (a: AdView): AdFormValues => ({
  title: a.title,
  imageUrl: a.imageUrl,
  linkUrl: a.linkUrl,
  placement: a.placement,
  startsAt: dateTimeInput(a.startsAt),
  endsAt: dateTimeInput(a.endsAt),
});

function read(req: Request): {
  values: AdFormValues;
  errors: FormErrors;
  starts: Date | null;
  ends: Date | null;
} {
  const t = req.ctx.page.t;
  const b = (req.body ?? {}) as Record<string, unknown>;
  const s = (k: string) => (typeof b[k] === "string" ? (b[k] as string).normalize("NFC").trim() : "");
  const values: AdFormValues = {
    title: s("title"),
    imageUrl: s("imageUrl"),
    linkUrl: s("linkUrl"),
    placement: s("placement") || "sidebar",
    startsAt: s("startsAt"),
    endsAt: s("endsAt"),
  };
  const errors: FormErrors = {};
  if (!values.title) errors.title = t.fieldErrors.required;
  if (!values.imageUrl) errors.imageUrl = t.fieldErrors.required;
  else if (!/^https:\/\//i.test(values.imageUrl)) errors.imageUrl = t.ads.httpsOnly;
  if (!values.linkUrl) errors.linkUrl = t.fieldErrors.required;
  else if (!/^https:\/\//i.test(values.linkUrl)) errors.linkUrl = t.ads.httpsOnly;
  const starts = values.startsAt ? parseDateTime(values.startsAt) : null;
  const ends = values.endsAt ? parseDateTime(values.endsAt) : null;
  if (!starts) errors.startsAt = values.startsAt ? t.fieldErrors.invalid_date : t.fieldErrors.required;
  if (!ends) errors.endsAt = values.endsAt ? t.fieldErrors.invalid_date : t.fieldErrors.required;
  if (starts && ends && ends <= starts) errors.endsAt = t.ads.endsAfter;
  return { values, errors, starts, ends };
}

function problemErrors(req: Request, e: ApiError): { errors: FormErrors; refusal?: string } {
  const t = req.ctx.page.t;
  if (e.status === 403) return { errors: {}, refusal: t.ads.onlyBoard };
  const errors: FormErrors = {};
  for (const x of e.errors) {
    const f = x.path.split(".")[0] ?? "";
    if (!f || errors[f]) continue;
    errors[f] =
      f === "imageUrl"
        ? t.ads.imageOnly
        : f === "linkUrl"
          ? t.ads.httpsOnly
          : f === "endsAt"
            ? t.ads.endsAfter
            : (t.fieldErrors[x.code as keyof typeof t.fieldErrors] ?? t.fieldErrors.invalid);
  }
  return Object.keys(errors).length
    ? { errors }
    : { errors, refusal: e.detailFor(req.ctx.lang) ?? t.errors.generic };
}

export function adRoutes(): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId/ads", portalScope, guard);

  const load = async (req: Request): Promise<AdView> => {
    const id = String(req.params.adId);
    if (!ID.test(id)) throw new ApiError(404, "not_found", undefined, undefined, [], {});
    return (await req.ctx.api.get<AdView>("content", `/portals/${portalOf(req)}/ads/${id}`)).data;
  };

  r.get("/p/:portalId/ads", async (req, res) => {
    const { data } = await req.ctx.api.get<{ items: AdView[] }>("content", `/portals/${portalOf(req)}/ads`);
    sendPage(res, req.ctx.page, <AdsPage ads={data.items} />);
  });

  r.get("/p/:portalId/ads/new", (req, res) => {
    const empty: AdFormValues = {
      title: "",
      imageUrl: "",
      linkUrl: "",
      placement: PLACEMENTS[0] ?? "sidebar",
      startsAt: "",
      endsAt: "",
    };
    sendPage(res, req.ctx.page, <AdFormPage values={empty} errors={{}} />);
  });

  r.post("/p/:portalId/ads", async (req, res) => {
    const t = req.ctx.page.t;
    const { values, errors, starts, ends } = read(req);
    if (Object.keys(errors).length) {
      sendPage(res, req.ctx.page, <AdFormPage values={values} errors={errors} />, 422);
      return;
    }
    try {
      await req.ctx.api.post("content", `/portals/${portalOf(req)}/ads`, {
        json: {
          title: values.title,
          imageUrl: values.imageUrl,
          linkUrl: values.linkUrl,
          placement: values.placement,
          startsAt: starts?.toISOString(),
          endsAt: ends?.toISOString(),
        },
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const p = problemErrors(req, e);
      sendPage(res, req.ctx.page, <AdFormPage values={values} errors={p.errors} refusal={p.refusal} />, 422);
      return;
    }
    flash(req, "success", t.ads.created);
    res.redirect(303, `/p/${portalOf(req)}/ads`);
  });

  r.get("/p/:portalId/ads/:adId", async (req, res) => {
    const ad = await load(req);
    sendPage(res, req.ctx.page, <AdFormPage ad={ad} values={valuesOf(ad)} errors={{}} />);
  });

  r.post("/p/:portalId/ads/:adId", async (req, res) => {
    const t = req.ctx.page.t;
    const ad = await load(req);
    const { values, errors, starts, ends } = read(req);
    if (Object.keys(errors).length) {
      sendPage(res, req.ctx.page, <AdFormPage ad={ad} values={values} errors={errors} />, 422);
      return;
    }
    try {
      await req.ctx.api.patch("content", `/portals/${portalOf(req)}/ads/${ad.adId}`, {
        json: {
          title: values.title,
          imageUrl: values.imageUrl,
          linkUrl: values.linkUrl,
          placement: values.placement,
          startsAt: starts?.toISOString(),
          endsAt: ends?.toISOString(),
        },
      });
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 404) throw e;
      const p = problemErrors(req, e);
      sendPage(
        res,
        req.ctx.page,
        <AdFormPage ad={ad} values={values} errors={p.errors} refusal={p.refusal} />,
        422,
      );
      return;
    }
    flash(req, "success", t.ads.saved);
    res.redirect(303, `/p/${portalOf(req)}/ads`);
  });

  // GAP (issue 18): content has no pause; the run ends now (a later start stays as it is)
  r.post("/p/:portalId/ads/:adId/pause", async (req, res) => {
    const t = req.ctx.page.t;
    const ad = await load(req);
    const now = new Date();
    const json =
      new Date(ad.startsAt) > now
        ? { startsAt: new Date(now.getTime() - 1000).toISOString(), endsAt: now.toISOString() }
        : { endsAt: now.toISOString() };
    await req.ctx.api.patch("content", `/portals/${portalOf(req)}/ads/${ad.adId}`, { json });
    flash(req, "success", t.ads.paused);
    res.redirect(303, `/p/${portalOf(req)}/ads`);
  });

  r.post("/p/:portalId/ads/:adId/delete", async (req, res) => {
    const t = req.ctx.page.t;
    const ad = await load(req);
    await req.ctx.api.delete("content", `/portals/${portalOf(req)}/ads/${ad.adId}`);
    flash(req, "success", t.ads.removed);
    res.redirect(303, `/p/${portalOf(req)}/ads`);
  });

  return r;
}
