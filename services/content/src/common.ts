// Small helpers shared by the modules: the acting person, ETags/versions, dates.
import type { Actor } from "@cong/contracts";
import { AppError, fail } from "@cong/kit";
import type { Request } from "express";

/** The caller as an event/audit actor. */
export function actorOf(req: Request): Actor {
  const p = req.principal;
  if (!p) throw new AppError("unauthenticated", "Cần đăng nhập để thực hiện thao tác này.");
  return { id: p.userId, username: p.username, name: p.name };
}

/** The version the client edited: `If-Match: "7"` (or W/"7"), else `body.version`. */
export function expectedVersion(req: Request): number | undefined {
  const h = req.headers["if-match"];
  if (typeof h === "string" && h.trim()) {
    const m = /^(?:W\/)?"?(\d+)"?$/.exec(h.trim());
    if (!m) throw fail.malformed('If-Match phải là phiên bản dạng "7".', { reason: "invalid_if_match" });
    return Number(m[1]);
  }
  const v = (req.body as { version?: unknown } | undefined)?.version;
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
    throw fail.validation([{ path: "version", code: "invalid_type", message: "an integer" }]);
  return v;
}

export function staleVersion(current: number, given: number): AppError {
  return fail.conflict(
    `Nội dung đã được người khác thay đổi (phiên bản hiện tại ${current}, bạn sửa phiên bản ${given}). Vui lòng tải lại. / Stale version.`,
    { reason: "stale_version", extra: { currentVersion: current } },
  );
}

export const iso = (d: Date) => d.toISOString();

/** "YYYY-MM" of a date in Vietnam's time zone (UTC+7, no DST). */
export function vnPeriod(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3600_000);
  return local.toISOString().slice(0, 7);
}

/** A page size from the query, 1..max. */
export function pageLimit(raw: unknown, def = 20, max = 100): number {
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw fail.validation([{ path: "limit", code: "too_big", message: `1..${max}` }]);
  return n;
}
