// The editorial workflow (R-MODERATE): draft → submitted → approved → published (now or scheduled)
// → unpublished → archived; submitted → rejected → draft with the board's comment. Four eyes: no
// one approves their own submission. Editing a live item makes a new revision while the old one
// stays live. Every transition is audited in the item document and emitted through the outbox.
import {
  type Actor,
  ContentApproved,
  ContentArchived,
  type ContentKind,
  ContentPublished,
  ContentRejected,
  type ContentSnapshot,
  ContentSubmitted,
  ContentUnpublished,
  type PortalRole,
} from "@cong/contracts";
import { BOARD_ROLES, fail, type Logger, type StagedEvent } from "@cong/kit";
import { type Collection, ObjectId } from "mongodb";
import { staleVersion } from "../common";
import type { MediaLibrary } from "../media/media.client";
import { defaultCategoryFor } from "../portals/categories";
import type { PortalService } from "../portals/portal.service";
import type { ItemPort, PublicItemInfo, ReviewWaiting } from "../ports";
import { slugify } from "../text/fold";
import { plainText, sanitizeRichText } from "../text/sanitize";
import type { ItemQuery } from "./item.index";
import {
  ApproveInput,
  ArchiveInput,
  CreateItemInput,
  EditItemInput,
  PublishInput,
  RejectInput,
  UnpublishInput,
} from "./item.input";
import type { ItemPage, ItemRepository } from "./item.repository";
import type { AuditEntry, ItemDoc, LocaleContent, Revision } from "./item.types";
import type { ListingEntry } from "./listing";
import { type AssetCredentials, checkNewMedia } from "./media-refs";
import type { SlugRegistry } from "./slugs";

/** R-TIMELY: the working-day calendar (src/calendar, Vietnamese public holidays). */
export interface WorkingDays {
  addWorkingDays(date: Date, n: number): Date;
}

/** What a publication replaced: the live revision's number and categories before it. */
export type PreviousLive = Pick<Revision, "revision" | "categoryIds">;

/**
 * Things that follow a publication or take-down (listing projection, royalties). They must be
 * idempotent: a publication whose hooks may not have run (the process died, a hook failed) is
 * projected again from its marker (item.repository.ts `PROJECTION`, `repairProjections`).
 */
export interface ItemHooks {
  published?(doc: ItemDoc, previous: PreviousLive | null): Promise<void>;
  removed?(doc: ItemDoc, categoryIds: string[]): Promise<void>;
}

/** Schedule index: small documents the poller scans (the item document holds the truth). */
export interface ScheduleIndexDoc {
  _id: string;
  itemId: string;
  portalId: string;
  action: "publish" | "unpublish";
  at: Date;
}

export interface Caller extends AssetCredentials {
  actor: Actor;
  /** the caller's roles on the item's portal */
  roles: ReadonlySet<PortalRole>;
  /** set when a platform job acts on someone's behalf */
  onBehalfOf?: Actor;
}

const EDIT_ROLES: PortalRole[] = ["focal-officer", ...BOARD_ROLES];
const isBoard = (c: Caller) => BOARD_ROLES.some((r) => c.roles.has(r));

export class ItemService implements ItemPort {
  constructor(
    private readonly items: ItemRepository,
    private readonly schedules: Collection<ScheduleIndexDoc>,
    private readonly portals: PortalService,
    private readonly calendar: WorkingDays,
    private readonly hooks: ItemHooks[],
    private readonly logger: Logger,
    private readonly slugs: SlugRegistry | undefined,
    private readonly media: MediaLibrary,
  ) {}

  /** projections under way, per item (`project`) */
  private readonly projecting = new Map<string, Promise<void>>();

  // ---------------------------------------------------------------- reads

  async get(portalId: string, itemId: string): Promise<ItemDoc> {
    const doc = await this.items.get(portalId, itemId);
    // an item of another portal is "not found" for this portal (R-ORG)
    if (!doc) throw fail.notFound("Không tìm thấy nội dung. / No such item.");
    return doc;
  }

  /**
   * The admin's list (item.repository.ts): newest change first, or the review queue by due date
   * (R-TIMELY); filters read from keyed index documents, so a page costs the same in any portal.
   */
  list(portalId: string, query: ItemQuery, page: { limit: number; cursor?: string }): Promise<ItemPage> {
    return this.items.list(portalId, query, page);
  }

  /** Several items of the portal by id (others' and unknown ids are left out). */
  getMany(portalId: string, itemIds: string[]): Promise<ItemDoc[]> {
    return this.items.getMany(portalId, itemIds);
  }

  /** First pages of several lists, read side by side (item.repository.ts `listMany`). */
  listMany(portalId: string, lists: { query: ItemQuery; limit: number }[]): Promise<ItemPage[]> {
    return this.items.listMany(portalId, lists);
  }

  /** The board's review queue, earliest due first (the daily digest, R-BOARD). */
  async waitingForReview(portalId: string, limit: number): Promise<ReviewWaiting[]> {
    const page = await this.items.list(portalId, { state: "submitted", sort: "due" }, { limit });
    return page.items
      .filter((d) => d.working?.state === "submitted")
      .map((d) => ({
        itemId: d._id,
        title: d.working?.locales.vi?.title ?? "",
        submittedAt: d.working?.submittedAt ? new Date(d.working.submittedAt) : null,
        dueBy: d.working?.dueBy ? new Date(d.working.dueBy) : null,
      }));
  }

  async getPublic(itemId: string): Promise<PublicItemInfo | null> {
    const doc = await this.items.getAcrossPortals(itemId);
    if (!doc) return null;
    // what readers see is the live revision: a draft's comment window opens nothing until it is live
    const rev = doc.live;
    return {
      itemId: doc._id,
      portalId: doc.portalId,
      kind: doc.kind,
      published: doc.status === "published" && !!doc.live,
      isLegalDocument: doc.kind === "legal-document" || doc.kind === "draft-for-comment",
      ...(rev?.comment
        ? { comment: { opensAt: new Date(rev.comment.opensAt), closesAt: new Date(rev.comment.closesAt) } }
        : {}),
      commentsEnabled: doc.commentsEnabled,
    };
  }

  // ---------------------------------------------------------------- authoring

  async create(
    portalId: string,
    raw: unknown,
    caller: Caller,
    opts: { seedKey?: string; id?: string } = {},
  ): Promise<ItemDoc> {
    const input = CreateItemInput.parse(raw);
    const portal = await this.portals.require(portalId);
    if (!portal.active)
      throw fail.conflict("Cổng đang ngừng hoạt động. / Portal inactive.", { reason: "portal_inactive" });
    const categoryIds = input.categoryIds ?? [defaultCategoryFor(input.kind)];
    const retentionClass = await this.retentionOf(portalId, categoryIds);
    this.checkKindFields(input.kind, input);
    // R-ORG: only this portal's own assets (media-refs.ts); nothing is stored when one is refused
    await checkNewMedia(this.media, portalId, input.media, [], caller);
    const now = new Date();
    const revision: Revision = {
      revision: 1,
      state: "draft",
      locales: this.locales(input.locales, portal.languages, null),
      categoryIds,
      ...(input.legal ? { legal: input.legal } : {}),
      ...(input.comment ? { comment: input.comment } : {}),
      contributors: input.contributors,
      media: input.media,
      tags: input.tags.map((t) => t.normalize("NFC")),
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
      audit: [this.audit(caller, "created", 1, "-", "draft")],
      createdAt: now,
      updatedAt: now,
      ...(opts.seedKey ? { seedKey: opts.seedKey } : {}),
    };
    await this.items.insert(portalId, doc);
    return doc;
  }

  /** Attaches the original file of a converted submission (R-SUBMIT). */
  async attachSource(doc: ItemDoc, file: NonNullable<Revision["sourceFile"]>): Promise<void> {
    await this.items.attachSource(doc.portalId, doc._id, file);
  }

  async edit(
    portalId: string,
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
    const doc = await this.get(portalId, itemId);
    if (doc.version !== expected) throw staleVersion(doc.version, expected);
    if (input.kind && input.kind !== doc.kind)
      throw fail.validation(
        [{ path: "kind", code: "immutable", message: "the kind of an item cannot change" }],
        "Không đổi được loại nội dung; hãy tạo nội dung mới. / The kind cannot change.",
      );
    if (doc.status === "archived")
      throw fail.conflict("Nội dung đã lưu trữ. / Archived.", { reason: "archived" });
    const contributorOnly = !EDIT_ROLES.some((r) => caller.roles.has(r));
    if (contributorOnly && (doc.owner.id !== caller.actor.id || !doc.working))
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
    const portal = await this.portals.require(portalId);
    const categoryIds = input.categoryIds ??
      doc.working?.categoryIds ??
      doc.live?.categoryIds ?? [defaultCategoryFor(doc.kind)];
    const retentionClass = await this.retentionOf(portalId, categoryIds);
    this.checkKindFields(doc.kind, input);
    // R-ORG: assets added by this edit must be the portal's own; those it already had were checked
    const carried = [...(doc.working?.media ?? []), ...(doc.live?.media ?? [])].map((m) => m.assetId);
    await checkNewMedia(this.media, portalId, input.media, carried, caller);
    return this.write(doc, (d, now) => {
      const base = d.working ?? null;
      const fresh = !base; // editing a live item: a new revision, the live one stays (R-MODERATE)
      const rev: Revision = {
        revision: fresh ? d.nextRevision : base.revision,
        state: "draft",
        locales: this.locales(input.locales, portal.languages, d.live),
        categoryIds,
        ...(input.legal ? { legal: input.legal } : {}),
        ...(input.comment ? { comment: input.comment } : {}),
        contributors: input.contributors,
        media: input.media,
        tags: input.tags.map((t) => t.normalize("NFC")),
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
      d.audit.push(this.audit(caller, fresh ? "revision-started" : "edited", rev.revision, from, "draft"));
      return [];
    });
  }

  // ---------------------------------------------------------------- workflow

  async submit(portalId: string, itemId: string, caller: Caller, expected?: number): Promise<ItemDoc> {
    const doc = await this.load(portalId, itemId, expected);
    const w = doc.working;
    if (!w || (w.state !== "draft" && w.state !== "rejected"))
      throw this.badState(doc, "submit", "Chỉ gửi duyệt được bản nháp. / Only a draft can be submitted.");
    const contributorOnly = !EDIT_ROLES.some((r) => caller.roles.has(r));
    if (contributorOnly && doc.owner.id !== caller.actor.id)
      throw fail.forbidden("Cộng tác viên chỉ gửi bản nháp của mình. / Own drafts only.", {
        reason: "contributor_own_drafts_only",
      });
    const dueBy = await this.dueBy(portalId, w);
    return this.write(doc, (d, now) => {
      const rev = d.working as Revision;
      const from = rev.state;
      rev.state = "submitted";
      rev.submittedBy = caller.actor;
      rev.submittedAt = now;
      if (dueBy) rev.dueBy = dueBy;
      delete rev.rejection;
      d.audit.push(this.audit(caller, "submitted", rev.revision, from, "submitted"));
      return [
        {
          def: ContentSubmitted,
          data: {
            itemId: d._id,
            portalId: d.portalId,
            revision: rev.revision,
            kind: d.kind,
            title: rev.locales.vi?.title ?? "",
            submittedBy: caller.actor,
            submittedAt: now.toISOString(),
          },
        },
      ];
    });
  }

  async approve(
    portalId: string,
    itemId: string,
    raw: unknown,
    caller: Caller,
    expected?: number,
  ): Promise<ItemDoc> {
    const input = ApproveInput.parse(raw ?? {});
    const doc = await this.load(portalId, itemId, expected ?? input.version);
    const w = doc.working;
    if (w?.state !== "submitted")
      throw this.badState(
        doc,
        "approve",
        "Chỉ duyệt được bản đã gửi. / Only a submitted revision can be approved.",
      );
    this.fourEyes(w, caller);
    const at = input.scheduledAt && input.scheduledAt.getTime() > Date.now() ? input.scheduledAt : null;
    if (at) await this.indexSchedule(doc, "publish", at);
    return this.write(doc, (d, now) => {
      const rev = d.working as Revision;
      rev.state = "approved";
      rev.approvedBy = caller.actor;
      rev.approvedAt = now;
      if (at) d.schedule.publish = { at, revision: rev.revision, by: caller.actor };
      d.audit.push(
        this.audit(
          caller,
          "approved",
          rev.revision,
          "submitted",
          "approved",
          at ? `scheduled ${at.toISOString()}` : undefined,
        ),
      );
      return [
        {
          def: ContentApproved,
          data: {
            itemId: d._id,
            portalId: d.portalId,
            revision: rev.revision,
            approvedBy: caller.actor,
            approvedAt: now.toISOString(),
            scheduledAt: at ? at.toISOString() : null,
          },
        },
      ];
    });
  }

  async reject(
    portalId: string,
    itemId: string,
    raw: unknown,
    caller: Caller,
    expected?: number,
  ): Promise<ItemDoc> {
    const input = RejectInput.parse(raw ?? {});
    const doc = await this.load(portalId, itemId, expected ?? input.version);
    const w = doc.working;
    if (!w || (w.state !== "submitted" && w.state !== "approved"))
      throw this.badState(
        doc,
        "reject",
        "Chỉ trả lại được bản đang chờ duyệt. / Only a submitted revision can be rejected.",
      );
    if (doc.schedule.publish) await this.cancelScheduleIndex(doc, "publish");
    const comment = input.comment.normalize("NFC");
    return this.write(doc, (d, now) => {
      const rev = d.working as Revision;
      const from = rev.state;
      rev.state = "rejected";
      rev.rejection = { comment, by: caller.actor, at: now };
      delete rev.approvedBy;
      delete rev.approvedAt;
      delete d.schedule.publish;
      d.audit.push(this.audit(caller, "rejected", rev.revision, from, "rejected", comment));
      return [
        {
          def: ContentRejected,
          data: {
            itemId: d._id,
            portalId: d.portalId,
            revision: rev.revision,
            rejectedBy: caller.actor,
            rejectedAt: now.toISOString(),
            comment,
          },
        },
      ];
    });
  }

  /** Publishes the approved revision now, or schedules it (`at` in the future). */
  async publish(
    portalId: string,
    itemId: string,
    raw: unknown,
    caller: Caller,
    expected?: number,
  ): Promise<ItemDoc> {
    const input = PublishInput.parse(raw ?? {});
    const doc = await this.load(portalId, itemId, expected ?? input.version);
    const w = doc.working;
    const republish = !w && doc.status === "unpublished" && !!doc.live;
    if (!republish && w?.state !== "approved")
      throw this.badState(
        doc,
        "publish",
        "Chỉ xuất bản được bản đã duyệt. / Only an approved revision can be published.",
      );
    if (w) this.fourEyes(w, caller);
    if (input.at && input.at.getTime() > Date.now()) {
      const at = input.at;
      const revision = (w ?? doc.live)?.revision ?? 0;
      await this.indexSchedule(doc, "publish", at);
      return this.write(doc, (d) => {
        d.schedule.publish = { at, revision, by: caller.actor };
        d.audit.push(
          this.audit(caller, "publish-scheduled", revision, itemStateOf(d), itemStateOf(d), at.toISOString()),
        );
        return [];
      });
    }
    return this.doPublish(doc, caller, caller.actor);
  }

  private async doPublish(doc: ItemDoc, caller: Caller, publishedBy: Actor): Promise<ItemDoc> {
    const previous = doc.live;
    const portal = await this.portals.require(doc.portalId);
    // one address per item within the portal and language (R-DOM)
    const reserved = new Map<string, string>();
    const going = doc.working ?? doc.live;
    if (this.slugs && going)
      for (const [loc, c] of Object.entries(going.locales))
        reserved.set(loc, await this.slugs.reserve(doc.portalId, loc, c.slug, doc._id));
    // categories and their retention may have changed since the draft was written
    const project = { categories: previous?.categoryIds ?? [], previousRevision: previous?.revision };
    const next = await this.write(doc, project, (d, now) => {
      const rev = d.working ?? (d.live as Revision);
      const from = d.working ? d.working.state : d.status;
      for (const [loc, content] of Object.entries(rev.locales)) {
        const slug = reserved.get(loc);
        if (slug) content.slug = slug;
      }
      if (d.working && previous) {
        for (const [loc, content] of Object.entries(rev.locales)) {
          const old = previous.locales[loc];
          if (old && old.slug !== content.slug)
            content.previousSlugs = [
              ...new Set([...old.previousSlugs, old.slug, ...content.previousSlugs]),
            ].filter((s) => s !== content.slug);
          else if (old) content.previousSlugs = old.previousSlugs;
        }
      }
      rev.state = "published";
      rev.publishedBy = publishedBy;
      rev.publishedAt = now;
      d.live = rev;
      d.working = null;
      d.status = "published";
      d.firstPublishedAt ??= now;
      d.publishedAt = now;
      delete d.unpublished;
      delete d.schedule.publish;
      d.audit.push(this.audit(caller, "published", rev.revision, from, "published"));
      const snapshot = this.snapshot(d, portal.languages);
      return [
        {
          def: ContentPublished,
          data: {
            itemId: d._id,
            portalId: d.portalId,
            revision: rev.revision,
            publishedAt: now.toISOString(),
            publishedBy,
            snapshot,
          },
        },
      ];
    });
    if (doc.schedule.publish) await this.cancelScheduleIndex(next, "publish");
    await this.project(next, { published: previous });
    return next;
  }

  async unpublish(
    portalId: string,
    itemId: string,
    raw: unknown,
    caller: Caller,
    expected?: number,
  ): Promise<ItemDoc> {
    const input = UnpublishInput.parse(raw ?? {});
    const doc = await this.load(portalId, itemId, expected ?? input.version);
    if (doc.status !== "published" || !doc.live)
      throw this.badState(
        doc,
        "unpublish",
        "Chỉ gỡ được nội dung đang xuất bản. / Only a live item can be unpublished.",
      );
    const params = {
      mode: input.mode,
      ...(input.publicReason ? { publicReason: input.publicReason.normalize("NFC") } : {}),
      ...(input.redirectTo ? { redirectTo: input.redirectTo } : {}),
    };
    if (input.at && input.at.getTime() > Date.now()) {
      const at = input.at;
      await this.indexSchedule(doc, "unpublish", at);
      return this.write(doc, (d) => {
        d.schedule.unpublish = { at, by: caller.actor, ...params };
        d.audit.push(
          this.audit(
            caller,
            "unpublish-scheduled",
            d.live?.revision ?? null,
            d.status,
            d.status,
            at.toISOString(),
          ),
        );
        return [];
      });
    }
    return this.doUnpublish(doc, caller, caller.actor, params);
  }

  private async doUnpublish(
    doc: ItemDoc,
    caller: Caller,
    by: Actor,
    params: { mode: "withdrawn" | "gone" | "redirected"; publicReason?: string; redirectTo?: string },
  ): Promise<ItemDoc> {
    const removed = doc.live?.categoryIds ?? [];
    const project = { categories: removed, previousRevision: doc.live?.revision };
    const next = await this.write(doc, project, (d, now) => {
      const rev = d.live as Revision;
      d.status = "unpublished";
      d.unpublished = { ...params, at: now, by };
      delete d.schedule.unpublish;
      d.audit.push(
        this.audit(
          caller,
          "unpublished",
          rev.revision,
          "published",
          "unpublished",
          params.publicReason ?? params.mode,
        ),
      );
      return [
        {
          def: ContentUnpublished,
          data: {
            itemId: d._id,
            portalId: d.portalId,
            revision: rev.revision,
            unpublishedAt: now.toISOString(),
            unpublishedBy: by,
            ...params,
          },
        },
      ];
    });
    if (doc.schedule.unpublish) await this.cancelScheduleIndex(next, "unpublish");
    await this.project(next, { removed });
    return next;
  }

  async archive(
    portalId: string,
    itemId: string,
    raw: unknown,
    caller: Caller,
    expected?: number,
    reason: "expired" | "manual" = "manual",
  ): Promise<ItemDoc> {
    const input = ArchiveInput.parse(raw ?? {});
    const doc = await this.load(portalId, itemId, expected ?? input.version);
    if (doc.status === "archived") return doc;
    if (reason === "manual" && doc.status === "draft")
      throw this.badState(
        doc,
        "archive",
        "Bản nháp chưa xuất bản không lưu trữ được. / A never-published draft cannot be archived.",
      );
    const wasLive = doc.status === "published";
    if (doc.schedule.publish) await this.cancelScheduleIndex(doc, "publish");
    if (doc.schedule.unpublish) await this.cancelScheduleIndex(doc, "unpublish");
    const removed = doc.live?.categoryIds ?? [];
    const project = wasLive ? { categories: removed, previousRevision: doc.live?.revision } : undefined;
    const next = await this.write(doc, project, (d, now) => {
      const from = d.status;
      d.status = "archived";
      d.archived = { at: now, reason, by: caller.onBehalfOf ?? caller.actor };
      d.schedule = {};
      d.audit.push(
        this.audit(caller, "archived", d.live?.revision ?? null, from, "archived", input.reason ?? reason),
      );
      return [
        {
          def: ContentArchived,
          data: {
            itemId: d._id,
            portalId: d.portalId,
            archivedAt: now.toISOString(),
            reason,
            archivedBy: caller.actor,
          },
        },
      ];
    });
    if (wasLive) await this.project(next, { removed });
    return next;
  }

  // ---------------------------------------------------------------- scheduler

  /** Fires one due schedule; returns what happened. Called by the poller, also after a restart. */
  async fireSchedule(entry: ScheduleIndexDoc, now = new Date()): Promise<"fired" | "stale"> {
    const doc = await this.items.get(entry.portalId, entry.itemId);
    const planned = entry.action === "publish" ? doc?.schedule.publish : doc?.schedule.unpublish;
    if (!doc || !planned || new Date(planned.at).getTime() > now.getTime()) {
      // the item's own document is the truth: an index entry without a plan there is left over
      if (!doc || !planned) await this.schedules.deleteOne({ _id: entry._id });
      return "stale";
    }
    const system: Actor = { id: "system:scheduler", username: "system:scheduler" };
    const caller: Caller = { actor: system, roles: new Set(), onBehalfOf: planned.by };
    if (entry.action === "publish") {
      const ok = doc.working?.state === "approved" || (!doc.working && doc.status === "unpublished");
      if (!ok) {
        await this.write(doc, (d) => {
          delete d.schedule.publish;
          d.audit.push(
            this.audit(
              caller,
              "schedule-dropped",
              null,
              itemStateOf(d),
              itemStateOf(d),
              "not approved any more",
            ),
          );
          return [];
        });
        await this.schedules.deleteOne({ _id: entry._id });
        return "stale";
      }
      await this.doPublish(doc, caller, planned.by);
    } else {
      const p = planned as NonNullable<ItemDoc["schedule"]["unpublish"]>;
      if (doc.status !== "published") {
        await this.schedules.deleteOne({ _id: entry._id });
        return "stale";
      }
      await this.doUnpublish(doc, caller, p.by, {
        mode: p.mode,
        ...(p.publicReason ? { publicReason: p.publicReason } : {}),
        ...(p.redirectTo ? { redirectTo: p.redirectTo } : {}),
      });
    }
    return "fired";
  }

  // ---------------------------------------------------------------- ports for other modules

  async createQaSubmission(input: {
    portalId: string;
    question: string;
    answerHtml: string;
    title: string;
    actor: { id: string; username: string; name?: string };
  }): Promise<{ itemId: string }> {
    const caller: Caller = { actor: input.actor, roles: new Set(["focal-officer"]) };
    const question = plainText(input.question);
    const doc = await this.create(
      input.portalId,
      {
        kind: "qa",
        locales: {
          vi: {
            title: input.title,
            summary: question.slice(0, 2000),
            bodyHtml: `<blockquote><p>${escapeHtml(question)}</p></blockquote>${input.answerHtml}`,
          },
        },
        commentsEnabled: false,
      },
      caller,
    );
    await this.submit(input.portalId, doc._id, caller, doc.version);
    return { itemId: doc._id };
  }

  /** An audit entry that is not a change of content (preview links), without a new version. */
  async appendAudit(
    portalId: string,
    itemId: string,
    caller: Caller,
    action: string,
    reason: string,
  ): Promise<void> {
    const doc = await this.get(portalId, itemId);
    const state = itemStateOf(doc);
    const entry = this.audit(
      caller,
      action,
      (doc.working ?? doc.live)?.revision ?? null,
      state,
      state,
      reason,
    );
    if (!(await this.items.appendAudit(portalId, itemId, entry)))
      throw fail.notFound("Không tìm thấy nội dung. / No such item.");
  }

  /** R-ACCOUNT: drafts of a departing officer move to the successor. */
  async handOverDrafts(portalId: string, from: Actor, to: Actor, eventId: string): Promise<number> {
    // the owner's entries of the item index (a rare job; still no scan)
    const ids = await this.items.ownedBy(portalId, from.id);
    let moved = 0;
    for (const _id of ids) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const doc = await this.items.get(portalId, _id);
        if (!doc?.working || !["draft", "rejected"].includes(doc.working.state) || doc.owner.id !== from.id)
          break;
        if (doc.audit.some((a) => a.action === "handed-over" && a.reason === eventId)) break;
        const next = structuredClone(doc);
        const now = new Date();
        next.owner = to;
        next.version = doc.version + 1;
        next.updatedAt = now;
        next.audit.push({
          action: "handed-over",
          actor: { id: "system:handover", username: "system:handover" },
          at: now,
          revision: doc.working.revision,
          from: from.username,
          to: to.username,
          reason: eventId,
        });
        if (await this.items.update(portalId, doc, next, [])) {
          moved++;
          break;
        }
      }
    }
    return moved;
  }

  /** Published items, for rebuilding projections (CLI, bench). */
  listingEntry(doc: ItemDoc): ListingEntry | null {
    const rev = doc.live;
    if (!rev || doc.status !== "published") return null;
    const vi = rev.locales.vi as LocaleContent;
    return {
      itemId: doc._id,
      publishedAt: doc.firstPublishedAt ?? doc.publishedAt ?? new Date(),
      kind: doc.kind,
      title: vi.title,
      slug: vi.slug,
      ...(vi.summary ? { summary: vi.summary } : {}),
      ...(rev.legal
        ? { legal: { number: rev.legal.number, docType: rev.legal.docType, issuedOn: rev.legal.issuedOn } }
        : {}),
    };
  }

  /**
   * The item as publishing receives it. `rev` is the live revision (the default), or — for a
   * preview — the working one, with the times it would have if it were published now.
   */
  snapshot(d: ItemDoc, languages: string[], rev: Revision = d.live as Revision): ContentSnapshot {
    const locales: Record<string, ContentSnapshot["locales"]["vi"]> = {};
    for (const [loc, c] of Object.entries(rev.locales)) {
      if (loc !== "vi" && (!c.publish || !languages.includes(loc))) continue;
      locales[loc] = {
        title: c.title,
        slug: c.slug,
        ...(c.summary ? { summary: c.summary } : {}),
        bodyHtml: c.bodyHtml,
        previousSlugs: c.previousSlugs,
        ...(c.changeNote ? { changeNote: c.changeNote } : {}),
      };
    }
    return {
      itemId: d._id,
      portalId: d.portalId,
      revision: rev.revision,
      kind: d.kind,
      categoryIds: rev.categoryIds,
      retentionClass: d.retentionClass,
      locales: locales as ContentSnapshot["locales"],
      ...(rev.agency ? { agency: rev.agency } : {}),
      author: rev.createdBy,
      contributors: rev.contributors.map((c) => ({ name: c.name, ...(c.role ? { role: c.role } : {}) })),
      firstPublishedAt: (d.firstPublishedAt ?? new Date()).toISOString(),
      publishedAt: (d.publishedAt ?? new Date()).toISOString(),
      ...(rev.legal ? { legal: rev.legal } : {}),
      ...(rev.comment
        ? {
            comment: {
              opensAt: new Date(rev.comment.opensAt).toISOString(),
              closesAt: new Date(rev.comment.closesAt).toISOString(),
            },
          }
        : {}),
      media: rev.media,
      tags: rev.tags,
    };
  }

  // ---------------------------------------------------------------- internals

  private async load(portalId: string, itemId: string, expected?: number): Promise<ItemDoc> {
    const doc = await this.get(portalId, itemId);
    if (expected !== undefined && expected !== doc.version) throw staleVersion(doc.version, expected);
    return doc;
  }

  /** One write with a version check and the events in the same document write (outbox). */
  /**
   * The versioned write of a change. `project`: the change publishes or takes down, so its hooks
   * run after it (`runHooks`) — a marker claimed with the write says so until they did.
   */
  private async write(
    doc: ItemDoc,
    ...args:
      | [change: (d: ItemDoc, now: Date) => StagedEvent[]]
      | [
          project: { categories: string[]; previousRevision?: number | undefined } | undefined,
          change: (d: ItemDoc, now: Date) => StagedEvent[],
        ]
  ): Promise<ItemDoc> {
    const [project, change] = args.length === 1 ? [undefined, args[0]] : args;
    const { _outbox: _o, ...clean } = doc as ItemDoc & { _outbox?: unknown };
    const next = structuredClone(clean) as ItemDoc;
    const now = new Date();
    const events = change(next, now);
    next.version = doc.version + 1;
    next.updatedAt = now;
    if (!(await this.items.update(doc.portalId, doc, next, events, project ? { project } : {}))) {
      const current = await this.items.get(doc.portalId, doc._id);
      throw staleVersion(current?.version ?? -1, doc.version);
    }
    return next;
  }

  private fourEyes(w: Revision, caller: Caller): void {
    if (caller.actor.id.startsWith("system:")) return;
    if (revisionAuthors(w).some((a) => a.id === caller.actor.id))
      throw fail.forbidden(
        "Không được tự duyệt nội dung do chính mình soạn, sửa hoặc gửi (nguyên tắc bốn mắt). / Nobody approves a revision they wrote, edited or submitted.",
        { reason: "self_approval" },
      );
    if (!isBoard(caller))
      throw fail.forbidden("Chỉ Ban biên tập của cổng được duyệt. / Board only.", {
        reason: "board_role_required",
      });
  }

  private badState(doc: ItemDoc, action: string, detail: string) {
    return fail.conflict(detail, {
      reason: "invalid_transition",
      extra: { state: itemStateOf(doc), action },
    });
  }

  private audit(
    caller: Caller,
    action: string,
    revision: number | null,
    from: string,
    to: string,
    reason?: string,
  ): AuditEntry {
    return {
      action,
      actor: caller.actor,
      at: new Date(),
      revision,
      from,
      to,
      ...(reason ? { reason } : {}),
      ...(caller.onBehalfOf ? { onBehalfOf: caller.onBehalfOf } : {}),
    };
  }

  private locales(
    input: Record<
      string,
      {
        title: string;
        slug?: string | undefined;
        summary?: string | undefined;
        bodyHtml: string;
        changeNote?: { kind: "major" | "minor"; text: string } | undefined;
        publish: boolean;
      }
    >,
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

  private checkKindFields(kind: ContentKind, input: { legal?: unknown; comment?: unknown }): void {
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

  private async retentionOf(portalId: string, categoryIds: string[]) {
    const portal = await this.portals.require(portalId);
    let permanent = false;
    for (const id of categoryIds) {
      const c = portal.categories.find((x) => x.categoryId === id);
      if (!c)
        throw fail.validation(
          [{ path: "categoryIds", code: "unknown_category", message: `no category ${id} on ${portalId}` }],
          `Chuyên mục "${id}" không có trên cổng này. / Unknown category.`,
        );
      if (c.retentionClass === "permanent") permanent = true;
    }
    // R-RETAIN: kept permanently when any of its categories says so
    return permanent ? ("permanent" as const) : ("limited-5y" as const);
  }

  /** R-TIMELY: the earliest deadline among the item's categories, counted in working days. */
  private async dueBy(portalId: string, w: Revision): Promise<Date | undefined> {
    const portal = await this.portals.require(portalId);
    const days = w.categoryIds
      .map((id) => portal.categories.find((c) => c.categoryId === id)?.deadlineWorkingDays)
      .filter((d): d is number => typeof d === "number");
    if (!days.length) return undefined;
    const start = w.legal?.issuedOn ? new Date(`${w.legal.issuedOn}T00:00:00+07:00`) : new Date();
    return this.calendar.addWorkingDays(start, Math.min(...days));
  }

  private async indexSchedule(doc: ItemDoc, action: "publish" | "unpublish", at: Date): Promise<void> {
    // the index first: if the process dies before the item write, the poller finds no plan in
    // the item and drops the entry; the other way round a plan could be forgotten
    await this.schedules.updateOne(
      { _id: `${doc._id}:${action}` },
      { $set: { itemId: doc._id, portalId: doc.portalId, action, at } },
      { upsert: true },
    );
  }

  private async cancelScheduleIndex(doc: ItemDoc, action: "publish" | "unpublish"): Promise<void> {
    await this.schedules.deleteOne({ _id: `${doc._id}:${action}` });
  }

  /**
   * The hooks of a publication or take-down, in the order of the item's writes (a take-down never
   * overtakes the publication before it). Awaited by the request: run after its answer, a burst of
   * publications in one category queued their projections faster than they ran, and a kill lost
   * the queue to the repair's next round (kill-mid-stream: 72 of 300 missing for over a minute).
   */
  private project(
    doc: ItemDoc,
    what: { published: PreviousLive | null } | { removed: string[] },
  ): Promise<void> {
    const before = this.projecting.get(doc._id) ?? Promise.resolve();
    const run = before
      .then(() => this.runHooks(doc, what))
      .then(
        () => undefined,
        (e: unknown) =>
          this.logger.error({ err: e, itemId: doc._id }, "projection failed; it runs again later"),
      );
    this.projecting.set(doc._id, run);
    return run.finally(() => {
      if (this.projecting.get(doc._id) === run) this.projecting.delete(doc._id);
    });
  }

  /** Resolves when the projections started so far have run (seeding, shutdown, tests). */
  async projectionsSettled(): Promise<void> {
    while (this.projecting.size) await Promise.all([...this.projecting.values()]);
  }

  /**
   * Runs the hooks of a publication or take-down; when all of them succeeded the write's
   * projection marker goes. A failure is logged and left to `repairProjections`.
   */
  private async runHooks(
    doc: ItemDoc,
    what: { published: PreviousLive | null } | { removed: string[] },
    marker?: string,
  ): Promise<boolean> {
    let ok = true;
    for (const h of this.hooks) {
      try {
        if ("published" in what) await h.published?.(doc, what.published);
        else await h.removed?.(doc, what.removed);
      } catch (e) {
        ok = false;
        // the item write stands; the marker stays, so the projection is made again later
        this.logger.error(
          { err: e, itemId: doc._id, hook: "published" in what ? "published" : "removed" },
          "item hook failed; it runs again later",
        );
      }
    }
    if (ok) {
      if (marker) await this.items.dropProjection(marker);
      else this.items.projected(doc);
    }
    return ok;
  }

  /**
   * Publications and take-downs older than `graceMs` whose hooks may not have run (markers left
   * by a process that died between the item write and its hooks, or by a hook that failed): each
   * item is projected again from what it is now — listed in its live categories and taken out of
   * those it was in before, or taken out of them all when it is not live. Returns how many.
   */
  async repairProjections(graceMs = 30_000, now = new Date()): Promise<number> {
    const markers = await this.items.pendingProjections(new Date(now.getTime() - graceMs));
    let n = 0;
    for (const m of markers) {
      const doc = await this.items.get(m.portalId, m.itemId, { audit: false });
      // no item, or the write never happened (its marker was claimed, the process died)
      if (!doc || doc.version < m.version) {
        await this.items.dropProjection(m.key);
        continue;
      }
      const live = doc.status === "published" && doc.live ? doc.live : null;
      const what = live
        ? {
            published:
              m.previousRevision === undefined
                ? null
                : { revision: m.previousRevision, categoryIds: m.categories },
          }
        : { removed: [...new Set([...m.categories, ...(doc.live?.categoryIds ?? [])])] };
      if (await this.runHooks(doc, what, m.key)) n++;
    }
    if (n) this.logger.warn({ items: n }, "publications projected again (their hooks had not run)");
    return n;
  }
}

function itemStateOf(d: ItemDoc): string {
  if (d.status === "archived") return "archived";
  return d.working?.state ?? d.status;
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

/** Everyone who wrote the revision: its creator, those who edited it since, who submitted it. */
export function revisionAuthors(w: Revision): Actor[] {
  return [w.createdBy, ...(w.editedBy ?? []), ...(w.submittedBy ? [w.submittedBy] : [])];
}

/** The `editedBy` of a revision edited again by `actor` (the creator is not repeated). */
function withEditor(base: Revision | undefined, actor: Actor): { editedBy?: Actor[] } {
  if (!base) return {};
  const before = base.editedBy ?? [];
  if (base.createdBy.id === actor.id || before.some((a) => a.id === actor.id))
    return before.length ? { editedBy: before } : {};
  return { editedBy: [...before, actor] };
}
