// The archive (issue 19 screen 3, R-RETAIN) over archive's API, for platform admins; auditors see
// every page without an action. `GET /archive/search` (words, portal, Vietnam days of first
// publication), `GET /retention/holds|expiring|expired` (with the scheduler's last run from
// `GET /retention/status`), a legal hold placed or lifted with a reason (`PUT|DELETE
// /items/{id}/hold`), and the hash chain's verification (`POST /archive/verify` → its run page,
// `GET /archive/verify/{id}`; a 409 verification_running leads to the running one).
//
// archive lets auditors place and lift holds too (its openapi.yaml); the console is read-only for
// them (issue 19: "every screen read-only"), so the admin refuses their hold forms itself. Their
// verification form reaches archive, which refuses it (platform-admin only).
import { type Request, type Response, Router } from "express";
import { ApiError } from "../api/client";
import type {
  ArchivedItem,
  HoldState,
  ItemPage,
  RetentionStatus,
  VerificationRun,
  VerificationStarted,
} from "../api/platform";
import { canAct, consoleGuard, explainList, formField, listFilters, queryField } from "../http/console";
import { flash, safeReturn } from "../http/context";
import { formatNumber } from "../i18n";
import type { FormErrors } from "../views/components";
import { ARCHIVE, ArchiveListPage, type ListPageProps, type Values } from "../views/pages/archive";
import { HoldPage } from "../views/pages/archive-hold";
import { RunPage, VerifyPage, verificationFigures } from "../views/pages/archive-verify";
import { ErrorPage } from "../views/pages/auth";
import { sendPage } from "../views/render";

const PAGE = 50;
const ITEM_ID = /^[A-Za-z0-9_-]{1,64}$/;
const RUN_ID = /^v[0-9a-z]{8,12}-[0-9a-f]{8}$/;
const PORTAL_ID = /^[a-z][a-z0-9]{1,39}$/;
type List = "search" | "holds" | "expiring" | "expired";
const PATHS: Record<List, string> = {
  search: "/archive/search",
  holds: "/retention/holds",
  expiring: "/retention/expiring",
  expired: "/retention/expired",
};

declare module "express-session" {
  interface SessionData {
    /** the last verification run this person started or was led to, linked from the verify page */
    lastVerificationId?: string;
  }
}

const wantsJson = (req: Request) => /application\/json/.test(String(req.headers.accept ?? ""));

/** Only the archive's own pages to come back to. */
const backOf = (value: string, fallback = ARCHIVE) => {
  const back = safeReturn(value, fallback);
  return back === ARCHIVE || back.startsWith(`${ARCHIVE}/`) || back.startsWith(`${ARCHIVE}?`)
    ? back
    : fallback;
};

export function archiveRoutes(): Router {
  const r = Router();
  r.use(ARCHIVE, consoleGuard);

  const list = (tab: List) => async (req: Request, res: Response) => {
    const days = tab === "search" || tab === "expiring";
    const f = listFilters(
      req,
      tab === "search" ? ["q", "portalId", "from", "to"] : ["portalId", "from", "to"],
      days,
    );
    const values: Values = f.values;
    let errors = f.errors;
    let refusal: string | undefined;
    const cursor = f.cursor;
    let page: ItemPage = { items: [], nextCursor: null };
    if (!Object.keys(errors).length) {
      try {
        page = (
          await req.ctx.api.get<ItemPage>("archive", PATHS[tab], {
            query: {
              ...(tab === "search" ? { q: values.q || undefined } : {}),
              ...f.range,
              limit: PAGE,
              cursor: cursor || undefined,
            },
          })
        ).data;
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 422) throw e;
        ({ errors, refusal } = explainList(req, e, req.ctx.page.t.archive.eCursor));
      }
    }
    let status: RetentionStatus | null | undefined;
    if (tab === "expiring" || tab === "expired")
      status = (await req.ctx.api.get<RetentionStatus>("archive", "/retention/status", { accept: [403] }))
        .data as RetentionStatus | null;
    const base = tab === "search" ? ARCHIVE : `${ARCHIVE}/${tab}`;
    const params = new URLSearchParams();
    for (const k of tab === "search"
      ? ["q", "portalId", "from", "to"]
      : days
        ? ["portalId", "from", "to"]
        : ["portalId"])
      if (values[k]) params.set(k, values[k] as string);
    const here = `${base}${params.size ? `?${params}` : ""}`;
    const props: ListPageProps = {
      tab,
      items: page.items,
      values,
      errors,
      refusal,
      nextHref: page.nextCursor
        ? `${base}?${new URLSearchParams([...params, ["cursor", page.nextCursor]])}`
        : undefined,
      firstHref: cursor ? here : undefined,
      back: cursor ? `${base}?${new URLSearchParams([...params, ["cursor", cursor]])}` : here,
      canAct: canAct(req),
      ...(status !== undefined ? { status: status && "lastRunAt" in status ? status : null } : {}),
    };
    sendPage(
      res,
      req.ctx.page,
      <ArchiveListPage {...props} />,
      Object.keys(errors).length || refusal ? 422 : 200,
    );
  };
  r.get(ARCHIVE, list("search"));
  r.get(`${ARCHIVE}/holds`, list("holds"));
  r.get(`${ARCHIVE}/expiring`, list("expiring"));
  r.get(`${ARCHIVE}/expired`, list("expired"));

  /**
   * The item a hold page is about, as archive has it. archive has no read of one record, so the
   * list's link names the portal and the title, and the search for that title in that portal
   * finds the record (a few pages at most); what the page shows is archive's, never the link's.
   */
  const findItem = async (req: Request, itemId: string, portalId: string, title: string) => {
    if (!ITEM_ID.test(itemId) || !PORTAL_ID.test(portalId) || !title) return null;
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const { data } = await req.ctx.api.get<ItemPage>("archive", "/archive/search", {
        query: { q: title.slice(0, 200), portalId, limit: 200, cursor },
        accept: [422],
      });
      if (!Array.isArray(data.items)) return null;
      const hit = data.items.find((x) => x.itemId === itemId);
      if (hit) return hit;
      if (!data.nextCursor) return null;
      cursor = data.nextCursor;
    }
    return null;
  };

  const showHold = (
    req: Request,
    res: Response,
    item: ArchivedItem,
    o: { reason?: string; back: string; errors?: FormErrors; refusal?: string; status?: number },
  ) =>
    sendPage(
      res,
      req.ctx.page,
      <HoldPage
        item={item}
        canAct={canAct(req)}
        reason={o.reason ?? ""}
        back={o.back}
        errors={o.errors ?? {}}
        refusal={o.refusal}
      />,
      o.status ?? 200,
    );

  r.get(`${ARCHIVE}/items/:itemId/hold`, async (req, res) => {
    const q = queryField(req);
    const item = await findItem(req, String(req.params.itemId), q("portalId"), q("title"));
    if (!item) return sendPage(res, req.ctx.page, <ErrorPage kind="notFound" />, 404);
    showHold(req, res, item, { back: backOf(q("back"), item.hold ? `${ARCHIVE}/holds` : ARCHIVE) });
  });

  r.post(`${ARCHIVE}/items/:itemId/hold`, async (req, res) => {
    const m = req.ctx.page.t.archive;
    const f = formField(req);
    const itemId = String(req.params.itemId);
    const item = await findItem(req, itemId, f("portalId"), f("title"));
    if (!item) return sendPage(res, req.ctx.page, <ErrorPage kind="notFound" />, 404);
    const place = f("action") !== "release";
    const reason = f("reason");
    const back = backOf(f("back"), place ? `${ARCHIVE}/holds` : ARCHIVE);
    const show = (o: { errors?: FormErrors; refusal?: string; status: number }) =>
      showHold(req, res, item, { reason, back, ...o });
    // the console is read-only for auditors, whatever archive would let them do
    if (!canAct(req)) return show({ refusal: m.eHoldForbidden, status: 403 });
    // the form answered a page that no longer holds (someone placed or lifted it meanwhile)
    if (place === !!item.hold) return show({ refusal: m.eChanged, status: 409 });
    if ([...reason].length < 5 || [...reason].length > 1000)
      return show({ errors: { reason: m.eReason }, status: 422 });
    let done: HoldState;
    try {
      done = (
        await req.ctx.api.call<HoldState>("archive", place ? "PUT" : "DELETE", `/items/${itemId}/hold`, {
          json: { reason },
        })
      ).data;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 403) return show({ refusal: m.eHoldForbidden, status: 403 });
      if (e.status === 404) return show({ refusal: m.eNoItem, status: 404 });
      if (e.status === 409) return show({ refusal: m.eExpired, status: 409 });
      if (e.status === 422) return show({ errors: { reason: m.eReason }, status: 422 });
      throw e;
    }
    flash(req, "success", done.hold ? m.placed(item.title) : m.released(item.title));
    res.redirect(303, back);
  });

  r.get(`${ARCHIVE}/verify`, (req, res) => {
    sendPage(
      res,
      req.ctx.page,
      <VerifyPage canAct={canAct(req)} scope="" lastRunId={req.session.lastVerificationId} />,
    );
  });

  r.post(`${ARCHIVE}/verify`, async (req, res) => {
    const m = req.ctx.page.t.archive;
    const portalId = formField(req)("portalId");
    const scope = req.ctx.page.portals.some((p) => p.id === portalId) ? portalId : "";
    let id: string;
    try {
      id = (
        await req.ctx.api.post<VerificationStarted>("archive", "/archive/verify", {
          json: scope ? { portalId: scope } : {},
        })
      ).data.id;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const running = e.body.runningId;
      if (e.status === 409 && typeof running === "string" && RUN_ID.test(running)) {
        flash(req, "info", m.verifyRunning);
        id = running;
      } else {
        const refusal =
          e.status === 403
            ? m.eVerifyForbidden
            : (e.detailFor(req.ctx.lang) ?? req.ctx.page.t.errors.generic);
        return sendPage(
          res,
          req.ctx.page,
          <VerifyPage
            canAct={canAct(req)}
            scope={scope}
            refusal={refusal}
            lastRunId={req.session.lastVerificationId}
          />,
          e.status === 403 ? 403 : 422,
        );
      }
    }
    req.session.lastVerificationId = id;
    res.redirect(303, `${ARCHIVE}/verify/${id}`);
  });

  r.get(`${ARCHIVE}/verify/:runId`, async (req, res) => {
    const id = String(req.params.runId);
    const got = RUN_ID.test(id)
      ? await req.ctx.api.get<VerificationRun>("archive", `/archive/verify/${id}`, { accept: [404] })
      : { status: 404, data: null };
    if (got.status === 404 || !got.data) {
      if (wantsJson(req)) return void res.status(404).json({ code: "not_found" });
      return sendPage(res, req.ctx.page, <ErrorPage kind="notFound" />, 404);
    }
    const run = got.data;
    const figures = verificationFigures(run, req.ctx.page.t.archive, (n) => formatNumber(n, req.ctx.lang));
    // the progress island's question: the bar's figures only
    if (wantsJson(req)) return void res.set("cache-control", "no-store").json(figures);
    req.session.lastVerificationId = id;
    sendPage(
      res,
      req.ctx.page,
      <RunPage run={run} canAct={canAct(req)} url={`${ARCHIVE}/verify/${id}`} figures={figures} />,
    );
  });

  return r;
}
