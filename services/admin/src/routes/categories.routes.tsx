// Categories and completeness (R-CONTENT, R-TIMELY, R-RETAIN) over content's portal API:
// GET/PATCH /portals/{id}/categories (the board head edits) and GET /portals/{id}/completeness,
// with each category's last publication from its listing (one entry, side by side).
import { type Request, type Response, Router } from "express";
import { ApiError } from "../api/client";
import { BOARD_ROLES } from "../forms/abilities";
import { flash } from "../http/context";
import { portalOf, portalScope } from "../http/portal";
import type { FormErrors } from "../views/components";
import { ErrorPage } from "../views/pages/auth";
import {
  CategoriesPage,
  CategoryEditPage,
  type CategoryFormValues,
  type CategoryRow,
  CompletenessPage,
  type CompletenessRow,
} from "../views/pages/categories";
import { sendPage } from "../views/render";

const READERS = [...BOARD_ROLES, "focal-officer"];
const CATEGORY_ID = /^[A-Za-z0-9_-]{3,64}$/;

function guard(req: Request, res: Response, next: () => void) {
  if (req.ctx.rolesOn(portalOf(req)).some((r) => READERS.includes(r))) next();
  else sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
}

/** content's canManageCategories: the portal's board head, or a platform admin. */
function canEdit(req: Request): boolean {
  return (
    req.ctx.rolesOn(portalOf(req)).includes("board-head") ||
    (req.session.user?.realmRoles ?? []).includes("platform-admin")
  );
}

async function categories(req: Request): Promise<CategoryRow[]> {
  return (await req.ctx.api.get<{ items: CategoryRow[] }>("content", `/portals/${portalOf(req)}/categories`))
    .data.items;
}

const valuesOf = (c: CategoryRow): CategoryFormValues => ({
  nameVi: c.name.vi,
  nameEn: c.name.en ?? "",
  order: String(c.order),
  retentionClass: c.retentionClass,
  mandatory: c.mandatory,
  deadline: c.deadlineWorkingDays === null ? "" : String(c.deadlineWorkingDays),
});

export function categoryRoutes(): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId/categories", portalScope, guard);
  r.use("/p/:portalId/completeness", portalScope, guard);

  r.get("/p/:portalId/categories", async (req, res) => {
    sendPage(res, req.ctx.page, <CategoriesPage rows={await categories(req)} canEdit={canEdit(req)} />);
  });

  const loadOne = async (req: Request, res: Response): Promise<CategoryRow | null> => {
    const id = String(req.params.categoryId);
    const c = CATEGORY_ID.test(id) ? (await categories(req)).find((x) => x.categoryId === id) : undefined;
    if (!c) throw new ApiError(404, "not_found", undefined, undefined, [], {});
    if (!canEdit(req)) {
      sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
      return null;
    }
    return c;
  };

  r.get("/p/:portalId/categories/:categoryId", async (req, res) => {
    const c = await loadOne(req, res);
    if (c) sendPage(res, req.ctx.page, <CategoryEditPage c={c} values={valuesOf(c)} errors={{}} />);
  });

  r.post("/p/:portalId/categories/:categoryId", async (req, res) => {
    const t = req.ctx.page.t;
    const c = await loadOne(req, res);
    if (!c) return;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const s = (k: string) => (typeof b[k] === "string" ? (b[k] as string).normalize("NFC").trim() : "");
    const values: CategoryFormValues = {
      nameVi: s("nameVi"),
      nameEn: s("nameEn"),
      order: s("order"),
      retentionClass: s("retentionClass"),
      mandatory: b.mandatory === "true",
      deadline: s("deadline"),
    };
    const errors: FormErrors = {};
    if (!values.nameVi) errors.nameVi = t.fieldErrors.required;
    if (!/^-?\d{1,6}$/.test(values.order)) errors.order = t.categories.notInteger;
    if (!["permanent", "limited-5y"].includes(values.retentionClass))
      errors.retentionClass = t.fieldErrors.required;
    const deadline = values.deadline === "" ? null : Number(values.deadline);
    if (deadline !== null && (!Number.isInteger(deadline) || deadline < 1 || deadline > 365))
      errors.deadline = t.categories.outOfRange;
    if (Object.keys(errors).length) {
      sendPage(res, req.ctx.page, <CategoryEditPage c={c} values={values} errors={errors} />, 422);
      return;
    }
    try {
      await req.ctx.api.patch("content", `/portals/${portalOf(req)}/categories/${c.categoryId}`, {
        json: {
          name: { vi: values.nameVi, ...(values.nameEn ? { en: values.nameEn } : {}) },
          order: Number(values.order),
          retentionClass: values.retentionClass,
          mandatory: values.mandatory,
          deadlineWorkingDays: deadline,
        },
      });
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 404) throw e;
      const fieldOf: Record<string, string> = { name: "nameVi", deadlineWorkingDays: "deadline" };
      const errs: FormErrors = {};
      for (const x of e.errors) {
        const f = fieldOf[x.path.split(".")[0] ?? ""] ?? x.path.split(".")[0] ?? "";
        if (f && !errs[f])
          errs[f] = t.fieldErrors[x.code as keyof typeof t.fieldErrors] ?? t.fieldErrors.invalid;
      }
      sendPage(
        res,
        req.ctx.page,
        <CategoryEditPage
          c={c}
          values={values}
          errors={errs}
          refusal={
            Object.keys(errs).length
              ? undefined
              : e.status === 403
                ? t.categories.onlyHead
                : (e.detailFor(req.ctx.lang) ?? t.errors.generic)
          }
        />,
        e.status === 403 ? 403 : 422,
      );
      return;
    }
    flash(req, "success", t.categories.saved);
    res.redirect(303, `/p/${portalOf(req)}/categories`);
  });

  r.get("/p/:portalId/completeness", async (req, res) => {
    const portalId = portalOf(req);
    const { data } = await req.ctx.api.get<{ generatedAt?: string; categories: CompletenessRow[] }>(
      "content",
      `/portals/${portalId}/completeness`,
    );
    const rows = await Promise.all(
      data.categories.map(async (c) => {
        if (c.empty) return c;
        try {
          const { data: page } = await req.ctx.api.get<{ items: { publishedAt: string }[] }>(
            "content",
            `/portals/${portalId}/categories/${c.categoryId}/published`,
            { query: { limit: 1 } },
          );
          return { ...c, lastPublishedAt: page.items[0]?.publishedAt };
        } catch (e) {
          if (e instanceof ApiError) return c;
          throw e;
        }
      }),
    );
    sendPage(res, req.ctx.page, <CompletenessPage rows={rows} generatedAt={data.generatedAt} />);
  });

  return r;
}
