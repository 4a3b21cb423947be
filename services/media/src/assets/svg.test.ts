// The SVG allow-list (issue 15 class 6) on a real XML parse: each hostile variant is refused with
// its reason, and the SVG editors write (gradients, `use`, embedded PNG, Inkscape metadata, the W3C
// DOCTYPE) passes.
import { RefusedFile } from "./inspect";
import { checkSvg, unsafeCss, unsafeHref } from "./svg";

const NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"';
const svg = (body: string, attrs = "") => `<svg ${NS}${attrs}>${body}</svg>`;
const PNG_1PX =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const refusal = (text: string) => {
  try {
    checkSvg(text);
  } catch (e) {
    if (e instanceof RefusedFile) return { code: e.refusal.code, en: e.refusal.en, vi: e.refusal.vi };
    throw e;
  }
  return undefined;
};

describe("checkSvg refuses (SVG_SCRIPTED)", () => {
  it.each([
    ["a script element", svg("<script>alert(1)</script>"), "element <script>"],
    [
      "a script in the XHTML namespace",
      svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'),
      "element <h:script>",
    ],
    ["foreignObject", svg("<foreignObject><div/></foreignObject>"), "element <foreignObject>"],
    ["an event handler", svg('<rect onload="x()"/>'), "event handler onload"],
    ["an event handler in upper case", svg('<rect ONCLICK="x()"/>'), "event handler ONCLICK"],
    [
      "<set> rewriting href to javascript:",
      svg('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/><rect id="x"/></a>'),
      "element <set>",
    ],
    [
      "<animate> of xlink:href",
      svg('<a><animate attributeName="xlink:href" values="javascript:alert(1)"/></a>'),
      "element <animate>",
    ],
    [
      "<animate> of any attribute",
      svg('<rect><animate attributeName="width" from="1" to="9" dur="1s"/></rect>'),
      "element <animate>",
    ],
    [
      "animateTransform",
      svg('<g><animateTransform attributeName="transform" type="rotate"/></g>'),
      "element <animateTransform>",
    ],
    ["animateMotion", svg('<g><animateMotion path="M0 0L9 9"/></g>'), "element <animateMotion>"],
    ["discard", svg('<g><discard begin="1s"/></g>'), "element <discard>"],
    [
      "a javascript: link",
      svg('<a href="javascript:alert(1)"><rect/></a>'),
      "reference to something outside",
    ],
    [
      "a javascript: link with entities and spaces",
      svg('<a xlink:href="&#106;ava&#x73;cript&#58;alert(1)"><rect/></a>'),
      "reference to something outside",
    ],
    [
      "an external image",
      svg('<image href="https://evil.example/x.png"/>'),
      "reference to something outside",
    ],
    ["a relative use", svg('<use xlink:href="other.svg#a"/>'), "reference to something outside"],
    [
      "an SVG embedded as data:",
      svg('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>'),
      "reference to something outside",
    ],
    [
      "a data:image/png that is not a PNG",
      svg('<image href="data:image/png;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"/>'),
      "not png",
    ],
    ["<style> @import", svg("<style>@import url(https://evil.example/x.css);</style>"), "CSS @import"],
    ["<style> @import hidden by a CSS escape", svg("<style>@\\69mport 'x.css';</style>"), "CSS @import"],
    ["<style> @import in CDATA", svg("<style><![CDATA[@import 'x.css';]]></style>"), "CSS @import"],
    [
      "<style> external url()",
      svg("<style>rect{fill:url(https://evil.example/a.svg#g)}</style>"),
      "CSS url()",
    ],
    [
      "<style> url() hidden by an escape",
      svg("<style>rect{fill:u\\72l(//evil.example/a)}</style>"),
      "CSS url()",
    ],
    ["style= expression()", svg('<rect style="width:expression(alert(1))"/>'), "CSS expression()"],
    ["style= external url()", svg("<rect style=\"fill:url('http://evil.example/x')\"/>"), "CSS url()"],
    [
      "a presentation attribute with an external url()",
      svg('<rect fill="url(http://evil.example/x#g)"/>'),
      "CSS url()",
    ],
    ["style= javascript:", svg('<rect style="background:j&#x61;vascript:alert(1)"/>'), "javascript: URL"],
    ["style= -moz-binding", svg('<rect style="-moz-binding:url(#x)"/>'), "behavior/binding"],
    ["style= image-set()", svg("<rect style=\"background:image-set('x.png' 1x)\"/>"), "image function"],
    [
      "an entity DTD",
      `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg("<text>&x;</text>")}`,
      "DTD/entity",
    ],
    [
      "a DOCTYPE with a local system id",
      `<!DOCTYPE svg SYSTEM "file:///etc/passwd">${svg("")}`,
      "DTD/entity",
    ],
    [
      "an xml-stylesheet instruction",
      `<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.xsl" type="text/xsl"?>${svg("")}`,
      "processing instruction",
    ],
    ["xml:base", svg('<g xml:base="https://evil.example/"><use href="#a"/></g>'), "attribute xml:base"],
    [
      "an attribute of an unknown namespace",
      svg('<rect ev:event="click" xmlns:ev="http://www.w3.org/2001/xml-events"/>'),
      "attribute ev:event",
    ],
    ["an element of an unknown namespace", svg('<x:thing xmlns:x="urn:x"/>'), "element <x:thing>"],
    [
      "SVG fonts that load",
      svg('<font-face><font-face-src><font-face-uri href="#a"/></font-face-src></font-face>'),
      "element <font-face>",
    ],
  ])("%s", (_what, text, why) => {
    const r = refusal(text);
    expect(r?.code).toBe("SVG_SCRIPTED");
    expect(r?.en).toContain(why);
    expect(r?.vi).toMatch(/^Ảnh SVG chứa nội dung không an toàn/);
  });
});

describe("checkSvg refuses what is not a well-formed SVG (SVG_INVALID)", () => {
  it.each([
    ["an unclosed element", svg("<rect>")],
    ["an undeclared entity", svg("<text>&nbsp;</text>")],
    ["an unbound prefix", svg('<rect foo:bar="1"/>')],
    ["another root element", '<html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>'],
    ["two roots", `${svg("")}<svg/>`],
  ])("%s", (_what, text) => {
    expect(refusal(text)?.code).toBe("SVG_INVALID");
  });
});

describe("checkSvg accepts", () => {
  it.each([
    ["a plain SVG without a namespace, internal refs", '<svg><defs><g id="a"/></defs><use href="#a"/></svg>'],
    [
      "gradients, use, clip paths, filters and styles pointing inside the file",
      `<?xml version="1.0" encoding="UTF-8"?>${svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#c00"/></linearGradient>' +
          '<clipPath id="c"><rect width="9" height="9"/></clipPath><filter id="f"><feGaussianBlur stdDeviation="1"/></filter></defs>' +
          "<style>rect{fill:url(#g)} .a{stroke:url('#g')}</style>" +
          '<rect class="a" fill="url(#g)" clip-path="url(#c)" filter="url(#f)" style="opacity:.5" width="9" height="9"/>' +
          '<use xlink:href="#c"/><text x="1" y="8">Bắc Giang</text>',
      )}`,
    ],
    ["an embedded PNG", svg(`<image width="1" height="1" href="data:image/png;base64,${PNG_1PX}"/>`)],
    [
      "Inkscape's metadata and namespaces",
      svg(
        '<metadata><rdf:RDF><cc:Work rdf:about=""><dc:title>Logo</dc:title></cc:Work></rdf:RDF></metadata>' +
          '<sodipodi:namedview inkscape:zoom="1"/><g inkscape:label="Lớp 1" inkscape:groupmode="layer"><path d="M0 0h9v9z"/></g>',
        ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"',
      ),
    ],
    [
      "the W3C SVG 1.1 DOCTYPE",
      `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">${svg("<rect/>")}`,
    ],
    ["a BOM and comments", `\uFEFF<!-- logo -->${svg('<!-- hình --><circle r="4"/>')}`],
  ])("%s", (_what, text) => {
    expect(refusal(text)).toBeUndefined();
  });
});

describe("the rules themselves", () => {
  it("lets href name only a fragment or an embedded raster", () => {
    expect(unsafeHref(" #logo ")).toBeNull();
    expect(unsafeHref(`data:image/png;base64,${PNG_1PX}`)).toBeNull();
    expect(unsafeHref("")).not.toBeNull();
    expect(unsafeHref("#")).not.toBeNull();
    expect(unsafeHref("logo.svg")).not.toBeNull();
    expect(unsafeHref("data:text/html,<script>alert(1)</script>")).not.toBeNull();
  });
  it("reads CSS as a browser does (comments, escapes, case)", () => {
    expect(unsafeCss("fill: url(#a); stroke: URL( '#b' )")).toBeNull();
    expect(unsafeCss("@IMPORT 'x'")).toBe("CSS @import");
    expect(unsafeCss("@im/**/port 'x'")).toBe("CSS @import");
    expect(unsafeCss("fill:\\55 RL(x)")).toBe("CSS url() outside the file");
    expect(unsafeCss("fill: url(")).toBe("CSS url() outside the file");
  });
});
