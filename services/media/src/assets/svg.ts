// Decides whether an uploaded SVG is safe to keep (R-FMT, issue 15 class 6) on a real XML parse
// (saxes: strict, namespace-aware, no DTD processing — an entity it was not told about is an
// error, so no external or recursive entity can be expanded). The decision is an allow-list:
//   - elements: the static SVG elements below (shapes, text, paint servers, filters, `style`…),
//     in the SVG namespace (or none); editors' own namespaces (Inkscape, Sodipodi, RDF/CC/DC
//     metadata, Sketch, Serif, Adobe) are tolerated as inert data; every other element — script,
//     foreignObject, animation (animate, set, animateTransform, animateMotion, …), XHTML or any
//     unknown namespace — refuses the file;
//   - attributes: none named `on…` (event handlers), no `xml:base`, attributes of unknown
//     namespaces refused; `href` / `xlink:href` only to a local fragment (`#id`) or an embedded
//     raster (`data:image/png|jpeg|gif|webp;base64,…` whose bytes are that type);
//   - CSS (`<style>` and every attribute value, after CSS escapes and comments are resolved): no
//     `@import`, no `url(` but to `#id`, no `expression(`, `javascript:`/`vbscript:`, behaviours or
//     bindings, no image functions that load (`image-set(`, `image(`, `cross-fade(`, `element(`);
//   - the prolog: the XML declaration only — no other processing instruction (`xml-stylesheet`),
//     no DOCTYPE but the W3C's SVG ones without an internal subset (no entities).
// Media never serves an SVG (images are rasterised, the upload removed); this check keeps what
// sharp/librsvg rasterises from loading anything or carrying script.
import { type SaxesAttributeNS, SaxesParser, type SaxesTagNS } from "saxes";
import { refuse } from "./inspect";

const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";
const XML_NS = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";

/** Static SVG 1.1 / 2 elements: nothing that runs, animates, embeds HTML or loads fonts/profiles. */
const ELEMENTS = new Set([
  "svg",
  "g",
  "defs",
  "desc",
  "title",
  "metadata",
  "symbol",
  "use",
  "image",
  "switch",
  "a",
  "view",
  "style",
  "path",
  "rect",
  "circle",
  "ellipse",
  "line",
  "polyline",
  "polygon",
  "text",
  "tspan",
  "textPath",
  "linearGradient",
  "radialGradient",
  "stop",
  "pattern",
  "clipPath",
  "mask",
  "marker",
  "filter",
  "feBlend",
  "feColorMatrix",
  "feComponentTransfer",
  "feComposite",
  "feConvolveMatrix",
  "feDiffuseLighting",
  "feDisplacementMap",
  "feDistantLight",
  "feDropShadow",
  "feFlood",
  "feFuncA",
  "feFuncB",
  "feFuncG",
  "feFuncR",
  "feGaussianBlur",
  "feImage",
  "feMerge",
  "feMergeNode",
  "feMorphology",
  "feOffset",
  "fePointLight",
  "feSpecularLighting",
  "feSpotLight",
  "feTile",
  "feTurbulence",
]);

/** Namespaces of editors' data (never rendered, never run): their elements and attributes pass. */
const EDITOR_NS = new Set([
  "http://www.inkscape.org/namespaces/inkscape",
  "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  "http://creativecommons.org/ns#",
  "http://web.resource.org/cc/",
  "http://purl.org/dc/elements/1.1/",
  "http://purl.org/dc/terms/",
  "http://www.bohemiancoding.com/sketch/ns",
  "http://www.serif.com/",
  "adobe:ns:meta/",
]);
const isEditorNs = (uri: string) => EDITOR_NS.has(uri) || uri.startsWith("http://ns.adobe.com/");

/** The only DOCTYPEs accepted: the W3C's SVG DTDs named by public id, without an internal subset. */
const SVG_DOCTYPE =
  /^\s*svg\s+PUBLIC\s+"-\/\/W3C\/\/DTD SVG [0-9.]+(?: Tiny| Basic)?\/\/EN"\s+"http:\/\/www\.w3\.org\/Graphics\/SVG\/[0-9.]+\/DTD\/svg[0-9a-z-]*\.dtd"\s*$/;

const RASTER_MAGIC: Record<string, (b: Buffer) => boolean> = {
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  gif: (b) => b.subarray(0, 4).toString("latin1") === "GIF8",
  webp: (b) =>
    b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
};

/** Why an `href` is unsafe, or null: a local fragment or an embedded raster image only. */
export function unsafeHref(value: string): string | null {
  const v = value.trim();
  if (/^#[^\s"'<>()\\]+$/.test(v)) return null;
  const data = /^data:image\/(png|jpeg|jpg|gif|webp)(?:;[a-z0-9=._-]+)*;base64,([A-Za-z0-9+/=\s]+)$/i.exec(v);
  if (data) {
    const bytes = Buffer.from((data[2] as string).replace(/\s+/g, "").slice(0, 64), "base64");
    const kind = (data[1] as string).toLowerCase();
    return RASTER_MAGIC[kind]?.(bytes) ? null : `embedded image that is not ${kind}`;
  }
  return "reference to something outside the file";
}

/** CSS as a browser reads it: comments gone, escapes (`\75 rl(`, `\@import`) resolved, lower case. */
function cssText(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, "")
    .replace(/\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\r\n|[\r\n\f]|([\s\S]))/g, (_m, hex, ch) =>
      hex ? String.fromCodePoint(Math.min(Number.parseInt(hex, 16), 0x10ffff) || 0xfffd) : (ch ?? ""),
    )
    .replace(/\0/g, "")
    .toLowerCase();
}

/** Why some CSS (a `<style>` or an attribute value) is unsafe, or null. */
export function unsafeCss(raw: string): string | null {
  const css = cssText(raw);
  if (css.includes("@import")) return "CSS @import";
  if (/expression\s*\(/.test(css)) return "CSS expression()";
  // a browser ignores spaces and control characters inside a URL's scheme
  const squeezed = Array.from(css)
    .filter((c) => c.charCodeAt(0) > 0x20)
    .join("");
  if (/(?:java|vb)script:/.test(squeezed)) return "javascript: URL";
  if (/(?:^|[^a-z0-9_-])(?:behavior|-moz-binding)\s*:/.test(css)) return "CSS behavior/binding";
  if (/(?:^|[^a-z0-9_-])(?:-webkit-)?(?:image-set|image|cross-fade|element|-moz-element|src)\s*\(/.test(css))
    return "CSS image function";
  for (let i = css.indexOf("url("); i >= 0; i = css.indexOf("url(", i + 4)) {
    let j = i + 4;
    while (/\s/.test(css[j] ?? "")) j++;
    if (css[j] === '"' || css[j] === "'") j++;
    if (css[j] !== "#") return "CSS url() outside the file";
  }
  return null;
}

const unsafe = (what: string): never =>
  refuse(
    "SVG_SCRIPTED",
    `Ảnh SVG chứa nội dung không an toàn (${what}).`,
    `SVG contains unsafe content (${what}).`,
  );

function checkAttribute(a: SaxesAttributeNS): void {
  const { uri, local, name, value } = a;
  if (uri === XMLNS_NS || name === "xmlns") return; // namespace declarations
  if (/^on/i.test(local)) unsafe(`event handler ${name}`);
  if (uri === XML_NS) {
    if (local !== "space" && local !== "lang" && local !== "id") unsafe(`attribute ${name}`);
    return;
  }
  if (uri && uri !== XLINK_NS && uri !== SVG_NS && !isEditorNs(uri)) unsafe(`attribute ${name} (${uri})`);
  if (local === "href" && (!uri || uri === XLINK_NS)) {
    const why = unsafeHref(value);
    if (why) unsafe(`${name}: ${why}`);
    return;
  }
  const why = unsafeCss(value);
  if (why) unsafe(`${name}: ${why}`);
}

/** Refuses (RefusedFile) an SVG that is not well-formed or holds anything outside the allow-list. */
export function checkSvg(text: string): void {
  const parser = new SaxesParser({ xmlns: true });
  let root = true;
  let styleDepth = 0;
  let css = "";
  parser.on("error", (e) =>
    refuse(
      "SVG_INVALID",
      `Ảnh SVG không đúng cú pháp XML (${e.message.split("\n")[0]}).`,
      `SVG is not well-formed XML (${e.message.split("\n")[0]}).`,
    ),
  );
  parser.on("processinginstruction", (pi) => unsafe(`processing instruction <?${pi.target}?>`));
  parser.on("doctype", (d) => {
    if (!SVG_DOCTYPE.test(d)) unsafe("DTD/entity");
  });
  parser.on("opentag", (tag: SaxesTagNS) => {
    const { uri, local, name } = tag;
    if (root) {
      root = false;
      if (local !== "svg" || (uri && uri !== SVG_NS))
        refuse("SVG_INVALID", "Tệp không phải ảnh SVG.", "The file is not an SVG image.");
    }
    if (!uri || uri === SVG_NS) {
      if (!ELEMENTS.has(local)) unsafe(`element <${name}>`);
    } else if (!isEditorNs(uri)) unsafe(`element <${name}> (${uri})`);
    for (const a of Object.values(tag.attributes) as SaxesAttributeNS[]) checkAttribute(a);
    if (local === "style" && (!uri || uri === SVG_NS)) styleDepth++;
  });
  parser.on("closetag", (tag) => {
    if (tag.local === "style" && styleDepth > 0 && --styleDepth === 0) {
      const why = unsafeCss(css);
      if (why) unsafe(`<style>: ${why}`);
      css = "";
    }
  });
  const styleText = (t: string) => {
    if (styleDepth > 0) css += t;
  };
  parser.on("text", styleText);
  parser.on("cdata", styleText);
  parser.write(text.replace(/^\uFEFF/, "")).close();
  if (root) refuse("SVG_INVALID", "Tệp không phải ảnh SVG.", "The file is not an SVG image.");
}
