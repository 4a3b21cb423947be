// The demo data itself (issue 17, no servers): every mandatory category of every demo portal has
// an item, legal documents carry full metadata, texts are NFC, covers belong to their portal.
import fs from "node:fs";
import path from "node:path";
import { seedCategories } from "../src/portals/categories";
import { DEMO_CONTENT, type DemoItem } from "../src/seed/demo-content";

const root = path.join(__dirname, "../../..");
const portals = (
  JSON.parse(fs.readFileSync(path.join(root, "infra/demo/portals.json"), "utf8")) as {
    portals: { id: string; kind: "province" | "department" | "district"; languages?: string[] }[];
  }
).portals;
const images = (
  JSON.parse(fs.readFileSync(path.join(root, "infra/demo/images.json"), "utf8")) as {
    images: {
      assetId: string;
      portalId: string;
      itemKey: string;
      caption: string;
      alt: string;
      emblem?: boolean;
    }[];
  }
).images;

const texts = (i: DemoItem): string[] =>
  [i.title, i.summary, i.bodyHtml, i.en?.title, i.en?.summary, i.en?.bodyHtml, ...(i.tags ?? [])]
    .concat(i.legal ? [i.legal.number, i.legal.docType, i.legal.issuer, i.legal.signer] : [])
    .filter((t): t is string => typeof t === "string");

describe.each(portals.map((p) => [p.id, p] as const))("demo portal %s", (id, portal) => {
  const items = DEMO_CONTENT[id] ?? [];
  const published = items.filter((i) => !i.draftOnly);

  it("has a published item in every mandatory category of its kind", () => {
    const mandatory = seedCategories(portal.kind).filter((c) => c.mandatory);
    const missing = mandatory
      .map((c) => c.categoryId)
      .filter((c) => !published.some((i) => i.categoryId === c));
    expect(missing).toEqual([]);
    for (const i of items)
      expect(seedCategories(portal.kind).map((c) => c.categoryId)).toContain(i.categoryId);
  });

  it("has unique keys, a body of at least one paragraph and the kinds the home page shows", () => {
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
    for (const i of items) expect(i.bodyHtml).toMatch(/<(p|ul|blockquote)>/);
    for (const kind of ["article", "legal-document", "draft-for-comment", "procurement", "qa"])
      expect(published.filter((i) => i.kind === kind).length).toBeGreaterThanOrEqual(1);
    expect(published.some((i) => i.kind === "draft-for-comment" && (i.commentDays ?? 0) >= 20)).toBe(true);
  });

  it("gives every legal document its full metadata", () => {
    for (const i of items.filter((x) => x.kind === "legal-document")) {
      expect(i.legal).toBeDefined();
      const l = i.legal as NonNullable<DemoItem["legal"]>;
      expect(l.number).toMatch(/^\d+\/(\d{4}\/)?[A-ZĐ-]+/);
      for (const f of [l.docType, l.issuer, l.signer]) expect(f.trim().length).toBeGreaterThan(2);
      expect(l.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(l.effectiveOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(["not-yet-effective", "in-force", "partly-expired", "expired"]).toContain(l.validity);
    }
  });

  it("writes every text in NFC, English only where the portal offers it", () => {
    for (const i of items) for (const t of texts(i)) expect(t).toBe(t.normalize("NFC"));
    const en = items.filter((i) => i.en);
    if (!(portal.languages ?? []).includes("en")) expect(en).toEqual([]);
    else expect(en.length).toBeGreaterThanOrEqual(2);
  });

  it("has covers drawn for its news, each for an item of this same portal, and one emblem", () => {
    const emblems = images.filter((img) => img.portalId === id && img.emblem);
    expect(emblems).toHaveLength(1);
    for (const t of [emblems[0]?.caption ?? "", emblems[0]?.alt ?? ""]) expect(t).toBe(t.normalize("NFC"));
    const mine = images.filter((img) => img.portalId === id && !img.emblem);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const img of mine) {
      expect(items.map((i) => i.key)).toContain(img.itemKey);
      for (const t of [img.caption, img.alt]) expect(t).toBe(t.normalize("NFC"));
    }
  });
});

it("gives each demo image a unique id of 24 hex digits", () => {
  expect(new Set(images.map((i) => i.assetId)).size).toBe(images.length);
  for (const i of images) expect(i.assetId).toMatch(/^[0-9a-f]{24}$/);
});
