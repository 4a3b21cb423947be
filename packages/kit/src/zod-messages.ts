// Field messages of problem+json in Vietnamese first, English second (issue 15, class 10): every
// service validates with zod, whose own messages are English. Installed once, globally, when the
// kit is loaded: the common issues get a sentence a civil servant can act on ("Tối đa 500 ký tự. /
// At most 500 characters."), the rest zod's Vietnamese locale. A message a schema gives itself
// stays as written; clients that act on errors read `code` and `path`, never the text.
import { z } from "zod";

type Issue = z.core.$ZodRawIssue;

const unit = (origin: unknown): [string, string] => {
  switch (origin) {
    case "string":
      return ["ký tự", "characters"];
    case "array":
    case "set":
      return ["mục", "items"];
    case "file":
      return ["byte", "bytes"];
    default:
      return ["", ""];
  }
};

const TYPES: Record<string, string> = {
  string: "chuỗi ký tự",
  number: "số",
  int: "số nguyên",
  boolean: "true/false",
  array: "danh sách",
  object: "đối tượng",
  date: "ngày giờ",
};

const FORMATS: Record<string, [string, string]> = {
  email: ["Địa chỉ email không hợp lệ.", "Not a valid e-mail address."],
  url: ["Đường dẫn không hợp lệ.", "Not a valid URL."],
  datetime: ["Thời điểm không hợp lệ (ISO 8601).", "Not a valid ISO 8601 date-time."],
  date: ["Ngày không hợp lệ (YYYY-MM-DD).", "Not a valid date (YYYY-MM-DD)."],
  uuid: ["Mã UUID không hợp lệ.", "Not a valid UUID."],
  regex: ["Giá trị không đúng định dạng.", "Not in the expected format."],
};

const both = (vi: string, en: string) => `${vi} / ${en}`;

/** The message of an issue zod raised itself, or undefined for zod's Vietnamese locale to answer. */
export function fieldMessage(iss: Issue): string | undefined {
  const i = iss as Issue & Record<string, unknown>;
  switch (i.code) {
    case "invalid_type":
      if (i.input === undefined) return both("Chưa nhập thông tin bắt buộc này.", "Required.");
      return both(
        `Sai kiểu dữ liệu: cần ${TYPES[String(i.expected)] ?? String(i.expected)}.`,
        `Expected ${String(i.expected)}.`,
      );
    case "too_small": {
      const [vi, en] = unit(i.origin);
      const n = Number(i.minimum);
      if (i.origin === "string" && n === 1) return both("Chưa nhập thông tin này.", "Must not be empty.");
      return vi
        ? both(`Cần ít nhất ${n} ${vi}.`, `At least ${n} ${en}.`)
        : both(`Phải từ ${String(i.minimum)} trở lên.`, `Must be at least ${String(i.minimum)}.`);
    }
    case "too_big": {
      const [vi, en] = unit(i.origin);
      return vi
        ? both(`Tối đa ${String(i.maximum)} ${vi}.`, `At most ${String(i.maximum)} ${en}.`)
        : both(`Không được lớn hơn ${String(i.maximum)}.`, `Must be at most ${String(i.maximum)}.`);
    }
    case "invalid_value": {
      const values = (i.values as unknown[] | undefined)?.map(String).join(", ") ?? "";
      return both(`Giá trị không hợp lệ; chọn một trong: ${values}.`, `Must be one of: ${values}.`);
    }
    case "unrecognized_keys": {
      const keys = (i.keys as string[] | undefined)?.join(", ") ?? "";
      return both(`Trường không được chấp nhận: ${keys}.`, `Unknown field(s): ${keys}.`);
    }
    case "invalid_format": {
      const f = FORMATS[String(i.format)];
      return f ? both(f[0], f[1]) : undefined;
    }
    default:
      return undefined;
  }
}

let installed = false;

/** Sets zod's messages for the process (idempotent; the kit calls it when it is loaded). */
export function installFieldMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ ...z.locales.vi(), customError: fieldMessage });
}

installFieldMessages();
