// Search over what citizens can read (R-STD): an item is also found by the text of a document
// attached to it (a legal document's PDF), once media has extracted that text.
import { portal, snapshot } from "../../test/samples";
import { ReadModel } from "../readmodel/readmodel";
import { SearchIndex } from "./search.index";

describe("search index", () => {
  it("finds an item by words that appear only in its attached document, after the text arrives", async () => {
    const model = new ReadModel();
    const index = new SearchIndex(model);
    index.build();
    await model.applyPortal(portal("stttt"), "2026-11-01T00:00:00.000Z");
    const item = snapshot("stttt", "itemvanban0001", 1, "Quyết định ban hành quy chế", "quyet-dinh-quy-che", {
      media: [{ assetId: "a1b2c3d4e5f60718293a4b5c", role: "attachment", decorative: false }],
    });
    await model.applyPublished(item, "2026-11-01T00:00:00.000Z");
    const find = (q: string) =>
      index.search(q, { portals: new Set(["stttt"]), locale: "vi", limit: 10 }).hits.map((h) => h.item._id);
    expect(find("hạ tầng viễn thông thụ động")).toEqual([]);
    await model.applyAsset({
      _id: "a1b2c3d4e5f60718293a4b5c",
      portalId: "stttt",
      kind: "document",
      renditions: [{ name: "original", mimeType: "application/pdf" }],
      decorative: false,
      text: "Điều 1. Quy định về quản lý hạ tầng viễn thông thụ động trên địa bàn tỉnh Bắc Giang.",
      processedAt: "2026-11-01T00:05:00.000Z",
    });
    expect(find("hạ tầng viễn thông thụ động")).toEqual(["itemvanban0001"]);
    // unaccented queries too, as citizens type them
    expect(find("ha tang vien thong")).toEqual(["itemvanban0001"]);
  });
});
