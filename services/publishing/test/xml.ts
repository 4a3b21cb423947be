// A strict reader of the XML publishing writes (feeds, sitemaps), for tests: it refuses what an
// XML 1.0 parser refuses — a character XML cannot carry, a `&` that is not a reference, a `<`
// that starts no tag, `]]>` in text, unbalanced tags, a repeated attribute — and gives back the
// tree with every reference decoded once. No DTDs, comments or CDATA: publishing writes none.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  return raw.replace(/&([^;]*);|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare & in ${where}`);
    if (ref in NAMED) return NAMED[ref] as string;
    const n = /^#x[0-9a-fA-F]+$/.test(ref)
      ? Number.parseInt(ref.slice(2), 16)
      : /^#[0-9]+$/.test(ref)
        ? Number.parseInt(ref.slice(1), 10)
        : Number.NaN;
    if (!allowed(n)) throw new Error(`bad reference ${m} in ${where}`);
    return String.fromCodePoint(n);
  });
}

function allowed(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

export function parseXml(doc: string): XmlElement {
  for (const ch of doc) {
    const c = ch.codePointAt(0) as number;
    if (!allowed(c)) throw new Error(`character U+${c.toString(16)} is not allowed in XML`);
  }
  let s = doc.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, "");
  if (s === doc) throw new Error("no UTF-8 XML declaration");
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const TAG = /^<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*(\/?)>/;
  while (s.length) {
    const lt = s.indexOf("<");
    const text = lt === -1 ? s : s.slice(0, lt);
    if (text) {
      if (text.includes("]]>")) throw new Error("]]> in text");
      const top = stack[stack.length - 1];
      if (!top) {
        if (text.trim()) throw new Error("text outside the root");
      } else top.children.push(decode(text, `<${top.name}>`));
    }
    if (lt === -1) break;
    s = s.slice(lt);
    const m = TAG.exec(s);
    if (!m) throw new Error(`a < that starts no tag: ${s.slice(0, 40)}`);
    const [whole, close, name, attrText, selfClose] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    s = s.slice(whole.length);
    if (close) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([A-Za-z_][\w.:-]*)="([^"]*)"/g)) {
      const [, k, v] = a as unknown as [string, string, string];
      if (k in attrs) throw new Error(`attribute ${k} twice`);
      attrs[k] = decode(v, `@${k}`);
    }
    const node: XmlElement = { name, attrs, children: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else if (root) throw new Error("two roots");
    else root = node;
    if (!selfClose) stack.push(node);
  }
  if (stack.length || !root) throw new Error("unclosed elements");
  return root;
}

/** Descendants named `name`, in document order. */
export function all(e: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of e.children)
    if (typeof c !== "string") {
      if (c.name === name) out.push(c);
      out.push(...all(c, name));
    }
  return out;
}

/** The text of an element (its string children joined). */
export function text(e: XmlElement | undefined): string {
  return (e?.children ?? []).map((c) => (typeof c === "string" ? c : text(c))).join("");
}

export function child(e: XmlElement, name: string): XmlElement | undefined {
  return e.children.find((c): c is XmlElement => typeof c !== "string" && c.name === name);
}
