// R-MODERATE: the diff the board reviews (jsdiff, word level inside blocks of the sanitised text).

import { revisionDiff, textBlocks } from "./item.diff";
import type { ItemDoc, Revision } from "./item.types";

const actor = { id: "u1", username: "stttt.focal-officer" };
function rev(n: number, over: Partial<Revision> = {}): Revision {
  return {
    revision: n,
    state: "draft",
    locales: {
      vi: {
        title: "Hội nghị chuyển đổi số",
        slug: "hoi-nghi",
        summary: "Tóm tắt",
        bodyHtml: "<p>Đoạn một về hội nghị.</p><h2>Mục hai</h2><p>Đoạn ba &amp; kết.</p>",
        previousSlugs: [],
        publish: true,
      },
    },
    categoryIds: ["cat-tin-tuc-su-kien"],
    contributors: [],
    media: [{ assetId: "a1", role: "cover", decorative: false }],
    tags: [],
    createdBy: actor,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...over,
  };
}
const doc = (live: Revision | null, working: Revision | null) =>
  ({ _id: "item-0001", portalId: "stttt", live, working }) as unknown as ItemDoc;

describe("revisionDiff", () => {
  it("reads blocks of the sanitised text, entities decoded", () => {
    expect(textBlocks("<p>Một <b>hai</b></p><ul><li>ba</li><li>bốn &amp; năm</li></ul>")).toEqual([
      "Một hai",
      "ba",
      "bốn & năm",
    ]);
  });

  it("compares field by field: words in a changed block, blocks added, media and categories", () => {
    const live = rev(1, { state: "published" });
    const base = live.locales.vi as Revision["locales"]["vi"] & object;
    const working = rev(2, {
      state: "submitted",
      locales: {
        vi: {
          ...base,
          title: "Hội nghị chuyển đổi số năm 2026",
          bodyHtml: "<p>Đoạn một về hội thảo.</p><h2>Mục hai</h2><p>Đoạn ba &amp; kết.</p><p>Đoạn mới.</p>",
        },
        en: { ...base, title: "Digital transformation conference", bodyHtml: "<p>Hello</p>" },
      },
      categoryIds: ["cat-tin-tuc-su-kien", "cat-thong-bao"],
      media: [
        { assetId: "a1", role: "inline", decorative: false },
        { assetId: "a2", role: "attachment", decorative: false },
      ],
    });
    const d = revisionDiff(doc(live, working));
    expect(d).toMatchObject({
      itemId: "item-0001",
      base: { revision: 1 },
      proposed: { revision: 2, state: "submitted" },
    });
    const f = (field: string, locale?: string) =>
      d?.fields.find((x) => x.field === field && (locale === undefined || x.locale === locale));
    expect(f("title", "vi")?.parts).toEqual([
      { op: "same", text: "Hội nghị chuyển đổi số " },
      { op: "added", text: "năm 2026" },
    ]);
    expect(f("summary", "vi")?.changed).toBe(false);
    const body = f("body", "vi")?.parts ?? [];
    expect(body.filter((p) => p.op === "removed").map((p) => p.text.trim())).toEqual(["nghị"]);
    expect(body.filter((p) => p.op === "added").map((p) => p.text.trim())).toEqual(["thảo", "Đoạn mới."]);
    expect(body.map((p) => p.text).join("")).toContain("Mục hai\n\nĐoạn ba & kết.");
    expect(f("title", "en")?.parts).toEqual([{ op: "added", text: "Digital transformation conference" }]);
    expect(f("categories")?.parts).toEqual([
      { op: "same", text: "cat-tin-tuc-su-kien\n" },
      { op: "added", text: "cat-thong-bao\n" },
    ]);
    expect(f("media")).toMatchObject({
      changed: true,
      added: [
        { assetId: "a1", role: "inline" },
        { assetId: "a2", role: "attachment" },
      ],
      removed: [{ assetId: "a1", role: "cover" }],
    });
    expect(d?.fields.some((x) => x.field.startsWith("legal."))).toBe(false);
  });

  it("against nothing for an item never published; null without a working revision", () => {
    const d = revisionDiff(doc(null, rev(1)));
    expect(d?.base).toBeNull();
    expect(d?.fields.find((x) => x.field === "title")?.parts).toEqual([
      { op: "added", text: "Hội nghị chuyển đổi số" },
    ]);
    expect(revisionDiff(doc(rev(1), null))).toBeNull();
  });
});
