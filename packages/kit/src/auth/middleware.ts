// Express middleware: `authenticate` turns a bearer token into `req.principal` (401 otherwise);
// `requireRealmRole` and `requirePortalRole` answer 403 in problem+json when the caller lacks
// the role — on that very portal (R-ORG: no role on portal A grants anything on portal B).
import type { PortalRole, RealmRole } from "@cong/contracts";
import type { Request, RequestHandler } from "express";
import { AppError } from "../errors";
import { hasPortalRole, hasRealmRole, type Principal, principalFromClaims } from "./principal";
import { InvalidToken, type TokenVerifier } from "./verifier";

declare global {
  namespace Express {
    interface Request {
      /** the authenticated caller, set by `authenticate` */
      principal?: Principal;
    }
  }
}

function unauthenticated(realm: string, detail: string, error?: string): AppError {
  const challenge = error ? `Bearer realm="${realm}", error="${error}"` : `Bearer realm="${realm}"`;
  return new AppError("unauthenticated", detail, {
    reason: error ?? "missing_token",
    headers: { "WWW-Authenticate": challenge },
  });
}

/** Requires a valid bearer token; sets `req.principal`. */
export function authenticate(verifier: TokenVerifier, realm = "bacgiang"): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header) return next(unauthenticated(realm, "Cần đăng nhập để thực hiện thao tác này."));
    const m = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
    if (!m?.[1])
      return next(unauthenticated(realm, "Thông tin xác thực không đúng định dạng.", "invalid_request"));
    try {
      const claims = await verifier.verify(m[1]);
      req.principal = principalFromClaims(claims);
      req.log?.setBindings?.({ user: req.principal.username });
      next();
    } catch (e) {
      if (e instanceof InvalidToken) {
        req.log?.info({ reason: e.message }, "token refused");
        return next(unauthenticated(realm, "Phiên đăng nhập không hợp lệ hoặc đã hết hạn.", "invalid_token"));
      }
      next(e);
    }
  };
}

function requirePrincipal(req: Request): Principal {
  if (!req.principal) throw new AppError("unauthenticated", "Cần đăng nhập để thực hiện thao tác này.");
  return req.principal;
}

export function requireRealmRole(...roles: RealmRole[]): RequestHandler {
  return (req, _res, next) => {
    const p = requirePrincipal(req);
    if (hasRealmRole(p, ...roles)) return next();
    next(
      new AppError("forbidden", "Tài khoản không có vai trò quản trị cần thiết.", {
        reason: "realm_role_required",
      }),
    );
  };
}

export interface PortalRoleOptions {
  /** realm roles that also pass (e.g. `platform-admin` for portal registry changes) */
  orRealmRoles?: RealmRole[];
}

/**
 * Requires one of `roles` on the portal named by `portal` (a fixed id, or read from the request,
 * e.g. `(req) => req.params.portalId`).
 */
export function requirePortalRole(
  portal: string | ((req: Request) => string | undefined),
  roles: readonly PortalRole[],
  opts: PortalRoleOptions = {},
): RequestHandler {
  return (req, _res, next) => {
    const p = requirePrincipal(req);
    const portalId = typeof portal === "string" ? portal : portal(req);
    if (!portalId) return next(new AppError("not_found", "Không xác định được cổng thông tin."));
    if (hasPortalRole(p, portalId, roles)) return next();
    if (opts.orRealmRoles && hasRealmRole(p, ...opts.orRealmRoles)) return next();
    const member = p.portalRoles.has(portalId);
    next(
      new AppError(
        "forbidden",
        member
          ? "Vai trò của bạn trên cổng này không được phép thực hiện thao tác này."
          : "Bạn không thuộc cổng thông tin này.",
        { reason: member ? "portal_role_required" : "not_a_member_of_portal", extra: { portalId } },
      ),
    );
  };
}
