// The items module as the rest of the service calls it (R-MODERATE): reads, authoring
// (authoring.ts), the editorial workflow — a table of transitions (workflow.ts) and one command
// per transition (commands/*.ts) run by one runner — scheduling (scheduling/fire.ts), handover
// (handover/drafts.handover.ts), Q&A items (qa.ts) and projections (listing-entry.ts, snapshot.ts,
// projector.ts). Every change goes through ItemRepository.commit: the versioned write, its audit
// entry and its outbox events in one document write.
import type { Actor, ContentSnapshot } from "@cong/contracts";
import { fail, type Logger } from "@cong/kit";
import type { Collection } from "mongodb";
import { handOverDrafts } from "../handover/drafts.handover";
import type { MediaLibrary } from "../media/media.client";
import type { PortalService } from "../portals/portal.service";
import { portalOfRecord } from "../portals/portal-id";
import type { ItemPort, PublicItemInfo, ReviewWaiting } from "../ports";
import { fireSchedule } from "../scheduling/fire";
import { ScheduleIndex, type ScheduleIndexDoc } from "../scheduling/schedule.index";
import { createItem, editItem } from "./authoring";
import type { Caller } from "./caller";
import { type ItemContext, loadItem, notFoundItem } from "./commands/context";
import { COMMANDS } from "./commands/index";
import { runCommand } from "./commands/runner";
import type { WorkingDays } from "./due-dates";
import { type RevisionDiff, revisionDiff } from "./item.diff";
import type { ItemQuery } from "./item.index";
import type { ItemPage, ItemRepository } from "./item.repository";
import { type ItemDoc, type ItemSummary, itemState, type Revision } from "./item.types";
import type { ListingEntry } from "./listing";
import { listingEntry } from "./listing-entry";
import { type ItemHooks, ItemProjector } from "./projector";
import { PublicItemReader } from "./public-item.reader";
import { qaSubmission } from "./qa";
import type { SlugRegistry } from "./slugs";
import { itemSnapshot } from "./snapshot";
import { auditEntry, itemStateOf, type TransitionName } from "./workflow";

export type { ScheduleIndexDoc } from "../scheduling/schedule.index";
export type { Caller } from "./caller";
export type { WorkingDays } from "./due-dates";
export type { ItemHooks } from "./projector";

export class ItemService implements ItemPort {
  private readonly ctx: ItemContext;
  private readonly publicItems: PublicItemReader;

  constructor(
    private readonly items: ItemRepository,
    schedules: Collection<ScheduleIndexDoc>,
    portals: PortalService,
    calendar: WorkingDays,
    hooks: ItemHooks[],
    logger: Logger,
    slugs: SlugRegistry | undefined,
    media: MediaLibrary,
    itemsCollection: Collection<ItemDoc>,
  ) {
    const projector = new ItemProjector(items, hooks, logger);
    this.ctx = {
      repo: items,
      schedules: new ScheduleIndex(schedules),
      portals,
      calendar,
      slugs,
      media,
      projector,
    };
    this.publicItems = new PublicItemReader(itemsCollection);
  }

  // ---------------------------------------------------------------- reads

  get(portalId: string, itemId: string): Promise<ItemDoc> {
    return loadItem(this.ctx, portalOfRecord(portalId), itemId);
  }

  /**
   * The admin's list (item.repository.ts): newest change first, or the review queue by due date
   * (R-TIMELY); filters read from keyed index documents, so a page costs the same in any portal.
   */
  list(portalId: string, query: ItemQuery, page: { limit: number; cursor?: string }): Promise<ItemPage> {
    return this.items.list(portalOfRecord(portalId), query, page);
  }

  /** `list` as the compact rows of the summary view, read from the items' heads (item-heads.ts). */
  listSummaries(
    portalId: string,
    query: ItemQuery,
    page: { limit: number; cursor?: string },
  ): Promise<ItemPage<ItemSummary>> {
    return this.items.listSummaries(portalOfRecord(portalId), query, page);
  }

  /** First pages of several lists as compact rows (the admin's "Việc của tôi"). */
  listManySummaries(
    portalId: string,
    lists: { query: ItemQuery; limit: number }[],
  ): Promise<ItemPage<ItemSummary>[]> {
    return this.items.listManySummaries(portalOfRecord(portalId), lists);
  }

  /** Several items of the portal by id (others' and unknown ids are left out). */
  getMany(portalId: string, itemIds: string[]): Promise<ItemDoc[]> {
    return this.items.getMany(portalOfRecord(portalId), itemIds);
  }

  /** First pages of several lists, read side by side (item.repository.ts `listMany`). */
  listMany(portalId: string, lists: { query: ItemQuery; limit: number }[]): Promise<ItemPage[]> {
    return this.items.listMany(portalOfRecord(portalId), lists);
  }

  /** The board's review queue, earliest due first (the daily digest, R-BOARD). */
  async waitingForReview(portalId: string, limit: number): Promise<ReviewWaiting[]> {
    const page = await this.list(portalId, { state: "submitted", sort: "due" }, { limit });
    return page.items
      .filter((d) => d.working?.state === "submitted")
      .map((d) => ({
        itemId: d._id,
        title: d.working?.locales.vi?.title ?? "",
        submittedAt: d.working?.submittedAt ? new Date(d.working.submittedAt) : null,
        dueBy: d.working?.dueBy ? new Date(d.working.dueBy) : null,
      }));
  }

  /** R-MODERATE: what the board reviews — the working revision against the live one (item.diff.ts). */
  async diff(portalId: string, itemId: string): Promise<{ doc: ItemDoc; diff: RevisionDiff }> {
    const doc = await this.get(portalId, itemId);
    const diff = revisionDiff(doc);
    if (!diff)
      throw fail.conflict(
        "Nội dung không có bản đang sửa hay chờ duyệt để so sánh. / The item has no working revision to compare.",
        { reason: "no_working_revision", extra: { state: itemState(doc) } },
      );
    return { doc, diff };
  }

  getPublic(itemId: string): Promise<PublicItemInfo | null> {
    return this.publicItems.get(itemId);
  }

  // ---------------------------------------------------------------- authoring

  create(portalId: string, raw: unknown, caller: Caller, opts: { seedKey?: string; id?: string } = {}) {
    return createItem(this.ctx, portalOfRecord(portalId), raw, caller, opts);
  }

  /** Attaches the original file of a converted submission (R-SUBMIT). */
  async attachSource(doc: ItemDoc, file: NonNullable<Revision["sourceFile"]>): Promise<void> {
    await this.items.attachSource(portalOfRecord(doc.portalId), doc._id, file);
  }

  edit(portalId: string, itemId: string, raw: unknown, caller: Caller, expected?: number): Promise<ItemDoc> {
    return editItem(this.ctx, portalOfRecord(portalId), itemId, raw, caller, expected);
  }

  // ---------------------------------------------------------------- workflow (workflow.ts)

  /** Runs a command of the transition table on the portal's item. */
  run(
    name: TransitionName,
    portalId: string,
    itemId: string,
    raw: unknown,
    caller: Caller,
    expected?: number,
  ): Promise<ItemDoc> {
    const cmd = COMMANDS[name] as Parameters<typeof runCommand>[1];
    return runCommand(this.ctx, cmd, { portalId: portalOfRecord(portalId), itemId }, raw, caller, expected);
  }

  submit(portalId: string, itemId: string, caller: Caller, expected?: number): Promise<ItemDoc> {
    return this.run("submit", portalId, itemId, undefined, caller, expected);
  }
  approve(portalId: string, itemId: string, raw: unknown, caller: Caller, expected?: number) {
    return this.run("approve", portalId, itemId, raw, caller, expected);
  }
  reject(portalId: string, itemId: string, raw: unknown, caller: Caller, expected?: number) {
    return this.run("reject", portalId, itemId, raw, caller, expected);
  }
  /** Publishes the approved revision now, or schedules it (`at` in the future). */
  publish(portalId: string, itemId: string, raw: unknown, caller: Caller, expected?: number) {
    return this.run("publish", portalId, itemId, raw, caller, expected);
  }
  unpublish(portalId: string, itemId: string, raw: unknown, caller: Caller, expected?: number) {
    return this.run("unpublish", portalId, itemId, raw, caller, expected);
  }
  /** The board's archiving (`manual`), or the end of the retention period (`expired`, R-RETAIN). */
  archive(
    portalId: string,
    itemId: string,
    raw: unknown,
    caller: Caller,
    expected?: number,
    reason: "expired" | "manual" = "manual",
  ): Promise<ItemDoc> {
    return this.run(reason === "manual" ? "archive" : "expire", portalId, itemId, raw, caller, expected);
  }

  /** Fires one due schedule; returns what happened. Called by the poller, also after a restart. */
  fireSchedule(entry: ScheduleIndexDoc, now = new Date()): Promise<"fired" | "stale"> {
    return fireSchedule(this.ctx, entry, now);
  }

  // ---------------------------------------------------------------- ports for other modules

  createQaSubmission(input: {
    portalId: string;
    question: string;
    answerHtml: string;
    title: string;
    actor: Actor;
  }): Promise<{ itemId: string }> {
    return qaSubmission(this.ctx, portalOfRecord(input.portalId), input);
  }

  /** An audit entry that is not a change of content (preview links), without a new version. */
  async appendAudit(portalId: string, itemId: string, caller: Caller, action: string, reason: string) {
    const doc = await this.get(portalId, itemId);
    const state = itemStateOf(doc);
    const revision = (doc.working ?? doc.live)?.revision ?? null;
    const entry = auditEntry(caller, action, revision, state, state, reason);
    if (!(await this.items.appendAudit(portalOfRecord(portalId), itemId, entry))) throw notFoundItem();
  }

  /** R-ACCOUNT: drafts of a departing officer move to the successor. */
  handOverDrafts(portalId: string, from: Actor, to: Actor, eventId: string): Promise<number> {
    return handOverDrafts(this.items, portalOfRecord(portalId), from, to, eventId);
  }

  // ---------------------------------------------------------------- projections

  /** A published item as a row of its categories' listings (CLI, bench, listing hooks). */
  listingEntry(doc: ItemDoc): ListingEntry | null {
    return listingEntry(doc);
  }

  /** The item as publishing receives it (snapshot.ts). */
  snapshot(d: ItemDoc, languages: string[], rev: Revision = d.live as Revision): ContentSnapshot {
    return itemSnapshot(d, languages, rev);
  }

  /** Resolves when the projections started so far have run (seeding, shutdown, tests). */
  projectionsSettled(): Promise<void> {
    return this.ctx.projector.settled();
  }

  /** Publications and take-downs whose hooks may not have run, projected again (projector.ts). */
  repairProjections(graceMs = 30_000, now = new Date()): Promise<number> {
    return this.ctx.projector.repair(graceMs, now);
  }
}
