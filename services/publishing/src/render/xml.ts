// XML built as a tree, never concatenated (issue 15.3): feeds and sitemaps are `el()` nodes whose
// text and attribute values are plain strings, escaped exactly once when the tree is written.
// Characters XML 1.0 cannot carry (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/F)
// and C1 controls are dropped; `&`, `<`, `>` (so `]]>` too) and quotes become hexadecimal
// references, the form the RSS Best Practices Profile recommends for plain text; CR, LF and tab
// in attribute values become references so attribute normalisation cannot turn them into spaces.

export type XmlChild = XmlNode | string | number | null | undefined | false | XmlChild[];
export type XmlAttrs = Record<string, string | number | undefined>;

export class XmlNode {
  constructor(
    readonly name: string,
    readonly attrs: XmlAttrs,
    readonly children: XmlChild[],
  ) {}
}

const NAME = /^[A-Za-z_][A-Za-z0-9._:-]*$/;

/** An element; `null`/`undefined`/`false` children and `undefined` attributes are left out. */
export function el(name: string, attrs: XmlAttrs | null, ...children: XmlChild[]): XmlNode {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${name}`);
  for (const k of Object.keys(attrs ?? {})) if (!NAME.test(k)) throw new Error(`not an XML name: ${k}`);
  return new XmlNode(name, attrs ?? {}, children);
}

/** Keeps only characters XML 1.0 allows (and drops C1 controls, which are never text). */
export function xmlChars(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = s.charCodeAt(i + 1);
      if (n >= 0xdc00 && n <= 0xdfff) {
        out += s[i] + (s[i + 1] as string);
        i++;
      }
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    if (c < 0x20 ? c === 0x09 || c === 0x0a || c === 0x0d : !(c >= 0x7f && c <= 0x9f) && c < 0xfffe)
      out += s[i];
  }
  return out;
}

const TEXT_REF: Record<string, string> = { "&": "&#x26;", "<": "&#x3C;", ">": "&#x3E;", "\r": "&#xD;" };
const ATTR_REF: Record<string, string> = {
  ...TEXT_REF,
  '"': "&#x22;",
  "'": "&#x27;",
  "\t": "&#x9;",
  "\n": "&#xA;",
};

export function escapeXmlText(s: string): string {
  return xmlChars(s).replace(/[&<>\r]/g, (c) => TEXT_REF[c] as string);
}

export function escapeXmlAttr(s: string): string {
  return xmlChars(s).replace(/[&<>"'\t\n\r]/g, (c) => ATTR_REF[c] as string);
}

function write(child: XmlChild, out: string[]): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) write(c, out);
    return;
  }
  if (!(child instanceof XmlNode)) {
    out.push(escapeXmlText(String(child)));
    return;
  }
  let open = `<${child.name}`;
  for (const [k, v] of Object.entries(child.attrs))
    if (v !== undefined) open += ` ${k}="${escapeXmlAttr(String(v))}"`;
  if (
    !child.children.some(
      (c) => c !== null && c !== undefined && c !== false && !(Array.isArray(c) && !c.length),
    )
  ) {
    out.push(`${open}/>`);
    return;
  }
  out.push(`${open}>`);
  for (const c of child.children) write(c, out);
  out.push(`</${child.name}>`);
}

/** A whole document: the UTF-8 declaration, the root, one element per line below the root. */
export function xmlDocument(root: XmlNode): string {
  const out: string[] = [];
  write(root, out);
  // a line break after each closing tag of the root's children keeps feeds readable
  return `<?xml version="1.0" encoding="UTF-8"?>\n${out.join("").replace(/(<\/(?:item|entry|url|sitemap)>)/g, "$1\n")}\n`;
}
