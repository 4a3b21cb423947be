// Submissions by file through the admin against the real content service (R-SUBMIT): a PDF
// received by mail streams through the admin to content, becomes a draft whose extracted text
// is shown, with the original downloadable; a file that is no .docx/.pdf is refused in Vietnamese.
import { minimalPdf } from "@cong/testing";
import { Agent, type RunningAdmin, type Services, startAdmin, startServices } from "./fixtures";

let s: Services;
let a: RunningAdmin;
beforeAll(async () => {
  s = await startServices("admin-submissions");
  a = await startAdmin("admin-submissions", s);
});
afterAll(async () => {
  await a?.stop();
  await s?.stop();
});

function multipart(fields: Record<string, string>, file: { name: string; type: string; data: Buffer }) {
  const boundary = `----cong${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

async function send(
  agent: Agent,
  csrf: string,
  fields: Record<string, string>,
  file: { name: string; type: string; data: Buffer },
) {
  const m = multipart(fields, file);
  return fetch(`${a.url}/p/tanyen/submissions?_csrf=${csrf}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: agent.cookieHeader(new URL(a.url)), origin: a.url, "content-type": m.type },
    body: m.body,
  });
}

describe("submissions by file (R-SUBMIT)", () => {
  it("a focal officer uploads a PDF; the draft's extracted text is shown, the original downloads, the draft opens in the editor", async () => {
    const agent = new Agent(a.url);
    await agent.signIn("tanyen.focal-officer");
    const form = await agent.get("/p/tanyen/submissions");
    expect(form.status).toBe(200);
    expect(form.html).toContain('href="/p/tanyen/submissions"');
    expect(form.html).toContain('enctype="multipart/form-data"');
    const pdf = minimalPdf("Ke hoach tiep cong dan thang 12 nam 2026");
    const res = await send(
      agent,
      Agent.csrf(form),
      { title: "Kế hoạch tiếp công dân tháng 12", kind: "announcement", categoryId: "" },
      { name: "ke-hoach.pdf", type: "application/pdf", data: pdf },
    );
    expect(res.status).toBe(303);
    const where = res.headers.get("location") ?? "";
    expect(where).toMatch(/^\/p\/tanyen\/submissions\/[A-Za-z0-9_-]+$/);
    const page = await agent.get(where);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Đã tạo bản nháp từ tệp.");
    expect(page.html).toContain("Kế hoạch tiếp công dân tháng 12");
    expect(page.html).toContain("Ke hoach tiep cong dan thang 12 nam 2026");
    expect(page.html).toContain("ke-hoach.pdf");
    const itemId = where.split("/").pop() ?? "";
    expect(page.html).toContain(`href="/p/tanyen/items/${itemId}/edit"`);
    const original = await fetch(`${a.url}${where}/file`, {
      headers: { cookie: agent.cookieHeader(new URL(a.url)) },
    });
    expect(original.status).toBe(200);
    expect(Buffer.from(await original.arrayBuffer()).equals(pdf)).toBe(true);
    const item = await s.call("GET", `/portals/tanyen/items/${itemId}`, "tanyen.focal-officer");
    expect(item.body).toMatchObject({ kind: "announcement", state: "draft" });
  });

  it("a file whose bytes are no .docx or PDF is refused beside the field, in Vietnamese; a contributor gets the 403 page", async () => {
    const agent = new Agent(a.url);
    await agent.signIn("tanyen.board-member");
    const form = await agent.get("/p/tanyen/submissions");
    const res = await send(
      agent,
      Agent.csrf(form),
      { kind: "article" },
      {
        name: "van-ban.docx",
        type: "application/octet-stream",
        data: Buffer.from("<html>không phải văn bản</html>"),
      },
    );
    expect(res.status).toBe(415);
    const html = await res.text();
    expect(html).toContain("Chỉ nhận tệp Word (.docx) hoặc PDF thật.");
    expect(html).toContain("error-summary");

    const contributor = new Agent(a.url);
    const home = await contributor.signIn("tanyen.contributor");
    expect(home.html).not.toContain('href="/p/tanyen/submissions"');
    expect((await contributor.get("/p/tanyen/submissions")).status).toBe(403);
  });
});
