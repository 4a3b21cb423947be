// XSS: what an attacker puts in rich text is gone after sanitising (R-STD).
import { plainText, sanitizeRichText } from "./sanitize";

describe("sanitizeRichText", () => {
  it("removes scripts and their content", () => {
    expect(sanitizeRichText('<p>Xin chào</p><script>alert("x")</script>')).toBe("<p>Xin chào</p>");
  });
  it("removes event handlers", () => {
    const out = sanitizeRichText('<img src="https://a.vn/x.png" onerror="alert(1)" alt="Ảnh">');
    expect(out).not.toMatch(/onerror/i);
    expect(out).toContain('alt="Ảnh"');
  });
  it("drops javascript: and data: URLs", () => {
    expect(sanitizeRichText('<a href="javascript:alert(1)">x</a>')).toBe("<a>x</a>");
    expect(sanitizeRichText('<a href="JaVaScRiPt:alert(1)">x</a>')).toBe("<a>x</a>");
    expect(sanitizeRichText('<img src="data:image/png;base64,AAAA">')).not.toContain("data:");
  });
  it("drops iframes, styles and forms", () => {
    const out = sanitizeRichText(
      '<iframe src="https://evil.example"></iframe><style>p{}</style><form><input></form><p style="x">a</p>',
    );
    expect(out).toBe("<p>a</p>");
  });
  it("keeps the structure editors need, in NFC", () => {
    const nfd = "<h2>Quy chế</h2><table><tr><td>Điều 1</td></tr></table>".normalize("NFD");
    const out = sanitizeRichText(nfd);
    expect(out).toBe("<h2>Quy chế</h2><table><tr><td>Điều 1</td></tr></table>");
    expect(out).toBe(out.normalize("NFC"));
  });
  it("marks external links noopener", () => {
    expect(sanitizeRichText('<a href="https://chinhphu.vn">CP</a>')).toContain('rel="noopener noreferrer"');
  });
  it("gives plain text", () => {
    expect(plainText("<p>Một <b>hai</b></p>")).toBe("Một hai");
  });
});
