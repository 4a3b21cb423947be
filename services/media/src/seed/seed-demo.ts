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
  /** a portal's banner emblem (issue 17): drawn as a round seal, a PNG without camera data */
  emblem?: boolean;
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

/** A demo emblem: a round seal in the portal's colours with a star and its short name (not the state emblem). */
function drawDemoEmblem(img: DemoImage): Promise<Buffer> {
  const star = Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 ? 62 : 150;
    const a = (Math.PI / 5) * i - Math.PI / 2;
    return `${(256 + r * Math.cos(a)).toFixed(1)},${(230 + r * Math.sin(a)).toFixed(1)}`;
  }).join(" ");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512">
<circle cx="256" cy="256" r="248" fill="${img.to}"/>
<circle cx="256" cy="256" r="226" fill="${img.from}"/>
<circle cx="256" cy="256" r="206" fill="none" stroke="${img.to}" stroke-width="6"/>
<polygon points="${star}" fill="${img.to}"/>
<text x="256" y="418" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="${img.caption.length > 6 ? 52 : 64}" font-weight="bold" fill="#ffffff">${escapeHtml(img.caption)}</text>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function drawDemoImage(img: DemoImage): Promise<Buffer> {
  if (img.emblem) return drawDemoEmblem(img);
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
    const [mime, filename] = img.emblem
      ? ["image/png", `bieu-trung-${img.portalId}.png`]
      : ["image/jpeg", `${img.itemKey}.jpg`];
    const stored = await streamUpload({
      client: d.s3,
      bucket: d.bucket,
      key: keyOf({ _id: img.assetId, portalId: img.portalId }, ORIGINAL),
      body: Readable.from([data]),
      declaredMime: mime,
      filename,
      limitFor: () => d.limits.image,
      sniff: async (head) => (await (await import("file-type/node")).fileTypeFromBuffer(head))?.mime,
      partSize: d.partSize,
    });
    await register(d, {
      id: img.assetId,
      portalId: img.portalId,
      stored,
      filename,
      fields: { altText: img.alt, title: img.emblem ? img.alt : img.caption },
      by: SEEDER,
    });
    created.push(img.assetId);
    log(`image ${img.portalId}/${img.assetId} (${img.caption})`);
  }
  await d.processor.drained();
  return { created, unchanged };
}
