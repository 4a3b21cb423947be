// `cli seed-demo`: the demo images of infra/demo/images.json, drawn here (a gradient with the
// caption centred, so a card's crop keeps it, as a JPEG carrying camera EXIF with GPS, so the
// demo shows it removed, R-PII) and
// registered through the same path as an upload: stored, checked by bytes, renditions made,
// events sent. Fixed ids make it idempotent.
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { Actor } from "@cong/contracts";
import { escapeHtml } from "@cong/text";
import sharp from "sharp";
import type { AssetDoc } from "../assets/asset.types";
import { keyOf, ORIGINAL } from "../assets/asset.types";
import { register } from "../assets/library";
import { streamUpload } from "../assets/store";
import type { RouteDeps } from "../routes";

export interface DemoImage {
  assetId: string;
  portalId: string;
  itemKey: string;
  caption: string;
  alt: string;
  from: string;
  to: string;
}

const SEEDER: Actor = { id: "system:seed", username: "system:seed", name: "Dữ liệu mẫu" };

/** Finds a file by walking up from here (works from src/ and dist/). */
function findUp(rel: string, from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const p = path.join(dir, rel);
    if (fs.existsSync(p)) return p;
    if (path.dirname(dir) === dir) throw new Error(`${rel} not found above ${from}`);
  }
}

export function demoImages(): DemoImage[] {
  return (JSON.parse(fs.readFileSync(findUp("infra/demo/images.json"), "utf8")) as { images: DemoImage[] })
    .images;
}

export async function drawDemoImage(img: DemoImage): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${img.from}"/><stop offset="1" stop-color="${img.to}"/></linearGradient></defs>
<rect width="1600" height="900" fill="url(#g)"/>
<circle cx="1300" cy="200" r="260" fill="#ffffff" fill-opacity="0.08"/>
<text x="800" y="760" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="72" font-weight="bold" fill="#ffffff">${escapeHtml(img.caption)}</text>
<text x="800" y="830" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="34" fill="#ffffff" fill-opacity="0.85">Cổng thông tin điện tử tỉnh Bắc Giang — ảnh mẫu</text>
</svg>`;
  return sharp(Buffer.from(svg))
    .jpeg({ quality: 88 })
    .withExif({
      IFD0: { Make: "Cong demo camera" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "21/1 16/1 0/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "106/1 12/1 0/1",
      },
    })
    .toBuffer();
}

export async function seedDemo(
  d: RouteDeps,
  log: (line: string) => void,
): Promise<{ created: string[]; unchanged: number }> {
  const created: string[] = [];
  let unchanged = 0;
  for (const img of demoImages()) {
    const existing: AssetDoc | null = await d.assets.findOne({ _id: img.assetId });
    if (existing && !existing.deletedAt) {
      if (existing.status === "processing") d.processor.enqueue(img.assetId);
      unchanged++;
      continue;
    }
    const data = await drawDemoImage(img);
    const stored = await streamUpload({
      client: d.s3,
      bucket: d.bucket,
      key: keyOf({ _id: img.assetId, portalId: img.portalId }, ORIGINAL),
      body: Readable.from([data]),
      declaredMime: "image/jpeg",
      filename: `${img.itemKey}.jpg`,
      limitFor: () => d.limits.image,
      sniff: async (head) => (await (await import("file-type/node")).fileTypeFromBuffer(head))?.mime,
      partSize: d.partSize,
    });
    await register(d, {
      id: img.assetId,
      portalId: img.portalId,
      stored,
      filename: `${img.itemKey}.jpg`,
      fields: { altText: img.alt, title: img.caption },
      by: SEEDER,
    });
    created.push(img.assetId);
    log(`image ${img.portalId}/${img.assetId} (${img.caption})`);
  }
  await d.processor.drained();
  return { created, unchanged };
}
