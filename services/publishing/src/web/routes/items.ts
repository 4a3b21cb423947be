// An item's pages: live → page (and its print version); withdrawn → notice; gone/archived → 410;
// redirected or an old slug → 301. A draft for comment is not cached (its form carries a fresh
// token, and the window opens and closes with time) and takes comments (POST …/y-kien).
import type { NextFunction, Request, Response, Router } from "express";
import { resultPage } from "../../feedback/feedback.pages";
import { readCommentForm } from "../../feedback/intake-form";
import type { ItemRecord } from "../../readmodel/readmodel";
import type { Locale } from "../i18n";
import { commentForm, commentWindowOpen, goneResponse, itemPage, noticePage } from "../pages";
import type { RouteContext } from "./context";
import { honeypotPage, outcomePage, refusedAtTheForm } from "./feedback";
import { field } from "./respond";

export function itemRoutes(r: Router, ctx: RouteContext, locale: Locale): void {
  const { deps, pageDeps, siteOf, cached, pageOf, formState, originOk, formLimiter, urlencoded } = ctx;
  const { model, hosts } = deps;

  function redirectTarget(item: ItemRecord): string | undefined {
    const to = item.redirectTo;
    if (!to) return undefined;
    if (to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/\\")) return to;
    try {
      const u = new URL(to);
      const host = u.host.toLowerCase();
      if (
        (u.protocol === "https:" || u.protocol === "http:") &&
        (host === deps.productionDomain || host.endsWith(`.${deps.productionDomain}`) || hosts.resolve(host))
      )
        return u.toString();
    } catch {
      return undefined;
    }
    return undefined;
  }

  const resolveItem = (
    req: Request,
    res: Response,
  ): { item?: ItemRecord; redirect?: string; missing?: boolean } => {
    const portalId = res.locals.portalId as string;
    const slug = String(req.params.slug);
    const { item, moved } = model.bySlug(portalId, locale, slug);
    const prefix = locale === "vi" ? "" : `/${locale}`;
    if (moved) {
      const lc = moved.snapshot.locales[locale];
      if (lc) return { redirect: `${prefix}/tin/${lc.slug}${req.path.endsWith("/ban-in") ? "/ban-in" : ""}` };
    }
    if (!item) return { missing: true };
    if (item.status === "redirected") {
      const to = redirectTarget(item);
      if (to) return { redirect: to };
    }
    return { item };
  };

  const itemHandler = (print: boolean) => (req: Request, res: Response, next: NextFunction) => {
    const { item, redirect, missing } = resolveItem(req, res);
    if (redirect) return res.redirect(301, redirect);
    if (missing || !item) return next();
    const site = siteOf(req, res, locale);
    if (item.status === "gone" || item.status === "archived")
      return pageOf(goneResponse(site, item), req, res);
    if (item.status === "withdrawn" || item.status === "redirected")
      return pageOf(noticePage(site, item), req, res);
    if (!print && item.snapshot.kind === "draft-for-comment") {
      // the comment form carries a fresh token, and the window opens and closes with time: not cached
      const form = commentWindowOpen(item)
        ? commentForm(site, item, formState(site, `comment|${item._id}`))
        : undefined;
      deps.pageViews.hit(site.portal.portalId, item._id, req.headers["user-agent"]);
      const rendered = itemPage(pageDeps, site, item, form ? { commentForm: form } : {});
      res.setHeader("cache-control", "no-store");
      return void res.status(200).type("html").send(rendered.body);
    }
    return cached(locale, (s) => itemPage(pageDeps, s, item, { print }), { count: () => item._id })(
      req,
      res,
      next,
    );
  };

  r.get("/tin/:slug", itemHandler(false));
  r.get("/tin/:slug/ban-in", itemHandler(true));

  r.post("/tin/:slug/y-kien", formLimiter, urlencoded, async (req, res, next) => {
    const { item } = resolveItem(req, res);
    if (item?.status !== "live") return next();
    const site = siteOf(req, res, locale);
    if (!commentWindowOpen(item))
      return pageOf(
        site.locale === "en"
          ? resultPage(site, 409, "The comment period is over", "This draft is not open for comments now.")
          : resultPage(
              site,
              409,
              "Đã hết thời gian góp ý",
              "Dự thảo này hiện không trong thời gian lấy ý kiến.",
            ),
        req,
        res,
      );
    const scope = `${site.portal.portalId}|comment|${item._id}`;
    if (!originOk(req) || !deps.tokens.verify(scope, field(req.body, "csrf", 200)))
      return pageOf(
        site.locale === "en"
          ? resultPage(
              site,
              403,
              "The form has expired",
              "The form has expired or is not valid. Reload the page and send it again.",
            )
          : resultPage(
              site,
              403,
              "Biểu mẫu đã hết hạn",
              "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.",
            ),
        req,
        res,
      );
    if (field(req.body, "website")) return pageOf(honeypotPage(site, "comment"), req, res);
    const form = readCommentForm(req.body, site.locale);
    const result = form.ok ? await deps.content.comment(item._id, form.payload, req.ip) : undefined;
    // refused here by the contract, or by content after all (its rules changed before this form's)
    const errors = result
      ? refusedAtTheForm(result, "comment", site.locale)
      : form.ok
        ? undefined
        : form.errors;
    if (!result || errors) {
      const state = formState(site, `comment|${item._id}`, form.values, errors ?? {});
      const rendered = itemPage(pageDeps, site, item, { commentForm: commentForm(site, item, state) });
      return void res.status(422).type("html").send(rendered.body);
    }
    return pageOf(outcomePage(site, result, "comment"), req, res);
  });
}
