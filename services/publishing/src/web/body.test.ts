import { verifyBody } from "./body";

describe("trust-but-verify of the sanitised body", () => {
  it("renders an allow-listed body as HTML, demoting h1 and giving images an alt", () => {
    const r = verifyBody('<h1>Tiêu đề</h1><p>Nội dung <a href="/tin/x">liên kết</a></p><img src="/a.webp">');
    expect(r.trusted).toBe(true);
    expect(r.html.value).toBe(
      '<h2>Tiêu đề</h2><p>Nội dung <a href="/tin/x">liên kết</a></p><img alt="" src="/a.webp">',
    );
  });

  it.each([
    "<p>a</p><script>alert(1)</script>",
    '<p onclick="alert(1)">a</p>',
    '<a href="javascript:alert(1)">a</a>',
    '<iframe src="https://evil.example"></iframe>',
  ])("renders %s as escaped text only", (body) => {
    const r = verifyBody(body);
    expect(r.trusted).toBe(false);
    expect(r.html.value).not.toMatch(/<(script|iframe)|onclick=|href=/);
  });
});
