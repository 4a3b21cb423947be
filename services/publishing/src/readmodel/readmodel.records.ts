// The read model's records as stored (`pub_items`, `pub_assets`, `pub_portals`) and the store
// they go to (readmodel.repository.ts in the service; nothing in benches).
import type { ContentSnapshot, PortalSnapshot } from "@cong/contracts";

export type ItemStatus = "live" | "withdrawn" | "gone" | "redirected" | "archived";

export interface ItemRecord {
  _id: string;
  portalId: string;
  /** revision of the last applied change */
  revision: number;
  /** 1 = published, 2 = taken down: a takedown of revision r wins over the publication of r */
  phase: number;
  status: ItemStatus;
  snapshot: ContentSnapshot;
  publicReason?: string;
  redirectTo?: string;
  changedAt: string;
}

export interface Rendition {
  name: string;
  mimeType: string;
  width?: number;
  height?: number;
}

export interface AssetRecord {
  _id: string;
  portalId: string;
  kind: string;
  renditions: Rendition[];
  altText?: string;
  decorative: boolean;
  /** the start of a document's text (search) */
  text?: string;
  processedAt: string;
}

export interface PortalRecord {
  _id: string;
  snapshot: PortalSnapshot;
  changedAt: string;
}

/** Where the read model is persisted; Mongo in the service, nothing in benches. */
export interface ReadModelRepository {
  savePortal(p: PortalRecord): Promise<void>;
  saveItem(i: ItemRecord): Promise<void>;
  /**
   * Items not stored yet, with as few round trips as the store allows; returns the ids written
   * (an id already stored is left as it is: its change goes through `saveItem`).
   */
  insertItems?(items: ItemRecord[]): Promise<Set<string>>;
  saveAsset(a: AssetRecord): Promise<void>;
  /** an item archived before its publication was seen (topics are not ordered among themselves) */
  saveTombstone(t: { _id: string; at: string }): Promise<void>;
  loadAll(): Promise<{
    portals: PortalRecord[];
    items: ItemRecord[];
    assets: AssetRecord[];
    tombstones: { _id: string; at: string }[];
  }>;
}
