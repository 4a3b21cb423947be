// What the backups screen says when there is nothing to list (R-BACKUP): no backup target
// configured is a plain explanation, a target that cannot be read is said as such, and a failed
// drill names what did not match — never a code or raw JSON. (The lists themselves are tested
// against the real archive in test/archive.test.ts and test/drills.test.ts.)
import { h, type VNode } from "preact";
import type { BackupList, RestoreDrill } from "../../api/platform";
import { messages } from "../../i18n";
import type { PageContext } from "../context";
import { renderPage } from "../render";
import { BackupsPage, DrillPage } from "./backups";

const ctx = (canAct: boolean): PageContext => ({
  t: messages("vi"),
  lang: "vi",
  csrf: "token",
  path: "/platform/backups",
  user: {
    name: "Nguyễn Thị Hoa",
    realmRoles: [canAct ? "platform-admin" : "auditor"],
    portals: {},
  } as unknown as PageContext["user"],
  portals: [],
  flash: [],
  files: { css: "/static/admin.css", js: {} },
});
/** a page element, as renderPage takes it */
const el = (v: unknown) => v as VNode;
const textOf = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const vi = messages("vi").backups;

describe("the backups screen without backups", () => {
  it("no backup target: a plain explanation, no table, no action", () => {
    const list: BackupList = { configured: false, items: [], status: null };
    const html = renderPage(ctx(true), el(h(BackupsPage, { list, drills: [], canAct: true })));
    expect(textOf(html)).toContain(vi.notConfigured);
    expect(html).not.toContain("<table");
    expect(html).not.toContain("/drills");
  });

  it("a target that cannot be read is said, without a table", () => {
    const html = renderPage(ctx(false), el(h(BackupsPage, { list: null, drills: null, canAct: false })));
    expect(textOf(html)).toContain(vi.unavailable);
    expect(textOf(html)).toContain(vi.readOnly);
    expect(html).not.toContain("<table");
  });

  it("a failed drill names the collection and the files that did not match, in Vietnamese", () => {
    const drill: RestoreDrill = {
      id: "dmx7abc12-0badc0de",
      backupId: "2026-12-03T18-41-00-000Z-a1b2c3",
      status: "failed",
      done: 4,
      total: 4,
      startedBy: { username: "platform.admin" },
      startedAt: "2026-12-03T11:45:00.000Z",
      finishedAt: "2026-12-03T11:46:00.000Z",
      collections: [
        { database: "cong_content", collection: "items", expected: 40, restored: 39, equal: false },
      ],
      objects: { expected: 2, restored: 2, identical: 1, mismatched: ["cong-media/tanyen/as01/anh.jpg"] },
      error:
        "Không khớp: cong_content.items (40 ≠ 39), cong-media/tanyen/as01/anh.jpg / mismatch: cong_content.items, cong-media/tanyen/as01/anh.jpg",
    };
    const html = renderPage(
      ctx(true),
      el(
        h(DrillPage, {
          drill,
          canAct: true,
          url: `/platform/backups/drills/${drill.id}`,
          figures: { running: false, done: 4, total: 4, text: "" },
        }),
      ),
    );
    const text = textOf(html);
    expect(text).toContain(vi.failedResult);
    expect(text).toContain("Không khớp: cong_content.items (40 ≠ 39), cong-media/tanyen/as01/anh.jpg");
    expect(text).not.toContain("mismatch:");
    expect(html).toContain('<code class="host">cong-media/tanyen/as01/anh.jpg</code>');
    expect(text).toContain("1/2");
    expect(text).toContain("03/12/2026 18:45");
    expect(html).not.toContain("<progress");
  });
});
