// Builds the admin's static files: the browser islands (esbuild, one bundle each) and the
// stylesheet, named by their content hash (cached for a year), and a manifest the pages read.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "dist/public");
const ISLANDS = ["session", "editor", "upload", "subdomain", "progress"];

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const hashed = (name, ext, bytes) => {
  const h = createHash("sha256").update(bytes).digest("hex").slice(0, 12);
  const file = `${name}.${h}.${ext}`;
  fs.writeFileSync(path.join(out, file), bytes);
  return `/static/${file}`;
};

const manifest = { css: "", icon: "", js: {} };
for (const name of ISLANDS) {
  const r = await build({
    entryPoints: [path.join(here, `src/client/${name}.ts`)],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["chrome109", "firefox115", "safari15"],
    write: false,
    legalComments: "none",
    charset: "utf8",
  });
  manifest.js[name] = hashed(name, "js", r.outputFiles[0].contents);
}
const css = await build({
  entryPoints: [path.join(here, "src/styles/admin.css")],
  bundle: true,
  minify: true,
  write: false,
  charset: "utf8",
});
manifest.css = hashed("admin", "css", css.outputFiles[0].contents);
manifest.icon = hashed("icon", "svg", fs.readFileSync(path.join(here, "src/styles/icon.svg")));
fs.writeFileSync(path.join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(
  `admin static files: ${Object.values(manifest.js).length + 1} in ${path.relative(process.cwd(), out)}\n`,
);
