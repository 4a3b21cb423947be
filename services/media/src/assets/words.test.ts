import { foldedWords as foldWords } from "@cong/text";
import { cursor, keysOf } from "./asset.keys";
import { assetWords, MAX_WORDS, queryWords } from "./words";

describe("words of an asset (issue 21)", () => {
  it("folds Vietnamese: marks removed, đ → d, lowercase, NFC first", () => {
    expect(foldWords("Hội nghị Đường giao thông")).toEqual(["hoi", "nghi", "duong", "giao", "thong"]);
    // the same words from decomposed input (NFD)
    expect(foldWords("Hội nghị".normalize("NFD"))).toEqual(["hoi", "nghi"]);
    expect(foldWords("anh_2026-11-28.JPG")).toEqual(["anh", "2026", "11", "28", "jpg"]);
    expect(foldWords(`x${"a".repeat(40)} ok`)).toEqual(["ok"]);
  });

  it("keeps the distinct words of title, filename and alt text, at most MAX_WORDS", () => {
    expect(
      assetWords({ title: "Lễ khánh thành", filename: "le-khanh-thanh.jpg", altText: "Cắt băng" }),
    ).toEqual(["le", "khanh", "thanh", "jpg", "cat", "bang"]);
    const many = Array.from({ length: 300 }, (_, i) => `w${i}`).join(" ");
    expect(assetWords({ filename: "a.pdf", altText: many })).toHaveLength(MAX_WORDS);
    expect(queryWords("hội hội nghị")).toEqual(["hoi", "nghi"]);
  });

  it("makes keys only of the key alphabet, none for a deleted asset", () => {
    const a = {
      _id: "6750a1c2e4b0a1b2c3d4e5f6",
      portalId: "stttt",
      kind: "image" as const,
      filename: "Ảnh «đẹp».jpg",
      sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      title: "Hội nghị <script>",
    };
    const keys = keysOf(a);
    expect(keys).toContain("stttt|a|6750a1c2e4b0a1b2c3d4e5f6");
    expect(keys).toContain("stttt|k:image|6750a1c2e4b0a1b2c3d4e5f6");
    expect(keys).toContain("stttt|w:script|6750a1c2e4b0a1b2c3d4e5f6");
    expect(keys.every((k) => /^[A-Za-z0-9:|._~-]+$/.test(k))).toBe(true);
    expect(keysOf({ ...a, deletedAt: new Date() })).toEqual([]);
  });

  it("encodes an opaque cursor and still takes a bare asset id", () => {
    const id = "6750a1c2e4b0a1b2c3d4e5f6";
    for (const inclusive of [true, false]) {
      expect(cursor.encode({ id, inclusive })).not.toContain(id);
      expect(cursor.decode(cursor.encode({ id, inclusive }))).toEqual({ id, inclusive });
    }
    expect(cursor.decode(id)).toEqual({ id, inclusive: false });
    expect(cursor.decode("bad")).toBeUndefined();
    expect(cursor.decode("../../x")).toBeUndefined();
  });
});
