// Create and edit (R-SUBMIT): the kind chooser, the editor (with the pictures and documents of
// the library), saving with autosave (JSON for the editor island) and the 409 "changed
// meanwhile" view, "save and submit", and a form kept across an expired session restored once.
import { type Request, type Response, Router } from "express";
import { ApiError } from "../../api/client";
import type { Category, ItemView } from "../../api/types";
import { PENDING_COOKIE } from "../../auth/pending";
import { abilities } from "../../forms/abilities";
import {
  apiFieldErrors,
  emptyForm,
  FIELD_IDS,
  formFromBody,
  formFromItem,
  formToApi,
  type ItemForm,
  imagesForEditor,
} from "../../forms/item-form";
import { flash } from "../../http/context";
import { portalOf } from "../../http/portal";
import { formatTime } from "../../i18n";
import type { FormErrors } from "../../views/components";
import { type Conflict, EditorPage, KindChooserPage } from "../../views/pages/editor";
import { sendPage } from "../../views/render";
import { loadPickerAssets } from "../media.routes";
import { conflictOf } from "./conflict";
import {
  bodyOf,
  cookie,
  type ItemsDeps,
  isAutosave,
  KINDS,
  loadItem,
  loadPortal,
  me,
  refusalText,
} from "./shared";

async function editorData(req: Request) {
  const [portal, images, documents] = await Promise.all([
    loadPortal(req),
    loadPickerAssets(req, "image", 30),
    loadPickerAssets(req, "document", 30),
  ]);
  return { portal, images: images.assets, documents: documents.assets };
}

async function renderEditor(
  req: Request,
  res: Response,
  o: {
    form: ItemForm;
    item?: ItemView;
    errors?: FormErrors;
    conflict?: Conflict;
    restored?: boolean;
    status?: number;
  },
): Promise<void> {
  const { portal, images, documents } = await editorData(req);
  if (!o.item && !o.errors && !o.form.categoryIds.length) {
    // a new item starts in the first category made for its kind (the person can change it)
    const first = [...portal.categories]
      .sort((a, b) => a.order - b.order)
      .find((c) => c.kinds?.includes(o.form.kind));
    if (first) o.form.categoryIds = [first.categoryId];
  }
  const form = {
    ...o.form,
    body: imagesForEditor(o.form.body, portal.portalId),
    en: { ...o.form.en, body: imagesForEditor(o.form.en.body, portal.portalId) },
  };
  sendPage(
    res,
    req.ctx.page,
    <EditorPage
      form={form}
      item={o.item}
      categories={[...portal.categories].sort((a, b) => a.order - b.order) as Category[]}
      images={images}
      documents={documents}
      languages={portal.languages}
      errors={o.errors ?? {}}
      conflict={o.conflict}
      restored={o.restored ?? false}
      revisionOfLive={!!o.item?.live}
    />,
    o.status ?? 200,
  );
}

export function editorRoutes(d: ItemsDeps): Router {
  const r = Router({ mergeParams: true });

  /** A form kept when the session expired, for this page (once). */
  const restoredForm = async (req: Request, res: Response, kind: string): Promise<ItemForm | null> => {
    const fields = await d.pending.take(
      req.cookies?.[PENDING_COOKIE] ?? cookie(req, PENDING_COOKIE),
      req.originalUrl.split("#")[0] ?? "",
    );
    if (!fields) return null;
    res.clearCookie(PENDING_COOKIE, { path: "/" });
    return formFromBody(fields, kind);
  };

  r.get("/p/:portalId/items/new", async (req, res) => {
    const kind = typeof req.query.kind === "string" ? req.query.kind : "";
    if (!KINDS.includes(kind)) {
      sendPage(
        res,
        req.ctx.page,
        <KindChooserPage
          kinds={KINDS}
          {...(req.query.kind !== undefined ? { error: req.ctx.page.t.missing.kind } : {})}
        />,
      );
      return;
    }
    const restored = await restoredForm(req, res, kind);
    await renderEditor(req, res, { form: restored ?? emptyForm(kind), restored: !!restored });
  });

  const save = async (req: Request, res: Response, item: ItemView | null) => {
    const t = req.ctx.page.t;
    const kind = item?.kind ?? String(req.query.kind ?? "");
    if (!KINDS.includes(kind)) {
      sendPage(res, req.ctx.page, <KindChooserPage kinds={KINDS} error={t.missing.kind} />, 422);
      return;
    }
    const form = formFromBody(bodyOf(req), kind);
    const portal = await loadPortal(req);
    const converted = formToApi(form, t, {
      portalId: portal.portalId,
      mediaPublicUrl: d.config.MEDIA_PUBLIC_URL,
      languages: portal.languages,
      isRevisionOfLive: !!item?.live,
    });
    const autosave = isAutosave(req);
    if (!converted.body) {
      if (autosave) {
        res.status(422).json({ errors: converted.errors });
        return;
      }
      await renderEditor(req, res, {
        form,
        ...(item ? { item } : {}),
        errors: converted.errors,
        status: 422,
      });
      return;
    }
    const base = `/p/${portal.portalId}/items`;
    let saved: ItemView;
    try {
      if (item) {
        saved = (
          await req.ctx.api.put<ItemView>("content", `${base.replace("/p/", "/portals/")}/${item.itemId}`, {
            json: { kind, ...converted.body },
            ifMatch: form.version ?? item.version,
          })
        ).data;
      } else {
        saved = (
          await req.ctx.api.post<ItemView>("content", `/portals/${portal.portalId}/items`, {
            json: { kind, ...converted.body },
          })
        ).data;
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 409 && item && e.reason === "stale_version") {
        const current = await loadItem(req);
        const conflict = conflictOf(req, current, form);
        if (autosave) {
          res.status(409).json({ conflict: true });
          return;
        }
        await renderEditor(req, res, { form, item: current, conflict, status: 409 });
        return;
      }
      const errors =
        e.status === 422 || e.status === 400
          ? apiFieldErrors(e, t, req.ctx.lang, (converted.body.media as never) ?? [])
          : { [FIELD_IDS.title]: refusalText(req, e) };
      if (autosave) {
        res.status(e.status).json({ errors });
        return;
      }
      await renderEditor(req, res, {
        form,
        ...(item ? { item } : {}),
        errors,
        status: e.status === 409 ? 409 : 422,
      });
      return;
    }
    if (autosave) {
      res.json({
        itemId: saved.itemId,
        version: saved.version,
        savedAt: formatTime(saved.updatedAt),
        editUrl: `${base}/${saved.itemId}/edit`,
      });
      return;
    }
    if (bodyOf(req).action === "submit") {
      try {
        await req.ctx.api.post("content", `/portals/${portal.portalId}/items/${saved.itemId}/submit`, {
          ifMatch: saved.version,
        });
        flash(req, "success", t.item.submitted);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        flash(req, "error", refusalText(req, e));
      }
      res.redirect(303, `${base}/${saved.itemId}`);
      return;
    }
    flash(req, "success", t.editor.saved);
    res.redirect(303, `${base}/${saved.itemId}/edit`);
  };

  r.post("/p/:portalId/items/new", (req, res) => save(req, res, null));

  r.get("/p/:portalId/items/:itemId/edit", async (req, res) => {
    const item = await loadItem(req);
    if (!abilities(item, req.ctx.rolesOn(portalOf(req)), me(req)).edit) {
      flash(
        req,
        "error",
        item.working?.state === "submitted"
          ? req.ctx.page.t.errors.underReview
          : req.ctx.page.t.item.noActions,
      );
      res.redirect(303, `/p/${portalOf(req)}/items/${item.itemId}`);
      return;
    }
    const restored = await restoredForm(req, res, item.kind);
    await renderEditor(req, res, {
      form: restored ? { ...restored, version: item.version } : formFromItem(item),
      item,
      restored: !!restored,
    });
  });

  r.post("/p/:portalId/items/:itemId/edit", async (req, res) => save(req, res, await loadItem(req)));

  return r;
}
