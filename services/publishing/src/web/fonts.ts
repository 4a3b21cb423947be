// The portals' typeface (issue 17): Be Vietnam Pro (SIL Open Font License 1.1, from @fontsource),
// regular and bold, in the two subsets that cover every Vietnamese and English letter (vietnamese:
// ă â đ ê ô ơ ư and the tone marks; latin: the rest) — latin-ext is left out: its range overlaps
// Vietnamese letters, so a browser would fetch it for every page too (2 more files, ~33 KB). Self-hosted — no request leaves the portal's origin — each file at
// `/static/<subset>-<weight>-<hash>.woff2`, cached a year. The @font-face rules come from the
// package's own CSS (its unicode ranges), with each file's address replaced by its hashed one, so the
// browser loads only the subsets a page's text needs.
import fs from "node:fs";
import path from "node:path";
import { hashedPath } from "./static-files";

const PACKAGE = "@fontsource/be-vietnam-pro";
const SUBSETS = ["vietnamese", "latin"] as const;
const WEIGHTS = [400, 700] as const;

export interface FontFile {
  path: string;
  body: Buffer;
}

const dir = path.dirname(require.resolve(`${PACKAGE}/package.json`));

/** one @font-face block of the package's `<weight>.css` per subset, keyed `<subset>-<weight>` */
function faceBlocks(weight: number): Map<string, string> {
  const css = fs.readFileSync(path.join(dir, `${weight}.css`), "utf8");
  const out = new Map<string, string>();
  for (const m of css.matchAll(
    /\/\* be-vietnam-pro-([a-z-]+)-(\d+)-normal \*\/\s*(@font-face\s*\{[^}]*\})/g,
  )) {
    const [, subset, w, block] = m;
    if (subset && w && block) out.set(`${subset}-${w}`, block);
  }
  return out;
}

function build(): { files: FontFile[]; css: string } {
  const files: FontFile[] = [];
  const faces: string[] = [];
  for (const weight of WEIGHTS) {
    const blocks = faceBlocks(weight);
    for (const subset of SUBSETS) {
      const block = blocks.get(`${subset}-${weight}`);
      if (!block) throw new Error(`${PACKAGE}: no ${subset} ${weight} face in ${weight}.css`);
      const body = fs.readFileSync(
        path.join(dir, "files", `be-vietnam-pro-${subset}-${weight}-normal.woff2`),
      );
      const at = hashedPath(`be-vietnam-pro-${subset}-${weight}`, "woff2", body);
      files.push({ path: at, body });
      faces.push(block.replace(/src:[^;]*;/, `src: url(${at}) format('woff2');`));
    }
  }
  return { files, css: `${faces.join("\n")}\n` };
}

const built = build();

/** the font files, each under its hashed address */
export const FONT_FILES: readonly FontFile[] = built.files;
/** the @font-face rules, first in the stylesheet */
export const FONT_FACES_CSS: string = built.css;
