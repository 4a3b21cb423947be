// What a verification of the hash chain says once it ended badly (R-RETAIN): discrepancies found,
// the first one named in Vietnamese with the object it is about, and a run that could not complete
// said as not judged — never the archive's codes. (A run that ends well, and one that goes on, are
// tested against the real archive in test/archive.test.ts and test/platform.browser.test.ts.)
import { h, type VNode } from "preact";
import type { VerificationRun } from "../../api/platform";
import { messages } from "../../i18n";
import type { PageContext } from "../context";
import { renderPage } from "../render";
import { RunPage } from "./archive-verify";

const ctx: PageContext = {
  t: messages("vi"),
  lang: "vi",
  csrf: "token",
  path: "/platform/archive/verify/vmx7abc12-0badc0de",
  portals: [{ id: "tanyen", name: "Cổng Thông tin điện tử huyện Tân Yên", roles: [] }],
  flash: [],
  files: { css: "/static/admin.css", js: {} },
};
const vi = messages("vi").archive;
const run = (over: Partial<VerificationRun>): VerificationRun => ({
  id: "vmx7abc12-0badc0de",
  scope: "tanyen",
  portalId: "tanyen",
  status: "broken",
  checked: 1200,
  total: 1200,
  problems: 2,
  mediaChecked: 40,
  mediaMissing: 0,
  startedBy: { id: "u-1", username: "platform.admin" },
  startedAt: "2026-12-03T02:00:00.000Z",
  finishedAt: "2026-12-03T02:04:00.000Z",
  ...over,
});
const page = (r: VerificationRun) =>
  renderPage(
    ctx,
    h(RunPage, {
      run: r,
      canAct: true,
      url: `/platform/archive/verify/${r.id}`,
      figures: { running: false, done: r.checked, total: r.total, text: "" },
    }) as VNode,
  );
const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("a verification's result page", () => {
  it("discrepancies: how many, the first one's kind in Vietnamese and its object, figures as Vietnamese numbers", () => {
    const html = page(
      run({
        firstBreak: {
          seq: 1042,
          key: "tanyen/6a1f/r3.json",
          kind: "content_changed",
          message: "s3://cong-archive/tanyen/6a1f/r3.json: content changed (sha256 mismatch)",
        },
      }),
    );
    const text = textOf(html);
    expect(text).toContain(vi.broken("2"));
    expect(text).toContain("Nội dung bản lưu đã bị thay đổi");
    expect(text).toContain("Bản thứ 1.042 của chuỗi");
    expect(html).toContain('<code class="host">tanyen/6a1f/r3.json</code>');
    expect(text).toContain("1.200/1.200");
    expect(text).toContain("Cổng Thông tin điện tử huyện Tân Yên");
    expect(text).toContain("03/12/2026 09:00");
    expect(html).not.toContain("content_changed");
    expect(html).not.toContain("<progress");
  });

  it("a run that could not complete is not a verdict; media never archived are said as not tampering", () => {
    const text = textOf(page(run({ status: "failed", problems: 0, mediaMissing: 3, error: "S3 timeout" })));
    expect(text).toContain(vi.failed);
    expect(text).toContain("3 tệp chưa từng được lưu vào kho");
    expect(text).toContain("không phải dấu hiệu bị sửa");
    expect(text).toContain("Chi tiết kỹ thuật");
  });
});
