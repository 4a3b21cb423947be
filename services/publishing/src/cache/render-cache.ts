// In-memory cache of rendered pages, keyed by portal + locale + URL, purged precisely: every entry
// carries the tags of the data it shows (item, category listing, home, feeds, aggregates), and a
// read-model change purges only entries sharing a tag with it. LRU by insertion order.
import { createHash } from "node:crypto";
import type { Encodable } from "../web/compress";

export interface CacheEntry extends Encodable {
  status: number;
  body: string;
  contentType: string;
  etag: string;
  lastModified: string | undefined;
  tags: string[];
  headers?: Record<string, string>;
  /** response headers of the first full answer (security headers …), replayed on fast hits */
  baseHeaders?: Record<string, string | number | string[]>;
  /** page-view to count on a hit: an item id, "" for a portal page, undefined for none */
  count?: string | undefined;
}

export function etagOf(body: string | Buffer): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}

export class RenderCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly byTag = new Map<string, Set<string>>();
  hits = 0;
  misses = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CacheEntry | undefined {
    const e = this.entries.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return e;
  }

  set(key: string, e: CacheEntry): void {
    this.delete(key);
    this.entries.set(key, e);
    for (const t of e.tags) {
      let s = this.byTag.get(t);
      if (!s) {
        s = new Set();
        this.byTag.set(t, s);
      }
      s.add(key);
    }
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    for (const t of e.tags) {
      const s = this.byTag.get(t);
      s?.delete(key);
      if (s && !s.size) this.byTag.delete(t);
    }
  }

  /** drops every entry carrying one of the tags; returns how many */
  purge(tags: string[]): number {
    let n = 0;
    for (const t of tags) {
      for (const key of [...(this.byTag.get(t) ?? [])]) {
        this.delete(key);
        n++;
      }
    }
    return n;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }
}
