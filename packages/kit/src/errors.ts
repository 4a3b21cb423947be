// Errors as application/problem+json (RFC 9457) with a fixed set of codes. A person reads the
// title in Vietnamese (English when the request asks for it); programs read the stable `code`.
// Anything unexpected becomes an opaque 500 whose `errorId` is in the log line.
import { randomUUID } from "node:crypto";
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { ZodError } from "zod";
import { isMongoUnavailable } from "./mongo";

export const ERROR_STATUS = {
  malformed_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, { vi: string; en: string }> = {
  malformed_request: { vi: "Yêu cầu không hợp lệ", en: "Malformed request" },
  unauthenticated: { vi: "Cần đăng nhập", en: "Authentication required" },
  forbidden: { vi: "Không có quyền thực hiện", en: "Forbidden" },
  not_found: { vi: "Không tìm thấy", en: "Not found" },
  method_not_allowed: { vi: "Phương thức không được hỗ trợ", en: "Method not allowed" },
  conflict: { vi: "Dữ liệu đã bị thay đổi hoặc trùng lặp", en: "Conflict" },
  gone: { vi: "Nội dung không còn nữa", en: "Gone" },
  too_large: { vi: "Dữ liệu gửi lên quá lớn", en: "Payload too large" },
  unsupported_media_type: { vi: "Định dạng không được hỗ trợ", en: "Unsupported media type" },
  validation_failed: { vi: "Dữ liệu chưa hợp lệ", en: "Validation failed" },
  rate_limited: { vi: "Gửi quá nhiều yêu cầu, vui lòng thử lại sau", en: "Too many requests" },
  internal: { vi: "Lỗi hệ thống", en: "Internal error" },
  unavailable: { vi: "Dịch vụ tạm thời không sẵn sàng", en: "Service unavailable" },
};

export interface FieldError {
  /** dotted path of the field, e.g. `locales.vi.title` */
  path: string;
  /** machine-readable reason, e.g. `too_small`, `invalid_type` */
  code: string;
  message: string;
}

export interface ProblemOptions {
  /** finer, stable reason within the code, e.g. `self_approval`, `stale_revision` */
  reason?: string;
  errors?: FieldError[];
  /** extension members added to the body */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = "AppError";
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** human detail; Vietnamese where a person will read it */
    readonly detail?: string,
    readonly options: ProblemOptions = {},
  ) {
    super(detail ?? code, { cause: options.cause });
    this.status = ERROR_STATUS[code];
  }
}

/** Shorthands, so call sites read as what happened. */
export const fail = {
  malformed: (detail?: string, o?: ProblemOptions) => new AppError("malformed_request", detail, o),
  unauthenticated: (detail?: string, o?: ProblemOptions) => new AppError("unauthenticated", detail, o),
  forbidden: (detail?: string, o?: ProblemOptions) => new AppError("forbidden", detail, o),
  notFound: (detail?: string, o?: ProblemOptions) => new AppError("not_found", detail, o),
  conflict: (detail?: string, o?: ProblemOptions) => new AppError("conflict", detail, o),
  gone: (detail?: string, o?: ProblemOptions) => new AppError("gone", detail, o),
  tooLarge: (detail?: string, o?: ProblemOptions) => new AppError("too_large", detail, o),
  unsupported: (detail?: string, o?: ProblemOptions) => new AppError("unsupported_media_type", detail, o),
  validation: (errors: FieldError[], detail?: string, o?: ProblemOptions) =>
    new AppError("validation_failed", detail, { ...o, errors }),
  rateLimited: (detail?: string, o?: ProblemOptions) => new AppError("rate_limited", detail, o),
  unavailable: (detail?: string, o?: ProblemOptions) => new AppError("unavailable", detail, o),
};

export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), code: i.code, message: i.message }));
}

function wantsEnglish(req: Request): boolean {
  const lang = req.headers["accept-language"];
  if (!lang) return false;
  const first = lang.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en");
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  reason?: string;
  errors?: FieldError[];
  errorId?: string;
  [k: string]: unknown;
}

export function problemBody(err: AppError, req: Request): ProblemBody {
  const lang = wantsEnglish(req) ? "en" : "vi";
  const body: ProblemBody = {
    type: `https://cong.bacgiang.gov.vn/problems/${err.code.replaceAll("_", "-")}`,
    title: TITLES[err.code][lang],
    status: err.status,
    code: err.code,
    instance: req.originalUrl?.split("?")[0],
  };
  if (err.detail) body.detail = err.detail;
  if (err.options.reason) body.reason = err.options.reason;
  if (err.options.errors?.length) body.errors = err.options.errors;
  if (err.options.extra) Object.assign(body, err.options.extra);
  return body;
}

export function sendProblem(res: Response, req: Request, err: AppError): void {
  if (res.headersSent) return;
  for (const [k, v] of Object.entries(err.options.headers ?? {})) res.setHeader(k, v);
  res
    .status(err.status)
    .type("application/problem+json")
    .send(JSON.stringify(problemBody(err, req)));
}

interface HttpishError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

/** Maps what libraries throw (body-parser, router, zod) to problems; everything else is an opaque 500. */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return fail.validation(zodFieldErrors(err));
  // a %-escape in the path that is malformed or not UTF-8 (router's decodeParam, or our own
  // decodeURIComponent of something the request carried): the client's mistake, never a 500
  if (err instanceof URIError)
    return fail.malformed("Địa chỉ chứa mã “%” không hợp lệ (không phải UTF-8).", {
      reason: "bad_percent_encoding",
      extra: { in: "path" },
    });
  // the database or another server this request needed is unreachable right now: 503 and a
  // Retry-After, so clients (the admin, the public portal) say "try again shortly", not "error"
  if (isMongoUnavailable(err))
    return fail.unavailable("Cơ sở dữ liệu tạm thời không truy cập được; vui lòng thử lại sau ít phút.", {
      reason: "database_unavailable",
      headers: { "Retry-After": "10" },
    });
  if (isUnreachable(err))
    return fail.unavailable(
      "Một dịch vụ cần cho yêu cầu này tạm thời không truy cập được; vui lòng thử lại sau.",
      {
        reason: "dependency_unavailable",
        headers: { "Retry-After": "10" },
      },
    );
  const e = err as HttpishError | null;
  switch (e?.type) {
    case "entity.too.large":
      return fail.tooLarge("Nội dung gửi lên vượt quá giới hạn cho phép.");
    case "entity.parse.failed":
      return fail.malformed("Nội dung không phải JSON hợp lệ.", { reason: "invalid_json" });
    case "encoding.unsupported":
    case "charset.unsupported":
      return fail.unsupported("Chỉ chấp nhận UTF-8.", { reason: "charset" });
    case "request.aborted":
      return fail.malformed("Yêu cầu bị ngắt giữa chừng.", { reason: "aborted" });
  }
  const status = e?.status ?? e?.statusCode;
  // http-errors a library created for the client's request (e.g. a body shorter than its length)
  if (status === 400) return fail.malformed();
  if (status === 413) return fail.tooLarge();
  if (status === 415) return fail.unsupported();
  return null;
}

/**
 * True for failures that say "a server is away right now" — the database unreachable, a socket
 * refused or reset, S3 answering 503/SlowDown — as opposed to "this input cannot be done": work
 * that failed so is retried later, not given up.
 */
export function isTransientError(err: unknown): boolean {
  if (isMongoUnavailable(err) || isUnreachable(err)) return true;
  const e = err as { code?: unknown; statusCode?: unknown } | null;
  return e?.code === "SlowDown" || e?.code === "ServiceUnavailable" || e?.statusCode === 503;
}

/** A network error of Node reaching another server (S3, an HTTP API): not the request's fault. */
function isUnreachable(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  // fetch() wraps the socket's error: TypeError("fetch failed") with the code on its cause
  const code = e?.code ?? (err instanceof TypeError ? e?.cause?.code : undefined);
  return (
    typeof code === "string" &&
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "EPIPE"].includes(
      code,
    )
  );
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = toAppError(err);
    if (known) {
      if (known.status >= 500) req.log?.error({ err }, known.code);
      sendProblem(res, req, known);
      return;
    }
    const errorId = randomUUID();
    (req.log ?? logger).error({ err, errorId }, "unhandled error");
    sendProblem(res, req, new AppError("internal", undefined, { extra: { errorId } }));
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, req, fail.notFound(`Không có tài nguyên ${req.method} ${req.path}`));
};
