// What every route module of archive does with a request: parse a value with zod (422 naming each
// field) and take the caller (401 without one), and refuse a caller without a realm role (403).
import type { RealmRole } from "@cong/contracts";
import { fail, hasRealmRole, type Principal, zodFieldErrors } from "@cong/kit";
import type { Request } from "express";
import type { z } from "zod";

/** 422 `validation_failed` naming each field (a custom check names its own code, e.g. `invalid_date`). */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const errors = zodFieldErrors(r.error).map((e, n) => {
      const own = (r.error.issues[n] as { params?: { code?: unknown } }).params?.code;
      return typeof own === "string" ? { ...e, code: own } : e;
    });
    throw fail.validation(errors, "Dữ liệu chưa hợp lệ / invalid input");
  }
  return r.data;
}

export function principal(req: Request): Principal {
  if (!req.principal) throw fail.unauthenticated("Cần đăng nhập / authentication required");
  return req.principal;
}

/** The caller, when it has one of the realm `roles`; else 403 `realm_role_required` with `detail`. */
export function withRealmRole(req: Request, roles: RealmRole[], detail: string): Principal {
  const p = principal(req);
  if (!hasRealmRole(p, ...roles)) throw fail.forbidden(detail, { reason: "realm_role_required" });
  return p;
}
