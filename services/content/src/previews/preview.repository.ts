// The only code that touches the preview links' collections; portal first in every method that
// knows one. Two keyed documents per link:
//   preview_links       `_id` = SHA-256 (hex) of the token: what the public route reads. The token
//                       itself is never stored — it is shown once, to the person who made the link.
//   preview_link_index  `_id` = `<portal>|i:<item>|<previewId>`: an item's links in creation order
//                       (previewIds are time-ordered ObjectIds), for the list and the revocation.
// Both are read by `_id` only.
import { createHash } from "node:crypto";
import type { Actor, ContentSnapshot } from "@cong/contracts";
import type { Collection } from "mongodb";
import { facetPrefix, keyPart } from "../db/keys";

export interface PreviewLinkDoc {
  /** SHA-256 of the token, hex */
  _id: string;
  previewId: string;
  portalId: string;
  itemId: string;
  revision: number;
  /** the item's version when the link was made: a later one makes the preview `outdated` */
  itemVersion: number;
  snapshot: ContentSnapshot;
  mediaTokens: Record<string, string>;
  mediaTokensExpireAt?: Date;
  createdBy: Actor;
  createdAt: Date;
  expiresAt: Date;
  revokedAt?: Date;
  revokedBy?: Actor;
}

export interface PreviewIndexDoc {
  _id: string;
  tokenHash: string;
  previewId: string;
  portalId: string;
  itemId: string;
  revision: number;
  createdBy: Actor;
  createdAt: Date;
  expiresAt: Date;
  revokedAt?: Date;
}

export const tokenHash = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

const indexKey = (portalId: string, itemId: string, previewId: string) =>
  `${facetPrefix(portalId, `i:${keyPart(itemId)}`)}${keyPart(previewId)}`;

export class PreviewRepository {
  constructor(
    private readonly links: Collection<PreviewLinkDoc>,
    private readonly index: Collection<PreviewIndexDoc>,
  ) {}

  /**
   * A new link: the item's list entry first, then the link (a crash in between leaves a listed
   * link that does not open, and revoking it is harmless — never a working link nobody can see).
   */
  async insert(portalId: string, link: PreviewLinkDoc): Promise<void> {
    if (link.portalId !== portalId) throw new Error("preview of another portal");
    await this.index.insertOne({
      _id: indexKey(portalId, link.itemId, link.previewId),
      tokenHash: link._id,
      previewId: link.previewId,
      portalId,
      itemId: link.itemId,
      revision: link.revision,
      createdBy: link.createdBy,
      createdAt: link.createdAt,
      expiresAt: link.expiresAt,
    });
    await this.links.insertOne(link);
  }

  /** An item's links, oldest first (at most `max`; links expire within a week). */
  listOfItem(portalId: string, itemId: string, max = 200): Promise<PreviewIndexDoc[]> {
    const prefix = facetPrefix(portalId, `i:${keyPart(itemId)}`);
    return this.index
      .find({ _id: { $gt: prefix, $lt: `${prefix}~` } })
      .sort({ _id: 1 })
      .limit(max)
      .toArray();
  }

  getOfItem(portalId: string, itemId: string, previewId: string): Promise<PreviewIndexDoc | null> {
    return this.index.findOne({ _id: indexKey(portalId, itemId, previewId) });
  }

  /** Revokes: the link stops opening first, then its list entry says so. */
  async revoke(portalId: string, entry: PreviewIndexDoc, by: Actor, at: Date): Promise<void> {
    await this.links.updateOne(
      { _id: entry.tokenHash, portalId },
      { $set: { revokedAt: at, revokedBy: by } },
    );
    await this.index.updateOne({ _id: entry._id }, { $set: { revokedAt: at } });
  }

  /** The link a token opens (the public route: the token names the portal). */
  byToken(token: string): Promise<PreviewLinkDoc | null> {
    return this.links.findOne({ _id: tokenHash(token) });
  }
}
