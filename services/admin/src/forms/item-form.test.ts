// The editor's form ↔ content's API (R-FMT, R-SUBMIT): what a person types becomes the API's
// body; API errors land beside the right field; images from the library survive the round trip.

import { ApiError } from "../api/client";
import type { ItemView } from "../api/types";
import { messages } from "../i18n";
import { abilities } from "./abilities";
import {
  apiFieldErrors,
  fieldOfPath,
  formFromBody,
  formToApi,
  imagesForEditor,
  imagesForPublic,
} from "./item-form";

const t = messages("vi");
const opts = {
  portalId: "tanyen",
  mediaPublicUrl: "https://media.bacgiang.gov.vn",
  languages: ["vi", "en"],
  isRevisionOfLive: false,
};

describe("form → API", () => {
  it("turns a legal document's fields into content's body, days as yyyy-MM-dd", () => {
    const f = formFromBody(
      {
        title: "Quyết định số 36/2019/QĐ-UBND",
        body: "<p>Ban hành quy chế.</p>",
        categoryIds: ["cat-van-ban-quy-pham-phap-luat"],
        "legal.number": "36/2019/QĐ-UBND",
        "legal.docType": "Quyết định",
        "legal.issuer": "UBND tỉnh Bắc Giang",
        "legal.signer": "Nguyễn Văn Linh",
        "legal.issuedOn": "12/08/2019",
        "legal.effectiveOn": "",
        "legal.validity": "in-force",
        cover: "6750a1c2e4b0a1b2c3d4e5f6",
        attachments: ["6750a1c2e4b0a1b2c3d4e5f7"],
        "contributor.0.name": "Trần Thị Bình",
        "contributor.0.role": "biên tập",
      },
      "legal-document",
    );
    const out = formToApi(f, t, opts);
    expect(out.errors).toEqual({});
    expect(out.body).toMatchObject({
      categoryIds: ["cat-van-ban-quy-pham-phap-luat"],
      legal: { number: "36/2019/QĐ-UBND", issuedOn: "2019-08-12", effectiveOn: null, validity: "in-force" },
      media: [
        { assetId: "6750a1c2e4b0a1b2c3d4e5f6", role: "cover" },
        { assetId: "6750a1c2e4b0a1b2c3d4e5f7", role: "attachment" },
      ],
      contributors: [{ name: "Trần Thị Bình", role: "biên tập" }],
      locales: { vi: { title: "Quyết định số 36/2019/QĐ-UBND", publish: true } },
    });
    expect(out.body?.locales).not.toHaveProperty("en");
  });

  it("says which field is missing or wrong, in Vietnamese", () => {
    const out = formToApi(
      formFromBody({ "legal.issuedOn": "31/02/2026", "comment.opensAt": "x" }, "legal-document"),
      t,
      opts,
    );
    expect(out.body).toBeUndefined();
    expect(out.errors).toMatchObject({
      title: "Nhập tiêu đề.",
      categoryIds: "Chọn ít nhất một chuyên mục.",
      "legal-number": "Nhập số ký hiệu của văn bản.",
      "legal-issuedOn": t.fieldErrors.invalid_date,
      "comment-opensAt": t.fieldErrors.invalid_date,
    });
  });

  it("a comment window must close after it opens; an English version needs its title", () => {
    const f = formFromBody(
      {
        title: "Dự thảo",
        categoryIds: "cat-du-thao",
        "comment.opensAt": "10/12/2026 08:00",
        "comment.closesAt": "01/12/2026 08:00",
        "en.body": "<p>Draft</p>",
      },
      "draft-for-comment",
    );
    expect(formToApi(f, t, opts).errors).toEqual({
      "comment-closesAt": t.fieldErrors.comment_window,
      "en-title": t.missing["en-title"],
    });
  });

  it("images from the library: shown through the admin while editing, saved with media's public address and as inline media", () => {
    const stored =
      '<p>a</p><img src="https://media.bacgiang.gov.vn/assets/6750a1c2e4b0a1b2c3d4e5f6/w1280.webp" data-asset-id="6750a1c2e4b0a1b2c3d4e5f6" alt="Cầu">';
    const editing = imagesForEditor(stored, "tanyen");
    expect(editing).toContain('src="/p/tanyen/media/6750a1c2e4b0a1b2c3d4e5f6/file/w1280.webp"');
    const back = imagesForPublic(editing, "tanyen", "https://media.bacgiang.gov.vn");
    expect(back.html).toBe(stored);
    expect(back.ids).toEqual(["6750a1c2e4b0a1b2c3d4e5f6"]);
    const out = formToApi(
      formFromBody({ title: "Ảnh", body: editing, categoryIds: "cat-tin-tuc-su-kien" }, "article"),
      t,
      opts,
    );
    expect(out.body?.media).toEqual([
      { assetId: "6750a1c2e4b0a1b2c3d4e5f6", role: "inline", decorative: false },
    ]);
    // another portal's proxy path is not rewritten (and content refuses foreign assets anyway)
    expect(imagesForPublic(editing.replace("/p/tanyen/", "/p/stttt/"), "tanyen", "https://m").html).toContain(
      "/p/stttt/",
    );
  });

  it("a tampered hidden field of kept media keeps nothing", () => {
    expect(formFromBody({ keptMedia: "{not json" }, "article").keptMedia).toEqual([]);
    expect(formFromBody({ keptMedia: '[{"x":1}]' }, "article").keptMedia).toEqual([]);
  });
});

describe("API errors → fields", () => {
  it("maps content's paths to the editor's fields", () => {
    expect(fieldOfPath("locales.vi.title")).toBe("title");
    expect(fieldOfPath("locales.en.bodyHtml")).toBe("en-body");
    expect(fieldOfPath("legal.issuer")).toBe("legal-issuer");
    expect(fieldOfPath("comment.closesAt")).toBe("comment-closesAt");
    expect(fieldOfPath("contributors.2.name")).toBe("contributor-2-name");
  });
  it("an unknown asset of another portal is reported on the cover or attachment it came from", () => {
    const e = new ApiError(
      422,
      "validation_failed",
      undefined,
      "Tệp không có. / Unknown asset.",
      [{ path: "media.1.assetId", code: "unknown_asset", message: "x" }],
      {},
    );
    const media = [
      { assetId: "a", role: "cover" as const, decorative: false },
      { assetId: "b", role: "attachment" as const, decorative: false },
    ];
    expect(apiFieldErrors(e, t, "vi", media)).toEqual({ attachments: t.fieldErrors.unknown_asset });
  });
});

const actor = (id: string) => ({ id, username: id });
function item(over: Partial<ItemView>, state = "draft"): ItemView {
  const rev = {
    revision: 1,
    state,
    locales: { vi: { title: "T", slug: "t", bodyHtml: "", publish: true } },
    categoryIds: ["c"],
    contributors: [],
    media: [],
    tags: [],
    createdBy: actor("author"),
    createdAt: "",
    updatedAt: "",
  };
  return {
    itemId: "6750a1c2e4b0a1b2c3d4e5f6",
    portalId: "tanyen",
    kind: "article",
    state,
    status: "draft",
    version: 1,
    live: null,
    working: rev as never,
    owner: actor("author"),
    commentsEnabled: true,
    retentionClass: "limited-5y",
    schedule: {},
    createdAt: "",
    updatedAt: "",
    ...over,
  };
}

describe("what the screens offer (the API still decides)", () => {
  it("four eyes: the author of a submitted revision gets no approve button, another board member does", () => {
    const submitted = item({}, "submitted");
    (submitted.working as { submittedBy?: unknown }).submittedBy = actor("author");
    expect(abilities(submitted, ["board-member"], "author")).toMatchObject({ review: false, ownWork: true });
    expect(abilities(submitted, ["board-member"], "someone-else")).toMatchObject({
      review: true,
      ownWork: false,
    });
    expect(abilities(submitted, ["focal-officer"], "someone-else")).toMatchObject({
      review: false,
      edit: false,
    });
  });
  it("a contributor edits and submits only their own drafts", () => {
    expect(abilities(item({}), ["contributor"], "author")).toMatchObject({ edit: true, submit: true });
    expect(abilities(item({}), ["contributor"], "other")).toMatchObject({ edit: false, submit: false });
  });
  it("publishing and taking down belong to the board", () => {
    const approved = item({}, "approved");
    expect(abilities(approved, ["board-deputy"], "x").publish).toBe(true);
    expect(abilities(approved, ["focal-officer"], "x").publish).toBe(false);
    expect(abilities(item({ status: "published", working: null }), ["board-head"], "x").unpublish).toBe(true);
  });
});
