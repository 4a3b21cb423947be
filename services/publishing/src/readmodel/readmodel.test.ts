import type { ContentSnapshot } from "@cong/contracts";
import { ReadModel } from "./readmodel";

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
});
