// Small helpers of the extras modules (feedback, comments, ad slots).
import { randomBytes } from "node:crypto";
import type { Actor } from "@cong/contracts";
import { AppError, fail, zodFieldErrors } from "@cong/kit";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { rateLimit } from "express-rate-limit";
import type { z } from "zod";

export const newId = () => randomBytes(12).toString("hex");

/** Parses a body/query with zod; 422 problem+json with field errors otherwise. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw fail.validation(zodFieldErrors(r.error), "Dữ liệu chưa hợp lệ. / Invalid data.");
  return r.data;
}

/** Wraps an async handler so a thrown error reaches the error handler. */
export function h(fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };
}

export function actorOf(req: Request): Actor {
  const p = req.principal;
  if (!p) throw new AppError("unauthenticated", "Cần đăng nhập để thực hiện thao tác này.");
  return { id: p.userId, username: p.username, name: p.name };
}

/** Trims, NFC-normalises and removes control characters (except newlines and tabs): @cong/text's. */
export { cleanText } from "@cong/text";

export interface RateLimitOptions {
  windowMs: number;
  limit: number;
}

/** Per-client-IP rate limit answering 429 in problem+json (R-FEEDBACK). */
export function publicRateLimit(opts: RateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, _res, next, options) => {
      next(
        fail.rateLimited(
          "Bạn đã gửi quá nhiều lần, vui lòng thử lại sau. / Too many submissions, try again later.",
          {
            reason: "too_many_submissions",
            headers: { "Retry-After": String(Math.ceil(options.windowMs / 1000)) },
          },
        ),
      );
    },
  });
}

/** A https URL without credentials (R-ADS: link targets and images are https only). */
export function isSafeHttpsUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  return u.protocol === "https:" && !u.username && !u.password && !!u.hostname && raw.length <= 2000;
}

/** RFC 4180 CSV cell (formula-injection safe: a leading = + - @ is prefixed with '). */
export function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? "" : v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
