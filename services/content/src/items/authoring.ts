// Authoring (R-MODERATE): a new item is a draft; editing a live item makes a new revision while the
// old one stays live; a revision under review is not edited. Not a transition of the table
// (workflow.ts): an edit keeps a draft a draft, or starts one.
import type { Actor, ContentKind } from "@cong/contracts";
import { fail } from "@cong/kit";
import { plainText, sanitizeRichText, slugify } from "@cong/text";
import { ObjectId } from "mongodb";
import { staleVersion } from "../common";
import { defaultCategoryFor } from "../portals/categories";
import type { PortalId } from "../portals/portal-id";
import { type Caller, isContributorOnly } from "./caller";
import { commitChange, type ItemContext, loadItem } from "./commands/context";
import { CreateItemInput, EditItemInput } from "./item.input";
import type { ItemDoc, LocaleContent, Revision } from "./item.types";
import { checkNewMedia } from "./media-refs";
import { retentionClassOf } from "./retention";
import { auditEntry } from "./workflow";

export async function createItem(
  ctx: ItemContext,
  portalId: PortalId,
  raw: unknown,
  caller: Caller,
  opts: { seedKey?: string; id?: string } = {},
): Promise<ItemDoc> {
  const input = CreateItemInput.parse(raw);
  const portal = await ctx.portals.require(portalId);
  if (!portal.active)
    throw fail.conflict("Cổng đang ngừng hoạt động. / Portal inactive.", { reason: "portal_inactive" });
  const categoryIds = input.categoryIds ?? [defaultCategoryFor(input.kind)];
  const retentionClass = retentionClassOf(portal, categoryIds);
  checkKindFields(input.kind, input);
  // R-ORG: only this portal's own assets (media-refs.ts); nothing is stored when one is refused
  await checkNewMedia(ctx.media, portalId, input.media, [], caller);
  const now = new Date();
  const revision: Revision = {
    revision: 1,
    state: "draft",
    ...contentOf(input, portal.languages, null, categoryIds),
    ...(input.agency ? { agency: input.agency.normalize("NFC") } : { agency: portal.agency.vi }),
    createdBy: caller.actor,
    createdAt: now,
    updatedAt: now,
  };
  const doc: ItemDoc = {
    // time-ordered ids (ObjectId hex), so the admin list can page newest first by `_id`
    _id: opts.id ?? new ObjectId().toHexString(),
    portalId,
    kind: input.kind,
    retentionClass,
    status: "draft",
    version: 1,
    nextRevision: 2,
    live: null,
    working: revision,
    owner: caller.actor,
    commentsEnabled:
      input.commentsEnabled ?? (input.kind === "article" || input.kind === "draft-for-comment"),
    schedule: {},
    audit: [auditEntry(caller, "created", 1, "-", "draft")],
    createdAt: now,
    updatedAt: now,
    ...(opts.seedKey ? { seedKey: opts.seedKey } : {}),
  };
  await ctx.repo.insert(portalId, doc);
  return doc;
}

export async function editItem(
  ctx: ItemContext,
  portalId: PortalId,
  itemId: string,
  raw: unknown,
  caller: Caller,
  expected?: number,
): Promise<ItemDoc> {
  const input = EditItemInput.parse(raw);
  if (expected === undefined)
    throw fail.validation(
      [{ path: "version", code: "required", message: "send If-Match or version" }],
      "Cần gửi phiên bản đang sửa (If-Match). / The edited version is required.",
      { reason: "version_required" },
    );
  const doc = await loadItem(ctx, portalId, itemId);
  if (doc.version !== expected) throw staleVersion(doc.version, expected);
  checkEditable(doc, input.kind, caller);
  const portal = await ctx.portals.require(portalId);
  const categoryIds = input.categoryIds ??
    doc.working?.categoryIds ??
    doc.live?.categoryIds ?? [defaultCategoryFor(doc.kind)];
  const retentionClass = retentionClassOf(portal, categoryIds);
  checkKindFields(doc.kind, input);
  // R-ORG: assets added by this edit must be the portal's own; those it already had were checked
  const carried = [...(doc.working?.media ?? []), ...(doc.live?.media ?? [])].map((m) => m.assetId);
  await checkNewMedia(ctx.media, portalId, input.media, carried, caller);
  return commitChange(ctx, portalId, doc, (d, now) => {
    const base = d.working ?? null;
    const fresh = !base; // editing a live item: a new revision, the live one stays (R-MODERATE)
    const rev: Revision = {
      revision: fresh ? d.nextRevision : base.revision,
      state: "draft",
      ...contentOf(input, portal.languages, d.live, categoryIds),
      agency: input.agency?.normalize("NFC") ?? base?.agency ?? d.live?.agency ?? portal.agency.vi,
      createdBy: fresh ? caller.actor : base.createdBy,
      createdAt: fresh ? now : base.createdAt,
      updatedAt: now,
      ...withEditor(fresh ? undefined : base, caller.actor),
      ...(base?.sourceFile ? { sourceFile: base.sourceFile } : {}),
    };
    if (fresh) {
      d.nextRevision += 1;
      d.owner = caller.actor;
    }
    const from = base?.state ?? d.status;
    d.working = rev;
    d.retentionClass = retentionClass;
    if (input.commentsEnabled !== undefined) d.commentsEnabled = input.commentsEnabled;
    const action = fresh ? "revision-started" : "edited";
    return { audit: auditEntry(caller, action, rev.revision, from, "draft"), events: [] };
  });
}

/** The edit's refusals, in the order a client meets them. */
function checkEditable(doc: ItemDoc, kind: ContentKind | undefined, caller: Caller): void {
  if (kind && kind !== doc.kind)
    throw fail.validation(
      [{ path: "kind", code: "immutable", message: "the kind of an item cannot change" }],
      "Không đổi được loại nội dung; hãy tạo nội dung mới. / The kind cannot change.",
    );
  if (doc.status === "archived")
    throw fail.conflict("Nội dung đã lưu trữ. / Archived.", { reason: "archived" });
  if (isContributorOnly(caller) && (doc.owner.id !== caller.actor.id || !doc.working))
    throw fail.forbidden(
      "Cộng tác viên chỉ sửa bản nháp của mình. / Contributors edit their own drafts only.",
      {
        reason: "contributor_own_drafts_only",
      },
    );
  if (doc.working && (doc.working.state === "submitted" || doc.working.state === "approved"))
    throw fail.conflict("Bản này đang chờ Ban biên tập duyệt; rút lại hoặc chờ kết quả. / Under review.", {
      reason: "under_review",
    });
}

/** What a create or an edit sets of the revision's content, as sent (NFC, sanitised). */
function contentOf(
  input: EditItemInput,
  languages: string[],
  live: Revision | null,
  categoryIds: string[],
): Pick<Revision, "locales" | "categoryIds" | "legal" | "comment" | "contributors" | "media" | "tags"> {
  return {
    locales: localesOf(input.locales, languages, live),
    categoryIds,
    ...(input.legal ? { legal: input.legal } : {}),
    ...(input.comment ? { comment: input.comment } : {}),
    contributors: input.contributors,
    media: input.media,
    tags: input.tags.map((t) => t.normalize("NFC")),
  };
}

type LocalesInput = Record<
  string,
  {
    title: string;
    slug?: string | undefined;
    summary?: string | undefined;
    bodyHtml: string;
    changeNote?: { kind: "major" | "minor"; text: string } | undefined;
    publish: boolean;
  }
>;

function localesOf(
  input: LocalesInput,
  languages: string[],
  live: Revision | null,
): Record<string, LocaleContent> {
  const out: Record<string, LocaleContent> = {};
  for (const [loc, c] of Object.entries(input)) {
    if (loc !== "vi" && !languages.includes(loc))
      throw fail.validation(
        [
          {
            path: `locales.${loc}`,
            code: "unsupported_locale",
            message: `portal languages: ${languages.join(", ")}`,
          },
        ],
        `Cổng không có ngôn ngữ "${loc}". / The portal has no "${loc}" language.`,
      );
    const title = c.title.normalize("NFC");
    out[loc] = {
      title,
      slug: c.slug ?? slugify(title),
      ...(c.summary ? { summary: plainText(c.summary.normalize("NFC")) } : {}),
      bodyHtml: sanitizeRichText(c.bodyHtml),
      previousSlugs: live?.locales[loc]?.previousSlugs ?? [],
      ...(c.changeNote
        ? { changeNote: { kind: c.changeNote.kind, text: c.changeNote.text.normalize("NFC") } }
        : {}),
      publish: loc === "vi" ? true : c.publish,
    };
  }
  return out;
}

function checkKindFields(kind: ContentKind, input: { legal?: unknown; comment?: unknown }): void {
  if (kind === "legal-document" && !input.legal)
    throw fail.validation(
      [
        {
          path: "legal",
          code: "required",
          message: "legal documents need number, type, issuer, signer, dates, validity",
        },
      ],
      "Văn bản pháp luật cần số ký hiệu, loại, cơ quan ban hành, người ký, ngày ban hành, hiệu lực. / Legal metadata required.",
    );
  if (kind === "draft-for-comment" && !input.comment)
    throw fail.validation(
      [{ path: "comment", code: "required", message: "a draft for comment needs its comment window" }],
      "Dự thảo lấy ý kiến cần thời hạn góp ý. / A comment window is required.",
    );
}

/** The `editedBy` of a revision edited again by `actor` (the creator is not repeated). */
function withEditor(base: Revision | undefined, actor: Actor): { editedBy?: Actor[] } {
  if (!base) return {};
  const before = base.editedBy ?? [];
  if (base.createdBy.id === actor.id || before.some((a) => a.id === actor.id))
    return before.length ? { editedBy: before } : {};
  return { editedBy: [...before, actor] };
}
