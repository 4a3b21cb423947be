// What every page of the editorial loop needs: the kinds and states, content's item and portal
// reads, the person's refusals in Vietnamese, and the one "post an action, flash, redirect" step
// that submit, reject, publish and take down share.
import { ContentKind } from "@cong/contracts";
import type { Request, Response } from "express";
import { ApiError } from "../../api/client";
import type { ItemRow, ItemView, Portal } from "../../api/types";
import type { PendingForms } from "../../auth/pending";
import { type AdminConfig, portalOrigin } from "../../config";
import { flash } from "../../http/context";
import { portalOf } from "../../http/portal";
import { TtlCache } from "../../http/ttl-cache";

/** The kinds of content (contracts), in the order the chooser offers them. */
export const KINDS: string[] = [
  "article",
  "announcement",
  "legal-document",
  "draft-for-comment",
  "procurement",
  "page",
  "qa",
  "gazette",
].filter((k) => ContentKind.options.includes(k as never));
export const STATES = ["draft", "submitted", "approved", "rejected", "published", "unpublished", "archived"];

export type Body = Record<string, string | string[] | undefined>;
export const bodyOf = (req: Request): Body => (req.body ?? {}) as Body;
export const isAutosave = (req: Request) => req.headers["x-autosave"] === "1";

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

export async function loadItem(req: Request): Promise<ItemView> {
  const id = String(req.params.itemId);
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) throw new ApiError(404, "not_found", undefined, undefined, [], {});
  const { data } = await req.ctx.api.get<ItemView>("content", `/portals/${portalOf(req)}/items/${id}`);
  return data;
}

export function me(req: Request): string {
  return req.session.user?.sub ?? "";
}

export function refusalText(req: Request, e: ApiError): string {
  const t = req.ctx.page.t;
  if (e.reason === "self_approval") return t.errors.selfApproval;
  if (e.reason === "board_role_required" || e.code === "forbidden")
    return e.reason === "self_approval" ? t.errors.selfApproval : t.errors.boardOnly;
  if (e.reason === "invalid_transition") return t.errors.invalidTransition;
  if (e.reason === "under_review") return t.errors.underReview;
  return e.detailFor(req.ctx.lang) ?? t.errors.generic;
}

export function publicUrlOf(config: AdminConfig, item: ItemView): string | undefined {
  const slug = item.live?.locales.vi?.slug;
  return item.status === "published" && slug
    ? `${portalOrigin(config, item.portalId)}/tin/${slug}`
    : undefined;
}

/** The item's address in the admin (`/p/<portal>/items/<id>`). */
export const itemBase = (req: Request): string => `/p/${portalOf(req)}/items/${req.params.itemId}`;

/**
 * One workflow action on content (`POST …/items/<id>/<path>`, If-Match the version posted):
 * success flashed and back to the item; a refusal flashed in Vietnamese and back to `back`.
 */
export async function act(
  req: Request,
  res: Response,
  path: string,
  json: Record<string, unknown>,
  ok: string,
  back?: string,
): Promise<void> {
  const base = itemBase(req);
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
