// What follows a publication or take-down (listing projection, royalties): the item's hooks, run
// in the order of the item's writes, and run again from the write's projection marker when they
// may not have (item-index.store.ts `PROJECTION`).
import type { Logger } from "@cong/kit";
import { portalOfRecord } from "../portals/portal-id";
import type { ItemRepository } from "./item.repository";
import type { ItemDoc, Revision } from "./item.types";

/** What a publication replaced: the live revision's number and categories before it. */
export type PreviousLive = Pick<Revision, "revision" | "categoryIds">;

/**
 * Things that follow a publication or take-down (listing projection, royalties). They must be
 * idempotent: a publication whose hooks may not have run (the process died, a hook failed) is
 * projected again from its marker (`repairProjections`).
 */
export interface ItemHooks {
  published?(doc: ItemDoc, previous: PreviousLive | null): Promise<void>;
  removed?(doc: ItemDoc, categoryIds: string[]): Promise<void>;
}

export type Projection = { published: PreviousLive | null } | { removed: string[] };

export class ItemProjector {
  /** projections under way, per item (`project`) */
  private readonly projecting = new Map<string, Promise<void>>();

  constructor(
    private readonly repo: ItemRepository,
    private readonly hooks: ItemHooks[],
    private readonly logger: Logger,
  ) {}

  /**
   * The hooks of a publication or take-down, in the order of the item's writes (a take-down never
   * overtakes the publication before it). Awaited by the request: run after its answer, a burst of
   * publications in one category queued their projections faster than they ran, and a kill lost
   * the queue to the repair's next round (kill-mid-stream: 72 of 300 missing for over a minute).
   */
  project(doc: ItemDoc, what: Projection): Promise<void> {
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
  async settled(): Promise<void> {
    while (this.projecting.size) await Promise.all([...this.projecting.values()]);
  }

  /**
   * Publications and take-downs older than `graceMs` whose hooks may not have run (markers left
   * by a process that died between the item write and its hooks, or by a hook that failed): each
   * item is projected again from what it is now — listed in its live categories and taken out of
   * those it was in before, or taken out of them all when it is not live. Returns how many.
   */
  async repair(graceMs = 30_000, now = new Date()): Promise<number> {
    const store = this.repo.indexStore;
    const markers = await store.pendingProjections(new Date(now.getTime() - graceMs));
    let n = 0;
    for (const m of markers) {
      const doc = await this.repo.get(portalOfRecord(m.portalId), m.itemId, { audit: false });
      // no item, or the write never happened (its marker was claimed, the process died)
      if (!doc || doc.version < m.version) {
        await store.dropProjection(m.key);
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

  /**
   * Runs the hooks of a publication or take-down; when all of them succeeded the write's
   * projection marker goes. A failure is logged and left to `repair`.
   */
  private async runHooks(doc: ItemDoc, what: Projection, marker?: string): Promise<boolean> {
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
      if (marker) await this.repo.indexStore.dropProjection(marker);
      else this.repo.projected(portalOfRecord(doc.portalId), doc);
    }
    return ok;
  }
}
