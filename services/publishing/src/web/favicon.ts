// The portals' favicon (issue 17): an SVG (a gold star on red, on the portals' blue) served under a
// name carrying its content hash, cached for a year, and the same drawing as a 32×32 ICO at
// /favicon.ico for browsers and tools that ask for that address. Both are built here, so `dist/`
// needs no copy step.
import { hashedPath } from "./static-files";

const BLUE = [0x0b, 0x3d, 0x91] as const;
const RED = [0xda, 0x25, 0x1d] as const;
const GOLD = [0xff, 0xcd, 0x00] as const;

/** the five-pointed star's corners, centred on (16, 16.5) */
function star(): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? 8.5 : 3.4;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push([16 + r * Math.cos(a), 16.5 + r * Math.sin(a)]);
  }
  return pts;
}
const STAR = star();

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b3d91"/><circle cx="16" cy="16" r="13" fill="#da251d"/><polygon fill="#ffcd00" points="${STAR.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(" ")}"/></svg>`;

export const FAVICON_PATH = hashedPath("favicon", "svg", FAVICON_SVG);

function inStar(x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = STAR.length - 1; i < STAR.length; j = i++) {
    const [xi, yi] = STAR[i] as [number, number];
    const [xj, yj] = STAR[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** the same drawing as a 32×32, 32-bit ICO (one BMP image) */
function ico(): Buffer {
  const size = 32;
  const pixels = Buffer.alloc(size * size * 4);
  for (let row = 0; row < size; row++) {
    for (let x = 0; x < size; x++) {
      const cx = x + 0.5;
      const cy = size - row - 0.5; // BMP rows run bottom-up
      const c = inStar(cx, cy) ? GOLD : (cx - 16) ** 2 + (cy - 16) ** 2 <= 169 ? RED : BLUE;
      const o = (row * size + x) * 4;
      pixels[o] = c[2];
      pixels[o + 1] = c[1];
      pixels[o + 2] = c[0];
      pixels[o + 3] = 0xff;
    }
  }
  const mask = Buffer.alloc(size * 4); // 1 bit a pixel, rows padded to 32 bits: all opaque
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour rows + mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(pixels.length + mask.length, 20);
  const image = Buffer.concat([header, pixels, mask]);
  const dir = Buffer.alloc(6 + 16);
  dir.writeUInt16LE(1, 2); // type: icon
  dir.writeUInt16LE(1, 4); // one image
  dir.writeUInt8(size, 6);
  dir.writeUInt8(size, 7);
  dir.writeUInt16LE(1, 10);
  dir.writeUInt16LE(32, 12);
  dir.writeUInt32LE(image.length, 14);
  dir.writeUInt32LE(22, 18);
  return Buffer.concat([dir, image]);
}

export const FAVICON_ICO = ico();
