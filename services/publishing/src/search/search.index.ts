// Diacritics-insensitive search (issue 7): an in-memory inverted index over the live items of
// every portal, built from the read model at start and kept current by its change events.
// FerretDB has no text index, hence memory. Limit: ~1 KB per item of postings (title, summary,
// tags, legal number and the first 2,000 characters of the body) — fine for the portals' size
// (tens of thousands of items); beyond a few hundred thousand items move to a search engine.

import { escapeHtml, foldAligned, foldedWords, nfc } from "@cong/text";
import type { ItemRecord, ReadModel } from "../readmodel/readmodel";
import { type SafeHtml, trustedHtml } from "../render/html";
import { htmlToText } from "../text/html-text";

/** Folded words of a text, however long (the index has always kept every word). */
function words(s: string): string[] {
  return foldedWords(s, Number.POSITIVE_INFINITY);
}

const WEIGHTS = { title: 5, tags: 3, summary: 2, body: 1 };
const BODY_CHARS = 2000;
/** of each attached document's text (media sends at most 8,000 characters) */
const ATTACHMENT_CHARS = 8000;

interface DocInfo {
  portalId: string;
  locale: string;
  itemId: string;
}

export interface SearchHit {
  item: ItemRecord;
  locale: string;
  score: number;
  title: SafeHtml;
  excerpt: SafeHtml;
}

/** The text of HTML, references decoded once (src/text/html-text.ts; issue 15.3). */
export function stripTags(s: string): string {
  return htmlToText(s);
}

/** Wraps each occurrence of the folded query tokens in <mark>, escaping everything else. */
export function highlight(text: string, terms: string[], maxLen?: number): SafeHtml {
  let src = nfc(text);
  const folded = foldAligned(src);
  const ranges: [number, number][] = [];
  for (const t of terms) {
    if (!t) continue;
    const re = new RegExp(`(?<![a-z0-9])${t.replace(/[^a-z0-9]/g, "")}`, "g");
    for (const m of folded.matchAll(re)) ranges.push([m.index, m.index + t.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let start = 0;
  if (maxLen && src.length > maxLen) {
    const first = ranges[0]?.[0] ?? 0;
    start = Math.max(0, first - Math.floor(maxLen / 3));
    src = src.slice(0, start + maxLen);
  }
  let out = start > 0 ? "… " : "";
  let pos = start;
  for (const [a, b] of ranges) {
    if (a < pos || b > src.length) continue;
    out += `${escapeHtml(src.slice(pos, a))}<mark>${escapeHtml(src.slice(a, b))}</mark>`;
    pos = b;
  }
  out += escapeHtml(src.slice(pos));
  if (maxLen && text.length > start + maxLen) out += " …";
  return trustedHtml(out);
}

export class SearchIndex {
  /** token → docKey → weighted term frequency */
  private readonly postings = new Map<string, Map<string, number>>();
  /** docKey → its tokens (to remove it) */
  private readonly docs = new Map<string, { info: DocInfo; tokens: Set<string> }>();
  /** itemId → its docKeys (one per locale) */
  private readonly byItem = new Map<string, string[]>();

  constructor(private readonly model: ReadModel) {}

  get size(): number {
    return this.docs.size;
  }

  build(): void {
    for (const item of this.model.items.values()) this.update(item);
    this.model.onChange(({ item }) => {
      if (item) this.update(item);
    });
  }

  private remove(key: string): void {
    const doc = this.docs.get(key);
    if (!doc) return;
    for (const t of doc.tokens) {
      const p = this.postings.get(t);
      p?.delete(key);
      if (p && !p.size) this.postings.delete(t);
    }
    this.docs.delete(key);
  }

  update(item: ItemRecord): void {
    for (const key of this.byItem.get(item._id) ?? []) this.remove(key);
    this.byItem.delete(item._id);
    if (item.status !== "live") return;
    const keys: string[] = [];
    this.byItem.set(item._id, keys);
    for (const [locale, lc] of Object.entries(item.snapshot.locales)) {
      const key = `${item._id}/${locale}`;
      const tf = new Map<string, number>();
      const add = (text: string | undefined, w: number) => {
        if (!text) return;
        for (const t of words(text)) tf.set(t, (tf.get(t) ?? 0) + w);
      };
      add(lc.title, WEIGHTS.title);
      add(item.snapshot.tags.join(" "), WEIGHTS.tags);
      add(item.snapshot.legal?.number, WEIGHTS.title);
      add(lc.summary, WEIGHTS.summary);
      add(stripTags(lc.bodyHtml).slice(0, BODY_CHARS), WEIGHTS.body);
      // the text of attached documents (a legal document's PDF), as body text — only documents of
      // the item's own portal (issue 15.1: another portal's file is never shown, nor searched)
      for (const m of item.snapshot.media) {
        const a = this.model.assets.get(m.assetId);
        if (a?.portalId === item.portalId) add(a.text?.slice(0, ATTACHMENT_CHARS), WEIGHTS.body);
      }
      for (const [t, n] of tf) {
        let p = this.postings.get(t);
        if (!p) {
          p = new Map();
          this.postings.set(t, p);
        }
        p.set(key, n);
      }
      keys.push(key);
      this.docs.set(key, {
        info: { portalId: item.portalId, locale, itemId: item._id },
        tokens: new Set(tf.keys()),
      });
    }
  }

  /**
   * Every query word must match (the last one as a prefix, so "quy hoa" finds "quy hoạch");
   * ranked by weighted frequency × rarity, newer first on ties.
   */
  search(q: string, opts: { portals: Set<string> | "*"; locale: string; limit: number; offset?: number }) {
    const terms = words(q).slice(0, 10);
    if (!terms.length) return { total: 0, hits: [] as SearchHit[], terms };
    const n = Math.max(1, this.docs.size);
    let scores: Map<string, number> | undefined;
    terms.forEach((t, idx) => {
      const matches = new Map<string, number>();
      const lists: Map<string, number>[] = [];
      const exact = this.postings.get(t);
      if (exact) lists.push(exact);
      if (idx === terms.length - 1 && t.length >= 2) {
        for (const [tok, p] of this.postings) if (tok !== t && tok.startsWith(t)) lists.push(p);
      }
      for (const p of lists) {
        const idf = Math.log(1 + n / p.size);
        for (const [k, tf] of p) matches.set(k, (matches.get(k) ?? 0) + tf * idf);
      }
      if (!scores) scores = matches;
      else {
        const next = new Map<string, number>();
        for (const [k, s] of scores) {
          const m = matches.get(k);
          if (m !== undefined) next.set(k, s + m);
        }
        scores = next;
      }
    });
    const results: { key: string; score: number; info: DocInfo; item: ItemRecord }[] = [];
    for (const [key, score] of scores ?? []) {
      const doc = this.docs.get(key);
      if (!doc || doc.info.locale !== opts.locale) continue;
      if (opts.portals !== "*" && !opts.portals.has(doc.info.portalId)) continue;
      const item = this.model.items.get(doc.info.itemId);
      if (item?.status !== "live") continue;
      results.push({ key, score, info: doc.info, item });
    }
    results.sort(
      (a, b) => b.score - a.score || b.item.snapshot.publishedAt.localeCompare(a.item.snapshot.publishedAt),
    );
    const off = opts.offset ?? 0;
    const hits = results.slice(off, off + opts.limit).map((r) => {
      const lc = r.item.snapshot.locales[r.info.locale] ?? r.item.snapshot.locales.vi;
      const text = lc.summary || stripTags(lc.bodyHtml);
      return {
        item: r.item,
        locale: r.info.locale,
        score: r.score,
        title: highlight(lc.title, terms),
        excerpt: highlight(text, terms, 240),
      };
    });
    return { total: results.length, hits, terms };
  }
}
