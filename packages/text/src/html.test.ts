import { escapeHtml } from "./html";

describe("escapeHtml (R-STD, XSS)", () => {
  it("replaces every character that could end text or an attribute value", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe(
      "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;",
    );
  });
  it("leaves Vietnamese text as it is and escapes a reference only once", () => {
    expect(escapeHtml("Quyết định số 36/2019/QĐ-UBND")).toBe("Quyết định số 36/2019/QĐ-UBND");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
    expect(escapeHtml("")).toBe("");
  });
});
