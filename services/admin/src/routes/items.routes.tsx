// The editorial loop (R-MODERATE, R-SUBMIT, R-TIMELY): list, create, edit (with autosave and
// the 409 "changed meanwhile" view), submit, review with diff and preview links, approve or
// return, publish or schedule, take down, history. Every action is content's API with the
// person's own token; its refusals are shown in Vietnamese.
import { ContentKind, type PreviewLink, type PreviewLinkSummary } from "@cong/contracts";
import { type Request, type Response, Router } from "express";
import { ApiError } from "../api/client";
import type { Asset, AuditEntry, Category, ItemDiff, ItemRow, ItemView, Portal } from "../api/types";
import type { PendingForms } from "../auth/pending";
import { PENDING_COOKIE } from "../auth/pending";
import { type AdminConfig, portalOrigin } from "../config";
import { abilities } from "../forms/abilities";
import {
  apiFieldErrors,
  editableRevision,
  emptyForm,
  FIELD_IDS,
  formFromBody,
  formFromItem,
  formToApi,
  type ItemForm,
  imagesForEditor,
} from "../forms/item-form";
import { flash } from "../http/context";
import { portalOf, portalScope } from "../http/portal";
import { TtlCache } from "../http/ttl-cache";
import { formatDate, formatDateTime, formatTime, parseDateTime } from "../i18n";
import type { FormErrors } from "../views/components";
import { type Conflict, EditorPage, KindChooserPage } from "../views/pages/editor";
import { HistoryPage, ItemListPage, ItemPage, itemTitle, type ListFilters } from "../views/pages/items";
import { type PreviewLinkView, PublishPage, ReviewPage, UnpublishPage } from "../views/pages/review";
import { sendPage } from "../views/render";
import { loadPickerAssets } from "./media.routes";

/** The kinds of content (contracts), in the order the chooser offers them. */
const KINDS: string[] = [
  "article",
  "announcement",
  "legal-document",
  "draft-for-comment",
  "procurement",
  "page",
  "qa",
  "gazette",
].filter((k) => ContentKind.options.includes(k as never));
const STATES = ["draft", "submitted", "approved", "rejected", "published", "unpublished", "archived"];

type Body = Record<string, string | string[] | undefined>;
const bodyOf = (req: Request): Body => (req.body ?? {}) as Body;
const isAutosave = (req: Request) => req.headers["x-autosave"] === "1";

declare module "express-session" {
  interface SessionData {
    /** a preview link just made: its address (with the token) is shown once on the next page */
    newPreview?: { previewId: string; url: string };
  }
}

export interface ItemsDeps {
  config: AdminConfig;
  pending: PendingForms;
}

/** A row of the list from content's summary view, or from a full item view. */
export function toRow(x: ItemRow | ItemView): ItemRow {
  if ("title" in x && typeof x.title === "string") return x;
  const v = x as ItemView;
  const rev = v.working ?? v.live;
  return {
    itemId: v.itemId,
    kind: v.kind,
    state: v.state,
    status: v.status,
    version: v.version,
    title: rev?.locales.vi?.title ?? v.itemId,
    categoryIds: rev?.categoryIds ?? [],
    owner: v.owner,
    ...(v.working?.submittedBy ? { submittedBy: v.working.submittedBy } : {}),
    ...(v.working?.submittedAt ? { submittedAt: v.working.submittedAt } : {}),
    ...(v.working?.dueBy ? { dueBy: v.working.dueBy } : {}),
    ...(v.schedule?.publish ? { scheduledAt: v.schedule.publish.at } : {}),
    updatedAt: v.updatedAt,
    ...(v.working?.rejection ? { rejection: v.working.rejection } : {}),
  };
}

/**
 * A page of the item list. Content reads a bounded amount of its index per call, so a call may
 * return fewer rows than asked (even none) with a cursor to go on: the admin follows the cursor
 * a few times to fill the page; only a null cursor means the end.
 */
export async function listItems(
  req: Request,
  query: Record<string, string | undefined>,
  limit = 20,
): Promise<{ rows: ItemRow[]; nextCursor: string | null }> {
  const rows: ItemRow[] = [];
  let cursor = query.cursor;
  for (let calls = 0; calls < 5; calls++) {
    const { data } = await req.ctx.api.get<{ items: (ItemRow | ItemView)[]; nextCursor: string | null }>(
      "content",
      `/portals/${portalOf(req)}/items`,
      { query: { ...query, cursor, limit: limit - rows.length, view: "summary" } },
    );
    rows.push(...data.items.map(toRow));
    cursor = data.nextCursor ?? undefined;
    if (!cursor || rows.length >= limit) break;
  }
  return { rows, nextCursor: cursor ?? null };
}

/** A portal's document (categories, languages): read on most pages, changed rarely — kept a minute. */
const portals = new TtlCache<Portal>(60_000);

export async function loadPortal(req: Request): Promise<Portal> {
  // every person with a role on the portal may read it: one copy serves them all
  return portals.get(
    portalOf(req),
    async () => (await req.ctx.api.get<Portal>("content", `/portals/${portalOf(req)}`)).data,
  );
}

async function loadItem(req: Request): Promise<ItemView> {
  const id = String(req.params.itemId);
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) throw new ApiError(404, "not_found", undefined, undefined, [], {});
  const { data } = await req.ctx.api.get<ItemView>("content", `/portals/${portalOf(req)}/items/${id}`);
  return data;
}

function me(req: Request): string {
  return req.session.user?.sub ?? "";
}

function refusalText(req: Request, e: ApiError): string {
  const t = req.ctx.page.t;
  if (e.reason === "self_approval") return t.errors.selfApproval;
  if (e.reason === "board_role_required" || e.code === "forbidden")
    return e.reason === "self_approval" ? t.errors.selfApproval : t.errors.boardOnly;
  if (e.reason === "invalid_transition") return t.errors.invalidTransition;
  if (e.reason === "under_review") return t.errors.underReview;
  return e.detailFor(req.ctx.lang) ?? t.errors.generic;
}

function publicUrlOf(config: AdminConfig, item: ItemView): string | undefined {
  const slug = item.live?.locales.vi?.slug;
  return item.status === "published" && slug
    ? `${portalOrigin(config, item.portalId)}/tin/${slug}`
    : undefined;
}

function plain(html: string): string {
  return html
    .replace(/<\/(p|h\d|li|tr|blockquote)>/gi, "\n")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** 409: what the other person changed, next to what this person typed (whose text is kept). */
function conflictOf(req: Request, current: ItemView, mine: ItemForm): Conflict {
  const t = req.ctx.page.t;
  const theirs = formFromItem(current);
  const last = [...(current.audit ?? [])].reverse()[0];
  const fields: [string, string, string][] = [];
  const cmp = (label: string, a: string, b: string) => {
    if (a.trim() !== b.trim()) fields.push([label, a, b]);
  };
  cmp(t.editor.title, theirs.title, mine.title);
  cmp(t.editor.summary, theirs.summary, mine.summary);
  cmp(t.editor.body, plain(theirs.body), plain(mine.body));
  cmp(t.editor.categories, theirs.categoryIds.join(", "), mine.categoryIds.join(", "));
  cmp(`${t.editor.english}: ${t.editor.title}`, theirs.en.title, mine.en.title);
  cmp(`${t.editor.english}: ${t.editor.body}`, plain(theirs.en.body), plain(mine.en.body));
  return {
    who: last?.actor.name ?? last?.actor.username ?? current.owner.name ?? current.owner.username,
    when: formatDateTime(last?.at ?? current.updatedAt),
    fields,
    currentVersion: current.version,
    discardHref: `/p/${current.portalId}/items/${current.itemId}/edit`,
  };
}

/**
 * The diff in the words of the people reading it: category names instead of ids, file names and
 * Vietnamese roles instead of asset ids, dates as dd/MM/yyyy (HH:mm), validity in words.
 */
async function readableDiff(req: Request, diff: ItemDiff): Promise<ItemDiff> {
  const t = req.ctx.page.t;
  const portal = await loadPortal(req);
  const categories = new Map(portal.categories.map((c) => [c.categoryId, c.name.vi]));
  const assetIds = new Set<string>();
  for (const f of diff.fields)
    if (f.field === "media") for (const p of f.parts) assetIds.add(p.text.split(" ")[0] ?? "");
  const titles = new Map<string, string>();
  await Promise.all(
    [...assetIds]
      .filter((id) => /^[A-Za-z0-9_-]{8,64}$/.test(id))
      .slice(0, 50)
      .map(async (id) => {
        const r = await req.ctx.api.get<Asset>("media", `/portals/${portalOf(req)}/assets/${id}`, {
          accept: [404, 403],
        });
        if (r.status === 200) titles.set(id, r.data.title ?? r.data.filename);
      }),
  );
  const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;
  const text = (field: string, s: string): string => {
    if (field === "categories") return s.replace(/[A-Za-z0-9_-]+/, (id) => categories.get(id) ?? id);
    if (field === "media")
      return s.replace(
        /^([A-Za-z0-9_-]+) \((\w+)\)/,
        (_m, id: string, role: string) =>
          `${titles.get(id) ?? t.media.title} (${t.review.roles[role] ?? role})`,
      );
    if (field === "comment") return s.replace(iso, (x) => formatDateTime(x));
    if (field === "legal.issuedOn" || field === "legal.effectiveOn")
      return s.replace(/\d{4}-\d{2}-\d{2}/g, (x) => formatDate(x));
    if (field === "legal.validity") return s.replace(/[a-z-]+/g, (x) => t.editor.validity[x] ?? x);
    return s;
  };
  return {
    ...diff,
    fields: diff.fields.map((f) => ({
      ...f,
      parts: f.parts.map((p) => ({ ...p, text: text(f.field, p.text) })),
    })),
  };
}

export function itemRoutes(d: ItemsDeps): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId", portalScope);

  // ------------------------------------------------------------------ list
  r.get("/p/:portalId/items", async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const filters: ListFilters = {};
    if (q.state && STATES.includes(q.state)) filters.state = q.state;
    if (q.kind && KINDS.includes(q.kind)) filters.kind = q.kind;
    if (q.categoryId && /^[A-Za-z0-9_-]{3,64}$/.test(q.categoryId)) filters.categoryId = q.categoryId;
    if (q.owner === "me") filters.owner = "me";
    if (q.locale === "en") filters.locale = "en";
    if (q.q?.trim()) filters.q = q.q.trim().slice(0, 200);
    if (q.sort === "due") filters.sort = "due";
    const cursor =
      typeof q.cursor === "string" && /^[A-Za-z0-9_:|.~=-]{1,400}$/.test(q.cursor) ? q.cursor : undefined;
    const [portal, page] = await Promise.all([
      loadPortal(req),
      listItems(req, { ...filters, ...(cursor ? { cursor } : {}) }),
    ]);
    const qs = (extra: Record<string, string>) =>
      new URLSearchParams({ ...(filters as Record<string, string>), ...extra }).toString();
    sendPage(
      res,
      req.ctx.page,
      <ItemListPage
        rows={page.rows}
        filters={filters}
        categories={[...portal.categories].sort((a, b) => a.order - b.order)}
        kinds={KINDS}
        hasEnglish={portal.languages.includes("en")}
        nextHref={
          page.nextCursor ? `/p/${portal.portalId}/items?${qs({ cursor: page.nextCursor })}` : undefined
        }
        firstHref={cursor ? `/p/${portal.portalId}/items?${qs({})}` : undefined}
      />,
    );
  });

  // ------------------------------------------------------------------ create and edit
  const editorData = async (req: Request) => {
    const [portal, images, documents] = await Promise.all([
      loadPortal(req),
      loadPickerAssets(req, "image", 30),
      loadPickerAssets(req, "document", 30),
    ]);
    return { portal, images: images.assets, documents: documents.assets };
  };

  const renderEditor = async (
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
  ) => {
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
  };

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

  // ------------------------------------------------------------------ overview, submit, history
  r.get("/p/:portalId/items/:itemId", async (req, res) => {
    const item = await loadItem(req);
    sendPage(
      res,
      req.ctx.page,
      <ItemPage
        item={item}
        can={abilities(item, req.ctx.rolesOn(portalOf(req)), me(req))}
        publicUrl={publicUrlOf(d.config, item)}
      />,
    );
  });

  const act = async (
    req: Request,
    res: Response,
    path: string,
    json: Record<string, unknown>,
    ok: string,
    back?: string,
  ) => {
    const base = `/p/${portalOf(req)}/items/${req.params.itemId}`;
    const version = Number(bodyOf(req).version);
    try {
      await req.ctx.api.post("content", `/portals/${portalOf(req)}/items/${req.params.itemId}/${path}`, {
        json,
        ...(Number.isInteger(version) ? { ifMatch: version } : {}),
      });
      flash(req, "success", ok);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      flash(req, "error", refusalText(req, e));
      res.redirect(303, back ?? base);
      return;
    }
    res.redirect(303, base);
  };

  r.post("/p/:portalId/items/:itemId/submit", (req, res) =>
    act(req, res, "submit", {}, req.ctx.page.t.item.submitted),
  );

  r.get("/p/:portalId/items/:itemId/history", async (req, res) => {
    const item = await loadItem(req);
    const { data } = await req.ctx.api.get<{ audit: AuditEntry[] }>(
      "content",
      `/portals/${portalOf(req)}/items/${item.itemId}/audit`,
    );
    sendPage(res, req.ctx.page, <HistoryPage item={item} audit={data.audit} />);
  });

  // ------------------------------------------------------------------ review, preview links, decision
  const reviewData = async (req: Request, item: ItemView) => {
    const p = `/portals/${portalOf(req)}/items/${item.itemId}`;
    const [diff, links] = await Promise.all([
      req.ctx.api
        .get<ItemDiff>("content", `${p}/diff`, { accept: [404] })
        .then((r) => (r.status === 200 ? r.data : null)),
      req.ctx.api
        .get<{ items: PreviewLinkSummary[] }>("content", `${p}/preview-links`, { accept: [404] })
        .then((r) => (r.status === 200 ? r.data.items : [])),
    ]);
    // content keeps only a hash of a link's token: its address is shown once, just after creation
    const fresh = req.session.newPreview;
    if (fresh) delete req.session.newPreview;
    const views: PreviewLinkView[] = links.map((l) => ({
      previewId: l.previewId,
      ...(fresh && fresh.previewId === l.previewId ? { url: fresh.url } : {}),
      createdAt: l.createdAt,
      expiresAt: l.expiresAt,
      createdBy: l.createdBy,
    }));
    return { diff: diff ? await readableDiff(req, diff) : null, links: views };
  };

  const renderReview = async (
    req: Request,
    res: Response,
    item: ItemView,
    o: {
      errors?: FormErrors;
      values?: { comment?: string; scheduleAt?: string };
      refusal?: string;
      status?: number;
    } = {},
  ) => {
    const { diff, links } = await reviewData(req, item);
    sendPage(
      res,
      req.ctx.page,
      <ReviewPage
        item={item}
        diff={diff}
        links={links}
        can={abilities(item, req.ctx.rolesOn(portalOf(req)), me(req))}
        errors={o.errors ?? {}}
        values={o.values ?? {}}
        refusal={o.refusal}
      />,
      o.status ?? 200,
    );
  };

  r.get("/p/:portalId/items/:itemId/review", async (req, res) => renderReview(req, res, await loadItem(req)));

  r.post("/p/:portalId/items/:itemId/approve", async (req, res) => {
    const t = req.ctx.page.t;
    const item = await loadItem(req);
    const body = bodyOf(req);
    const raw = String(body.scheduleAt ?? "").trim();
    const at = raw ? parseDateTime(raw) : null;
    if (raw && (!at || at.getTime() <= Date.now())) {
      await renderReview(req, res, item, {
        errors: { scheduleAt: at ? t.fieldErrors.past : t.fieldErrors.invalid_date },
        values: { scheduleAt: raw },
        status: 422,
      });
      return;
    }
    try {
      await req.ctx.api.post("content", `/portals/${portalOf(req)}/items/${item.itemId}/approve`, {
        json: at ? { scheduledAt: at.toISOString() } : {},
        ifMatch: Number(body.version) || item.version,
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // e.g. a forced approval of one's own work: the API's four-eyes refusal, in Vietnamese
      await renderReview(req, res, await loadItem(req), { refusal: refusalText(req, e), status: e.status });
      return;
    }
    flash(req, "success", at ? t.publish.scheduled(formatDateTime(at)) : t.review.approved);
    res.redirect(303, `/p/${portalOf(req)}/items/${item.itemId}`);
  });

  r.post("/p/:portalId/items/:itemId/reject", async (req, res) => {
    const t = req.ctx.page.t;
    const comment = String(bodyOf(req).comment ?? "").trim();
    if (!comment) {
      await renderReview(req, res, await loadItem(req), {
        errors: { comment: t.missing.comment ?? t.review.rejectHint },
        status: 422,
      });
      return;
    }
    await act(
      req,
      res,
      "reject",
      { comment },
      t.review.rejected,
      `/p/${portalOf(req)}/items/${req.params.itemId}/review`,
    );
  });

  r.post("/p/:portalId/items/:itemId/preview-links", async (req, res) => {
    const t = req.ctx.page.t;
    const ttl = Number(bodyOf(req).ttlHours);
    const ttlHours = [24, 72, 168].includes(ttl) ? ttl : 72;
    try {
      const { data } = await req.ctx.api.post<PreviewLink>(
        "content",
        `/portals/${portalOf(req)}/items/${req.params.itemId}/preview-links`,
        { json: { ttlHours } },
      );
      req.session.newPreview = {
        previewId: data.previewId,
        url: `${portalOrigin(d.config, portalOf(req))}${data.path}`,
      };
      flash(req, "success", t.review.previewCreated);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      flash(req, "error", refusalText(req, e));
    }
    res.redirect(303, `/p/${portalOf(req)}/items/${req.params.itemId}/review#preview-title`);
  });

  r.post("/p/:portalId/items/:itemId/preview-links/:previewId/revoke", async (req, res) => {
    const t = req.ctx.page.t;
    const pid = String(req.params.previewId);
    if (/^[A-Za-z0-9_-]{8,64}$/.test(pid)) {
      try {
        await req.ctx.api.delete(
          "content",
          `/portals/${portalOf(req)}/items/${req.params.itemId}/preview-links/${pid}`,
        );
        flash(req, "success", t.review.previewRevoked);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        flash(req, "error", refusalText(req, e));
      }
    }
    res.redirect(303, `/p/${portalOf(req)}/items/${req.params.itemId}/review#preview-title`);
  });

  // ------------------------------------------------------------------ publish, take down
  r.get("/p/:portalId/items/:itemId/publish", async (req, res) => {
    sendPage(res, req.ctx.page, <PublishPage item={await loadItem(req)} errors={{}} values={{}} />);
  });

  r.post("/p/:portalId/items/:itemId/publish", async (req, res) => {
    const t = req.ctx.page.t;
    const body = bodyOf(req);
    const when = body.when === "later" ? "later" : "now";
    const raw = String(body.at ?? "").trim();
    let at: Date | null = null;
    if (when === "later") {
      at = parseDateTime(raw);
      if (!at || at.getTime() <= Date.now()) {
        const item = await loadItem(req);
        sendPage(
          res,
          req.ctx.page,
          <PublishPage
            item={item}
            errors={{
              at: !raw ? (t.missing.at ?? "") : at ? t.fieldErrors.past : t.fieldErrors.invalid_date,
            }}
            values={{ when, at: raw }}
          />,
          422,
        );
        return;
      }
    }
    await act(
      req,
      res,
      "publish",
      at ? { at: at.toISOString() } : {},
      at ? t.publish.scheduled(formatDateTime(at)) : t.publish.done,
      `/p/${portalOf(req)}/items/${req.params.itemId}/publish`,
    );
  });

  r.get("/p/:portalId/items/:itemId/unpublish", async (req, res) => {
    sendPage(res, req.ctx.page, <UnpublishPage item={await loadItem(req)} errors={{}} values={{}} />);
  });

  r.post("/p/:portalId/items/:itemId/unpublish", async (req, res) => {
    const t = req.ctx.page.t;
    const body = bodyOf(req);
    const mode = ["withdrawn", "gone", "redirected"].includes(String(body.mode)) ? String(body.mode) : "";
    const publicReason = String(body.publicReason ?? "").trim();
    const redirectTo = String(body.redirectTo ?? "").trim();
    const errors: FormErrors = {};
    if (!mode) errors.mode = t.missing.mode ?? "";
    if (mode === "withdrawn" && !publicReason) errors.publicReason = t.missing.publicReason ?? "";
    if (mode === "redirected" && !/^(\/\S*|https:\/\/\S+)$/.test(redirectTo))
      errors.redirectTo = redirectTo ? t.fieldErrors.invalid : (t.missing.redirectTo ?? "");
    if (Object.keys(errors).length) {
      sendPage(
        res,
        req.ctx.page,
        <UnpublishPage
          item={await loadItem(req)}
          errors={errors}
          values={{ mode, publicReason, redirectTo }}
        />,
        422,
      );
      return;
    }
    await act(
      req,
      res,
      "unpublish",
      { mode, ...(publicReason ? { publicReason } : {}), ...(mode === "redirected" ? { redirectTo } : {}) },
      t.publish.unpublished,
      `/p/${portalOf(req)}/items/${req.params.itemId}/unpublish`,
    );
  });

  return r;
}

/** A cookie's value from the header (the admin reads only its own two cookies). */
export function cookie(req: Request, name: string): string | undefined {
  const h = req.headers.cookie ?? "";
  for (const part of h.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

export { editableRevision, itemTitle };
