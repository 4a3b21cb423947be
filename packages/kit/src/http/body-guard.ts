// Request bodies reach services only as plain JSON data: no MongoDB operator keys (`$where`,
// `$ne` …), no dotted keys that would address nested fields, no prototype keys, bounded depth;
// and every string (and key) well-formed text — no lone surrogate, no control character other than
// tab, line feed, carriage return (issue 15.7) — in Unicode NFC, so Vietnamese text is stored and
// compared in one form (R-STD).
import { AppError, type FieldError } from "../errors";
import { TEXT_MESSAGES, textProblem } from "./text";

const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Checks `value` in place and returns it with every string normalised to NFC.
 * Throws AppError(malformed_request, reason `too_deep` | `forbidden_key` | `lone_surrogate` |
 * `control_character`, the first problem found; `errors` names each field).
 */
export function guardBody<T>(value: T): T {
  const problems: FieldError[] = [];
  const out = walk(value, "", 0, problems);
  if (problems.length) {
    const reason = problems.some((p) => p.code === "too_deep")
      ? "too_deep"
      : (problems[0] as FieldError).code;
    throw new AppError("malformed_request", MESSAGES[reason] ?? TEXT_MESSAGES[reason], {
      reason,
      errors: problems.slice(0, 20),
    });
  }
  return out as T;
}

const MESSAGES: Record<string, string> = {
  too_deep: "Dữ liệu lồng quá sâu.",
  forbidden_key: "Tên trường không được bắt đầu bằng “$” hoặc chứa dấu “.”.",
};

function walk(value: unknown, path: string, depth: number, problems: FieldError[]): unknown {
  if (typeof value === "string") {
    const bad = textProblem(value);
    if (bad) {
      problems.push({ path, code: bad, message: bad.replace("_", " ") });
      return value;
    }
    return value.normalize("NFC");
  }
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) {
    problems.push({ path, code: "too_deep", message: `nesting deeper than ${MAX_DEPTH}` });
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      value[i] = walk(value[i], path ? `${path}.${i}` : String(i), depth + 1, problems);
    return value;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const at = path ? `${path}.${key}` : key;
    const badKey = textProblem(key);
    if (badKey) {
      problems.push({ path: at, code: badKey, message: `key: ${badKey.replace("_", " ")}` });
      continue;
    }
    if (key.startsWith("$") || key.includes(".") || FORBIDDEN_KEYS.has(key) || key.includes("\0")) {
      problems.push({ path: at, code: "forbidden_key", message: `key "${key}" is not allowed` });
      continue;
    }
    obj[key] = walk(obj[key], at, depth + 1, problems);
  }
  return obj;
}
