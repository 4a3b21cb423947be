// Field messages in Vietnamese first, English second, for what zod raises itself (issue 15, class
// 10); a schema's own message is kept; the machine-readable code and path are unchanged.
import { z } from "zod";
import { zodFieldErrors } from "./errors";
import "./zod-messages";

const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error("expected a failure");
  return Object.fromEntries(
    zodFieldErrors(r.error).map((e) => [e.path, { code: e.code, message: e.message }]),
  );
};

describe("zod field messages", () => {
  it("says what to fix, in Vietnamese then English", () => {
    const schema = z
      .object({
        title: z.string().min(1).max(500),
        summary: z.string().min(10),
        tags: z.array(z.string()).max(2),
        count: z.number().int().max(5),
        kind: z.enum(["article", "page"]),
        email: z.email(),
        name: z.string(),
      })
      .strict();
    const m = messages(schema, {
      title: "",
      summary: "ngắn",
      tags: ["a", "b", "c"],
      count: 9,
      kind: "video",
      email: "khong-phai-email",
      extra: 1,
    });
    expect(m.title).toEqual({ code: "too_small", message: "Chưa nhập thông tin này. / Must not be empty." });
    expect(m.summary?.message).toBe("Cần ít nhất 10 ký tự. / At least 10 characters.");
    expect(m.tags?.message).toBe("Tối đa 2 mục. / At most 2 items.");
    expect(m.count?.message).toBe("Không được lớn hơn 5. / Must be at most 5.");
    expect(m.kind?.message).toBe(
      "Giá trị không hợp lệ; chọn một trong: article, page. / Must be one of: article, page.",
    );
    expect(m.email?.message).toBe("Địa chỉ email không hợp lệ. / Not a valid e-mail address.");
    expect(m.name).toEqual({
      code: "invalid_type",
      message: "Chưa nhập thông tin bắt buộc này. / Required.",
    });
    expect(m[""]?.message).toBe("Trường không được chấp nhận: extra. / Unknown field(s): extra.");
  });

  it("keeps a message the schema gives itself", () => {
    const m = messages(z.object({ url: z.string().refine(() => false, "chỉ chấp nhận đường dẫn https") }), {
      url: "x",
    });
    expect(m.url?.message).toBe("chỉ chấp nhận đường dẫn https");
  });
});
