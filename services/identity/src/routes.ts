// HTTP: parse (zod) → service → respond. Every route but accepting an invitation needs a bearer
// token; what the caller may do on which portal is decided in the services (access.ts).
import { PortalId, PortalRole } from "@cong/contracts";
import {
  ALL_PORTALS,
  fail,
  hasRealmRole,
  mayReadPortalPeople,
  type Principal,
  zodFieldErrors,
} from "@cong/kit";
import { type Request, Router } from "express";
import { z } from "zod";
import { forbiddenOn, platformOnly, principal } from "./access";
import type { AppointmentService } from "./appointments/appointment.service";
import { AUDIT_ACTIONS, type AuditEntry, type AuditRepository } from "./audit/audit.repository";
import type { HandoverService } from "./handover/handover.service";
import { INVITATION_STATUSES } from "./invitations/invitation.repository";
import type { InvitationService } from "./invitations/invitation.service";
import type { Directory } from "./keycloak/directory";
import type { MembershipService } from "./memberships/membership.service";

const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._-]{2,63}$/,
    "3–64 chữ thường, số, dấu chấm, gạch / lowercase letters, digits, . _ -",
  );
const UserId = z.string().regex(/^[0-9a-f-]{36}$/, "a Keycloak user id (UUID)");
const UserRef = z
  .object({ userId: UserId.optional(), username: Username.optional() })
  .strict()
  .refine((v) => !!v.userId !== !!v.username, "give exactly one of userId, username");
const PersonName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .transform((s) => s.normalize("NFC"))
  .refine(
    (s) => !/[<>"`{}\\\p{Cc}]/u.test(s),
    "không được chứa ký tự đặc biệt / no markup or control characters",
  );

const GrantBody = UserRef.and(z.object({ role: PortalRole }));
const InviteBody = z
  .object({
    username: Username,
    email: z.email().max(254),
    firstName: PersonName,
    lastName: PersonName,
    portalId: PortalId.optional(),
    role: PortalRole.optional(),
  })
  .strict()
  .refine((v) => !!v.portalId === !!v.role, "give portalId and role together");
const AcceptBody = z
  .object({ token: z.string().min(20).max(200), password: z.string().min(1).max(256) })
  .strict();
const HandoverBody = z
  .object({
    from: UserRef,
    to: UserRef,
    portalIds: z.array(PortalId).min(1).max(50).optional(),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .transform((s) => s.normalize("NFC"))
      .optional(),
  })
  .strict();
const Cursor = z.string().min(1).max(1200);
const Instant = z.iso.datetime({ offset: true });
const AuditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: Instant.optional(),
    after: Instant.optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    who: z
      .string()
      .regex(
        /^[a-z0-9._-]{1,64}$/,
        "tên đăng nhập: tối đa 64 chữ thường, số, dấu chấm, gạch / a username: up to 64 lowercase letters, digits, . _ -",
      )
      .optional(),
    cursor: Cursor.optional(),
  })
  .strict()
  .refine((q) => !q.after || !q.before || Date.parse(q.after) < Date.parse(q.before), {
    path: ["after"],
    message: "`after` phải trước `before`. / `after` must be earlier than `before`.",
  });
/** The repository's query from the parsed parameters. */
const auditFilter = (q: z.output<typeof AuditQuery>) => ({
  action: q.action,
  who: q.who,
  after: q.after ? new Date(q.after) : undefined,
  before: q.before ? new Date(q.before) : undefined,
});
const MembersQuery = z
  .object({
    role: PortalRole.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(100),
    cursor: Cursor.optional(),
  })
  .strict();
const InvitationsQuery = z
  .object({
    status: z.enum(INVITATION_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: Cursor.optional(),
  })
  .strict();

/** Query parameters: a repeated or nested one (`?a=1&a=2`, `?a[$ne]=`) is refused like any bad value. */
function query<T extends z.ZodType>(schema: T, req: Request): z.output<T> {
  const r = schema.safeParse(req.query);
  if (!r.success) throw fail.validation(zodFieldErrors(r.error), "Tham số không hợp lệ. / Invalid query.");
  return r.data;
}

const portalParam = (req: Request) => {
  const r = PortalId.safeParse(req.params.portalId);
  if (!r.success)
    throw fail.notFound("Không có cổng thông tin này. / No such portal.", { reason: "portal_not_found" });
  return r.data;
};
const auditView = ({ _id, at, ...e }: AuditEntry) => ({ id: _id, at: at.toISOString(), ...e });
const rid = (req: Request) => req.headers["x-request-id"] as string | undefined;

export interface RouteDeps {
  directory: Directory;
  memberships: MembershipService;
  appointments: AppointmentService;
  invitations: InvitationService;
  handovers: HandoverService;
  audit: AuditRepository;
}

/** Routes that need no token (mounted before `authenticate`). */
export function publicRoutes(d: RouteDeps): Router {
  const r = Router();
  r.post("/invitations/accept", async (req, res) => {
    const body = AcceptBody.parse(req.body);
    res.json(await d.invitations.accept(body.token, body.password));
  });
  return r;
}

export function routes(d: RouteDeps): Router {
  const r = Router();

  r.get("/me", async (req, res) => {
    const p: Principal = principal(req);
    res.json({
      userId: p.userId,
      username: p.username,
      name: p.name,
      realmRoles: [...p.realmRoles],
      portals: Object.fromEntries([...p.portalRoles].map(([k, v]) => [k, [...v]])),
    });
  });

  r.put("/portals/:portalId", async (req, res) => {
    const p = principal(req);
    const portalId = portalParam(req);
    if (!hasRealmRole(p, "platform-admin"))
      throw fail.forbidden("Chỉ quản trị hệ thống. / Platform admins only.", {
        reason: "realm_role_required",
      });
    await d.directory.ensurePortalGroups(portalId);
    res.json({ portalId, groups: PortalRole.options.map((role) => `/portals/${portalId}/${role}`) });
  });

  r.get("/portals/:portalId/memberships", async (req, res) => {
    const q = query(MembersQuery, req);
    res.json(await d.memberships.list(principal(req), portalParam(req), { role: q.role }, q));
  });

  r.post("/portals/:portalId/memberships", async (req, res) => {
    const portalId = portalParam(req);
    const body = GrantBody.parse(req.body);
    const out = await d.memberships.grant(principal(req), portalId, body.role, body, rid(req));
    res.status(out.changed ? 201 : 200).json(out);
  });

  r.delete("/portals/:portalId/memberships/:role/:userId", async (req, res) => {
    const portalId = portalParam(req);
    const role = PortalRole.parse(req.params.role);
    const userId = UserId.parse(req.params.userId);
    res.json(await d.memberships.revoke(principal(req), portalId, role, { userId }, rid(req)));
  });

  r.get("/portals/:portalId/focal-officer", async (req, res) => {
    const a = await d.appointments.current(principal(req), portalParam(req));
    if (!a)
      throw fail.notFound("Cổng chưa có cán bộ đầu mối. / No focal officer appointed.", { reason: "none" });
    res.json(a);
  });

  r.put("/portals/:portalId/focal-officer", async (req, res) => {
    const portalId = portalParam(req);
    const body = UserRef.parse(req.body);
    res.json(await d.appointments.appoint(principal(req), portalId, body, rid(req)));
  });

  r.post("/invitations", async (req, res) => {
    const body = InviteBody.parse(req.body);
    res.status(201).json(await d.invitations.invite(principal(req), body, rid(req)));
  });

  r.post("/handovers", async (req, res) => {
    const body = HandoverBody.parse(req.body);
    res.status(201).json(await d.handovers.handOver(principal(req), body, rid(req)));
  });

  r.get("/portals/:portalId/invitations", async (req, res) => {
    const portalId = portalParam(req);
    const q = query(InvitationsQuery, req);
    res.json({ portalId, ...(await d.invitations.list(principal(req), portalId, { status: q.status }, q)) });
  });

  r.get("/invitations", async (req, res) => {
    const q = query(InvitationsQuery, req);
    res.json(await d.invitations.list(principal(req), ALL_PORTALS, { status: q.status }, q));
  });

  r.get("/portals/:portalId/audit", async (req, res) => {
    const p = principal(req);
    const portalId = portalParam(req);
    if (!mayReadPortalPeople.allows(p, portalId)) throw forbiddenOn(p, portalId);
    const q = query(AuditQuery, req);
    const page = await d.audit.list(portalId, auditFilter(q), q);
    res.json({ portalId, entries: page.docs.map(auditView), nextCursor: page.nextCursor });
  });

  r.get("/audit", async (req, res) => {
    const p = principal(req);
    if (!hasRealmRole(p, "platform-admin", "auditor")) throw platformOnly();
    const q = query(AuditQuery, req);
    const page = await d.audit.list(ALL_PORTALS, auditFilter(q), q);
    res.json({ entries: page.docs.map(auditView), nextCursor: page.nextCursor });
  });

  return r;
}
