// A list of item ids ordered newest first by a sort key (`<publishedAt ISO>|<itemId>`), with
// keyset pagination: a page starts strictly after a cursor key (no OFFSET scans, R-STD).

export interface Entry {
  key: string;
  id: string;
}

export class SortedList {
  private readonly entries: Entry[] = [];

  get size(): number {
    return this.entries.length;
  }

  /** index of the first entry whose key is <= key (entries sorted descending) */
  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.entries[mid] as Entry).key > key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  upsert(key: string, id: string, oldKey?: string): void {
    if (oldKey !== undefined) this.remove(oldKey);
    const i = this.lowerBound(key);
    if (this.entries[i]?.key === key) return;
    this.entries.splice(i, 0, { key, id });
  }

  remove(key: string): void {
    const i = this.lowerBound(key);
    if (this.entries[i]?.key === key) this.entries.splice(i, 1);
  }

  /** up to `limit` ids after `cursor` (exclusive); `next` is the cursor of the following page */
  page(limit: number, cursor?: string, filter?: (id: string) => boolean): { ids: string[]; next?: string } {
    let i = cursor ? this.lowerBound(cursor) : 0;
    if (cursor && this.entries[i]?.key === cursor) i++;
    const ids: string[] = [];
    let last: Entry | undefined;
    for (; i < this.entries.length && ids.length < limit; i++) {
      const e = this.entries[i] as Entry;
      if (filter && !filter(e.id)) continue;
      ids.push(e.id);
      last = e;
    }
    // is there anything after this page?
    let more = false;
    for (let j = i; j < this.entries.length; j++) {
      if (!filter || filter((this.entries[j] as Entry).id)) {
        more = true;
        break;
      }
    }
    return more && last ? { ids, next: last.key } : { ids };
  }

  *iterate(): Generator<string> {
    for (const e of this.entries) yield e.id;
  }
}
