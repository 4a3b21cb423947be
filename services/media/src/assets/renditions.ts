import sharp from "sharp";

/** Widths of image renditions (R-PII: every output is re-encoded without metadata). */
export const WIDTHS = [320, 640, 1280] as const;

export interface RenditionOut {
  name: string;
  mimeType: "image/webp" | "image/jpeg";
  width: number;
  height: number;
  buffer: Buffer;
}

/**
 * Builds WebP + JPEG renditions at 320/640/1280 px wide (never upscaled) plus a
 * sanitized full-size JPEG "full.jpg" (the upload itself is not kept: R-PII). sharp drops EXIF/GPS/XMP/ICC-free metadata
 * unless withMetadata/withExif is called, and .rotate() applies the EXIF orientation first.
 */
export async function buildRenditions(input: Buffer): Promise<RenditionOut[]> {
  const base = sharp(input, { failOn: "error", limitInputPixels: 100_000_000 }).rotate();
  const meta = await base.metadata();
  const srcWidth = meta.autoOrient?.width ?? meta.width ?? 0;
  const out: RenditionOut[] = [];
  const widths = [...new Set(WIDTHS.map((w) => Math.min(w, srcWidth)))].filter((w) => w > 0);
  for (const w of widths) {
    for (const [fmt, mimeType] of [
      ["webp", "image/webp"],
      ["jpeg", "image/jpeg"],
    ] as const) {
      const pipeline = base.clone().resize({ width: w, withoutEnlargement: true });
      const { data, info } = await (fmt === "webp"
        ? pipeline.webp({ quality: 80 })
        : pipeline.jpeg({ quality: 82, mozjpeg: true })
      ).toBuffer({
        resolveWithObject: true,
      });
      out.push({
        name: `w${w}.${fmt === "jpeg" ? "jpg" : "webp"}`,
        mimeType,
        width: info.width,
        height: info.height,
        buffer: data,
      });
    }
  }
  const { data, info } = await base.clone().jpeg({ quality: 90 }).toBuffer({ resolveWithObject: true });
  out.push({
    name: "full.jpg",
    mimeType: "image/jpeg",
    width: info.width,
    height: info.height,
    buffer: data,
  });
  return out;
}
