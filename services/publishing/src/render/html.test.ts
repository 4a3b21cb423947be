import { html, jsonLd, trustedHtml } from "./html";

describe("html templates", () => {
  it("escapes every interpolated value unless it is SafeHtml", () => {
    const evil = `<img src=x onerror="alert(1)">'`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;</p>',
    );
    expect(html`<div>${trustedHtml("<b>ok</b>")}${["a", "<"]}${null}${false}</div>`.value).toBe(
      "<div><b>ok</b>a&lt;</div>",
    );
  });

  it("keeps JSON-LD a data block that cannot close its script element", () => {
    const out = jsonLd({ headline: "</script><script>alert(1)</script>" }).value;
    expect(out.match(/<\/script>/g)).toHaveLength(1);
    expect(out).toContain("\\u003c/script\\u003e");
  });
});
