// The library page's intersection of key ranges (issue 21), checked against a brute-force answer
// over random libraries, filters, page sizes and stale keys — with a tiny in-memory stand-in for
// the two collections (the real servers are in test/library.test.ts).
import type { Collection } from "mongodb";
import { AssetKeys, cursor, KEY_BUDGET, type KeyDoc, keysOf } from "./asset.keys";
import type { AssetDoc } from "./asset.types";
import type { MediaKind } from "./inspect";
import { assetWords } from "./words";

type Doc = { _id: string } & Record<string, unknown>;

/** find({_id: {$gt, $lt}} | {_id: {$in}, portalId}).sort({_id: -1}).limit(n), as the code uses it */
function memory<T extends Doc>(docs: Map<string, T>, reads: { n: number }) {
  return {
    find(filter: { _id: { $gt?: string; $lt?: string; $in?: string[] }; portalId?: string }) {
      let dir = 1;
      let limit = Number.POSITIVE_INFINITY;
      const cursor = {
        sort(s: { _id: number }) {
          dir = s._id;
          return cursor;
        },
        limit(n: number) {
          limit = n;
          return cursor;
        },
        async toArray() {
          const f = filter._id;
          let out = [...docs.values()].filter(
            (d) =>
              (f.$gt === undefined || d._id > f.$gt) &&
              (f.$lt === undefined || d._id < f.$lt) &&
              (f.$in === undefined || f.$in.includes(d._id)) &&
              (filter.portalId === undefined || d.portalId === filter.portalId),
          );
          out.sort((a, b) => (a._id < b._id ? -dir : a._id > b._id ? dir : 0));
          out = out.slice(0, limit);
          reads.n += out.length;
          return out;
        },
      };
      return cursor;
    },
  } as unknown as Collection<T>;
}

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const KINDS: MediaKind[] = ["image", "audio", "video", "document"];
const WORDS = ["hoi", "nghi", "giao", "thong", "le", "khai", "mac", "so", "an", "toan"];

function library(seed: number, size: number) {
  const r = rng(seed);
  const assets = new Map<string, AssetDoc>();
  const keys = new Map<string, KeyDoc>();
  for (let i = 0; i < size; i++) {
    const id = (0x65000000 + i * 7).toString(16).padStart(8, "0") + "0".repeat(16);
    const words = WORDS.filter(() => r() < 0.3);
    const a = {
      _id: id,
      portalId: r() < 0.8 ? "stttt" : "sttt",
      kind: KINDS[Math.floor(r() * KINDS.length)] as MediaKind,
      filename: `f${i}.bin`,
      sha256: i.toString(16).padStart(64, "0"),
      title: words.join(" "),
      ...(r() < 0.1 ? { deletedAt: new Date() } : {}),
    } as AssetDoc;
    assets.set(id, a);
    // a live asset's keys, plus stale ones: a deleted asset's, or a word it no longer has
    const ks = a.deletedAt ? keysOf({ ...a, deletedAt: undefined }) : keysOf(a);
    if (r() < 0.1) ks.push(`${a.portalId}|w:${WORDS[Math.floor(r() * WORDS.length)]}|${id}`);
    for (const k of ks) keys.set(k, { _id: k, assetId: id, at: new Date() });
  }
  // keys of uploads whose documents were never written
  for (let i = 0; i < 20; i++) {
    const id = (0x65000003 + i * 70).toString(16).padStart(8, "0") + "0".repeat(16);
    for (const f of ["a", "k:image", "w:hoi", "w:nghi"])
      keys.set(`stttt|${f}|${id}`, { _id: `stttt|${f}|${id}`, assetId: id, at: new Date() });
  }
  return { assets, keys };
}

describe("library pages: the intersection of key ranges", () => {
  it.each([1, 2, 3, 4, 5, 6])(
    "pages every filter without gaps, duplicates or stale keys (library %s)",
    async (seed) => {
      const { assets, keys } = library(seed, 400);
      const reads = { n: 0 };
      const ix = new AssetKeys(
        memory(keys as never, reads) as never,
        memory(assets as never, reads) as never,
      );
      const r = rng(seed * 31);
      for (let t = 0; t < 25; t++) {
        const kind = r() < 0.5 ? KINDS[Math.floor(r() * KINDS.length)] : undefined;
        const words = WORDS.filter(() => r() < 0.15).slice(0, 3);
        const limit = 1 + Math.floor(r() * 12);
        const portal = r() < 0.8 ? "stttt" : "sttt";
        const want = [...assets.values()]
          .filter((a) => a.portalId === portal && !a.deletedAt && (!kind || a.kind === kind))
          .filter((a) => words.every((w) => assetWords(a).includes(w)))
          .map((a) => a._id)
          .sort()
          .reverse();
        const got: string[] = [];
        let before: ReturnType<typeof cursor.decode>;
        for (let pages = 0; pages < 500; pages++) {
          reads.n = 0;
          const page = await ix.page(portal, {
            ...(kind ? { kind } : {}),
            ...(words.length ? { words } : {}),
            ...(before ? { before } : {}),
            limit,
          });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          // a page's reads stay bounded whatever the library (keys + the assets of matches)
          expect(reads.n).toBeLessThanOrEqual(KEY_BUDGET + 2 * (limit + 1) + 40);
          got.push(...page.items.map((a) => a._id));
          if (!page.next) break;
          before = cursor.decode(page.next);
        }
        expect({ kind, words, limit, portal, got }).toEqual({ kind, words, limit, portal, got: want });
      }
    },
  );

  it("stops a page at the budget when ranges interleave without meeting, and resumes exactly there", async () => {
    const assets = new Map<string, AssetDoc>();
    const keys = new Map<string, KeyDoc>();
    for (let i = 0; i < 3000; i++) {
      const id = (0x65000000 + i).toString(16).padStart(8, "0") + "0".repeat(16);
      // every 997th has both words; the others alternate
      const title = i % 997 === 0 ? "hoi nghi" : i % 2 ? "hoi" : "nghi";
      const a = { _id: id, portalId: "stttt", kind: "image", filename: "x", sha256: "0", title } as AssetDoc;
      assets.set(id, a);
      for (const k of keysOf(a)) keys.set(k, { _id: k, assetId: id, at: new Date() });
    }
    const reads = { n: 0 };
    const ix = new AssetKeys(memory(keys as never, reads) as never, memory(assets as never, reads) as never);
    const got: string[] = [];
    let short = 0;
    let before: ReturnType<typeof cursor.decode>;
    for (let pages = 0; pages < 100; pages++) {
      const page = await ix.page("stttt", {
        words: ["hoi", "nghi"],
        limit: 5,
        ...(before ? { before } : {}),
      });
      got.push(...page.items.map((a) => a._id));
      if (page.next && page.items.length < 5) short++;
      if (!page.next) break;
      before = cursor.decode(page.next);
    }
    expect(short).toBeGreaterThan(0);
    const want = [...assets.values()].filter((a) => a.title === "hoi nghi").map((a) => a._id);
    expect(got).toEqual(want.sort().reverse());
  });
});
