// R-PII: GPS EXIF is removed from every rendition and from the sanitized original.
import sharp from "sharp";
import { photoWithGps } from "../../test/samples";
import { buildRenditions } from "./renditions";

describe("buildRenditions (R-PII)", () => {
  it("strips GPS EXIF from every output", async () => {
    const input = await photoWithGps();
    const inMeta = await sharp(input).metadata();
    expect(inMeta.exif).toBeDefined();
    expect(inMeta.exif?.toString("latin1")).toContain("CongTest");
    const outs = await buildRenditions(input);
    expect(outs.map((o) => o.name).sort()).toEqual(
      ["full.jpg", "w1280.jpg", "w1280.webp", "w320.jpg", "w320.webp", "w640.jpg", "w640.webp"].sort(),
    );
    for (const o of outs) {
      const m = await sharp(o.buffer).metadata();
      expect(m.exif).toBeUndefined();
      expect(o.buffer.toString("latin1")).not.toContain("CongTest");
    }
    expect(outs.find((o) => o.name === "w320.webp")?.width).toBe(320);
  });
  it("never upscales a small image", async () => {
    const small = await sharp({ create: { width: 200, height: 100, channels: 3, background: "#fff" } })
      .png()
      .toBuffer();
    const outs = await buildRenditions(small);
    expect(outs.every((o) => o.width <= 200)).toBe(true);
  });
});
