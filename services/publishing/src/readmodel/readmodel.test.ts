import { ContentPublished, type ContentSnapshot, ContentUnpublished, createEvent } from "@cong/contracts";
import { type ItemRecord, ReadModel, type ReadModelRepository } from "./readmodel";
import { readModelBatch } from "./readmodel.handlers";

function snap(itemId: string, revision: number, slug: string, publishedAt: string): ContentSnapshot {
  return {
    itemId,
    portalId: "stttt",
    revision,
    kind: "article",
    categoryIds: ["cat-tin-tuc"],
    retentionClass: "limited-5y",
    locales: { vi: { title: `Tin ${slug}`, slug, bodyHtml: "<p>x</p>", previousSlugs: [] } },
    contributors: [],
    firstPublishedAt: publishedAt,
    publishedAt,
    media: [],
    tags: [],
  };
}

describe("read model", () => {
  it("never lets an older revision overwrite a newer one; a takedown of r beats the publication of r", async () => {
    const m = new ReadModel();
    await m.applyPublished(snap("item-0001", 2, "moi", "2026-11-02T00:00:00Z"), "2026-11-02T00:00:00Z");
    expect(
      await m.applyPublished(snap("item-0001", 1, "cu", "2026-11-01T00:00:00Z"), "2026-11-03T00:00:00Z"),
    ).toBe(false);
    expect(m.items.get("item-0001")?.snapshot.locales.vi.slug).toBe("moi");
    await m.applyUnpublished({ itemId: "item-0001", revision: 2, mode: "gone" }, "2026-11-04T00:00:00Z");
    expect(
      await m.applyPublished(snap("item-0001", 2, "moi", "2026-11-02T00:00:00Z"), "2026-11-05T00:00:00Z"),
    ).toBe(false);
    expect(m.items.get("item-0001")?.status).toBe("gone");
    expect(m.list("stttt", { limit: 10 }).items).toHaveLength(0);
  });

  it("pages listings by keyset, newest first", async () => {
    const m = new ReadModel();
    for (let i = 0; i < 25; i++)
      await m.applyPublished(
        snap(`item-${1000 + i}`, 1, `tin-${i}`, new Date(Date.UTC(2026, 0, 1 + i)).toISOString()),
        "2026-11-01T00:00:00Z",
      );
    const p1 = m.list("stttt", { category: "cat-tin-tuc", limit: 10 });
    expect(p1.items[0]?.snapshot.locales.vi.slug).toBe("tin-24");
    const p3 = m.list("stttt", {
      category: "cat-tin-tuc",
      limit: 10,
      cursor: m.list("stttt", { category: "cat-tin-tuc", limit: 10, cursor: p1.next }).next,
    });
    expect(p3.items.map((i) => i.snapshot.locales.vi.slug)).toEqual([
      "tin-4",
      "tin-3",
      "tin-2",
      "tin-1",
      "tin-0",
    ]);
    expect(p3.next).toBeUndefined();
  });

  it("keeps an item archived when the archive topic is replayed before the content topic", async () => {
    const m = new ReadModel();
    await m.applyArchived("item-0009", "2031-01-01T00:00:00Z");
    await m.applyPublished(snap("item-0009", 1, "cu", "2026-01-01T00:00:00Z"), "2026-01-01T00:00:00Z");
    expect(m.items.get("item-0009")?.status).toBe("archived");
  });

  describe("a batch of publications (issue 15: a Kafka backlog)", () => {
    /** a store in memory that counts its calls; `stored` ids are there before the model knew them */
    function store(stored: string[] = []) {
      const docs = new Map<string, ItemRecord>(stored.map((id) => [id, {} as ItemRecord]));
      const calls = { save: 0, insert: 0 };
      const repo: ReadModelRepository = {
        savePortal: async () => undefined,
        saveAsset: async () => undefined,
        saveTombstone: async () => undefined,
        loadAll: async () => ({ portals: [], items: [], assets: [], tombstones: [] }),
        saveItem: async (i) => {
          calls.save++;
          docs.set(i._id, i);
        },
        insertItems: async (list) => {
          calls.insert++;
          const written = new Set<string>();
          for (const i of list)
            if (!docs.has(i._id)) {
              docs.set(i._id, i);
              written.add(i._id);
            }
          return written;
        },
      };
      return { repo, docs, calls };
    }
    const at = "2026-11-01T00:00:00Z";
    const published = (itemId: string, revision: number, slug: string) =>
      createEvent(
        ContentPublished,
        { ...ContentPublished.example, snapshot: snap(itemId, revision, slug, at) },
        { source: "/cong/test" },
      );

    it("stores new items' publications with one insert, each item's events keep their order, and running the handlers after changes nothing", async () => {
      const { repo, docs, calls } = store(["item-0103"]);
      const m = new ReadModel(repo);
      const unpublishFirst = createEvent(
        ContentUnpublished,
        { ...ContentUnpublished.example, itemId: "item-0102", portalId: "stttt", revision: 1, mode: "gone" },
        { source: "/cong/test" },
      );
      const pubs = [
        published("item-0100", 1, "mot"),
        published("item-0101", 1, "hai"),
        published("item-0100", 2, "mot-moi"),
        published("item-0102", 1, "ba"),
        published("item-0103", 1, "bon"),
      ] as const;
      const events = [pubs[0], pubs[1], pubs[2], unpublishFirst, pubs[3], pubs[4]];
      await readModelBatch(m)(events, { topic: "t", partition: 0, logger: undefined as never });
      expect(calls).toEqual({ save: 0, insert: 1 });
      // an item's first event only: item-0100 at revision 1 (its revision 2 comes after, in order);
      // item-0102's first event is not a publication and item-0103 was stored already
      expect([...m.items.keys()].sort()).toEqual(["item-0100", "item-0101"]);
      expect(m.items.get("item-0100")?.revision).toBe(1);
      expect(docs.get("item-0101")?.status).toBe("live");
      // the handlers, in offset order, as the consumer runs them after the hook
      expect(await m.applyPublished(pubs[0].data.snapshot, at)).toBe(false);
      expect(await m.applyPublished(pubs[1].data.snapshot, at)).toBe(false);
      expect(await m.applyPublished(pubs[2].data.snapshot, at)).toBe(true);
      expect(await m.applyUnpublished(unpublishFirst.data, at)).toBe(false);
      expect(await m.applyPublished(pubs[3].data.snapshot, at)).toBe(true);
      expect(await m.applyPublished(pubs[4].data.snapshot, at)).toBe(true);
      expect(calls).toEqual({ save: 3, insert: 1 });
      expect(m.items.get("item-0100")?.snapshot.locales.vi.slug).toBe("mot-moi");
      expect(m.list("stttt", { limit: 10 }).items).toHaveLength(4);
      // a redelivered batch changes nothing
      await readModelBatch(m)(events, { topic: "t", partition: 0, logger: undefined as never });
      expect(calls).toEqual({ save: 3, insert: 1 });
    });

    it("keeps an item archived before its publication archived", async () => {
      const { repo } = store();
      const m = new ReadModel(repo);
      await m.applyArchived("item-0200", "2031-01-01T00:00:00Z");
      await readModelBatch(m)([published("item-0200", 1, "a"), published("item-0201", 1, "b")], {
        topic: "t",
        partition: 0,
        logger: undefined as never,
      });
      expect(m.items.get("item-0200")?.status).toBe("archived");
      expect(m.items.get("item-0201")?.status).toBe("live");
    });
  });
});
