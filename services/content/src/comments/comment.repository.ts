// The only code that touches the `comments` and `comments_index` collections; every method takes
// the portal first (R-ORG). Lists are read through keyed index documents (db/keys.ts):
//   <portal>|a|<createdAt>|<id>             every comment of the portal, newest first
//   <portal>|st:<status>|<createdAt>|<id>   by moderation status (the board's queue: held)
//   <portal>|i:<itemId>|<createdAt>|<id>    one item's comments (public list, draft comments)
// Keys follow from the document alone; a moderation adds the new status's key first, then
// writes, then drops the old one (db/keys.ts `withKeys`); readers check keys against documents.

import type { Outbox, StagedEvent } from "@cong/kit";
import type { Collection, UpdateFilter } from "mongodb";
import {
  backfillKeys,
  facetPrefix,
  insertKeys,
  type KeyEntry,
  keyPart,
  pageThrough,
  timeKey,
  withKeys,
} from "../db/keys";
import type { PortalId } from "../portals/portal-id";
import type { CommentDoc } from "./comment.types";

export interface CommentQuery {
  status?: CommentDoc["status"];
  itemId?: string;
  kind?: CommentDoc["kind"];
}

export function commentKeys(c: Pick<CommentDoc, "_id" | "portalId" | "itemId" | "status" | "createdAt">) {
  const tail = `${timeKey(c.createdAt)}|${keyPart(c._id)}`;
  return [
    `${facetPrefix(c.portalId, "a")}${tail}`,
    `${facetPrefix(c.portalId, `st:${c.status}`)}${tail}`,
    `${facetPrefix(c.portalId, `i:${keyPart(c.itemId)}`)}${tail}`,
  ];
}

export class CommentRepository {
  constructor(
    private readonly comments: Collection<CommentDoc>,
    private readonly index: Collection<KeyEntry>,
    private readonly outbox: Outbox,
  ) {}

  async get(portalId: PortalId, commentId: string): Promise<CommentDoc | null> {
    const c = await this.comments.findOne({ _id: commentId }, { projection: { _outbox: 0 } });
    return c && c.portalId === portalId ? c : null;
  }

  /**
   * Newest first (`order: "newest"`), or oldest first (an item's thread). One item's comments
   * are read from its own keys; else the status's keys, else all of the portal's.
   */
  async list(
    portalId: PortalId,
    q: CommentQuery,
    page: { limit: number; cursor?: string; order?: "newest" | "oldest"; budget?: number },
  ): Promise<{ items: CommentDoc[]; nextCursor: string | null }> {
    const facet = q.itemId ? `i:${keyPart(q.itemId)}` : q.status ? `st:${q.status}` : "a";
    const out = await pageThrough({
      index: this.index,
      docs: this.comments,
      portalId,
      prefix: facetPrefix(portalId, facet),
      dir: page.order === "oldest" ? 1 : -1,
      query: { ...q, order: page.order ?? "newest", list: "comments" },
      ...(page.cursor ? { cursor: page.cursor } : {}),
      limit: page.limit,
      ...(page.budget ? { budget: page.budget } : {}),
      keysOf: commentKeys,
      matches: (c) =>
        (!q.status || c.status === q.status) &&
        (!q.itemId || c.itemId === q.itemId) &&
        (!q.kind || c.kind === q.kind),
    });
    return { items: out.docs, nextCursor: out.nextCursor };
  }

  /** Every comment of one item that passes the query (exports; the item's own keys). */
  async allOfItem(
    portalId: PortalId,
    itemId: string,
    q: Omit<CommentQuery, "itemId"> = {},
  ): Promise<CommentDoc[]> {
    const out: CommentDoc[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list(
        portalId,
        { ...q, itemId },
        {
          limit: 100,
          order: "oldest",
          ...(cursor ? { cursor } : {}),
        },
      );
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  async insert(portalId: PortalId, doc: CommentDoc, events: StagedEvent[] = []): Promise<void> {
    if (doc.portalId !== portalId) throw new Error("comment of another portal");
    await insertKeys(
      this.index,
      commentKeys(doc).map((_id) => ({ _id, i: doc._id })),
    );
    if (events.length) await this.outbox.insertOne(this.comments, doc, events);
    else await this.comments.insertOne(doc);
  }

  /** One write of a comment; `status` is its status afterwards (the keys follow). */
  update(
    portalId: PortalId,
    prev: CommentDoc,
    status: CommentDoc["status"],
    update: UpdateFilter<CommentDoc>,
  ): Promise<CommentDoc | null> {
    if (prev.portalId !== portalId) throw new Error("comment of another portal");
    return withKeys(this.index, prev._id, commentKeys(prev), commentKeys({ ...prev, status }), () =>
      // FerretDB v1 has no projection in findAndModify; the routes' views drop `_outbox`
      this.comments.findOneAndUpdate({ _id: prev._id }, update, { returnDocument: "after" }),
    );
  }

  backfill(): Promise<number> {
    return backfillKeys(this.index, this.comments, "~backfill:comments-index:v1", commentKeys);
  }
}
