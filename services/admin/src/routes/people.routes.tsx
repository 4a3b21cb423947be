// People (issue 19, screen 2; R-ORG, R-AGENCY, R-ACCOUNT) over identity's API, for platform
// admins; auditors see every page without an action. A form an auditor forces through anyway
// reaches identity, which refuses it: its 403 becomes a Vietnamese sentence on the page. Every
// refusal of identity (403, 404 unknown user, 409, 422) is said on the page with what the person
// typed kept.
import { type Request, type Response, Router } from "express";
import { ApiError } from "../api/client";
import { formField as body, canAct, consoleGuard } from "../http/console";
import { flash } from "../http/context";
import { portalOf, portalScope } from "../http/portal";
import { formatDateTime } from "../i18n";
import type { FormErrors } from "../views/components";
import { ErrorPage } from "../views/pages/auth";
import {
  type FocalOfficerView,
  type InvitationView,
  InvitePage,
  type MemberView,
  PEOPLE_ROLES,
  PeoplePage,
  RevokePage,
  type Values,
} from "../views/pages/people";
import { HandoverConfirmPage, HandoverPage } from "../views/pages/people-handover";
import { sendPage } from "../views/render";

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const USER_ID = /^[0-9a-f-]{36}$/;

/**
 * identity's refusal as a sentence (`refusal`) or a message beside a field. `fields` names the
 * form's field for a user reference (`username`, `from`, `to` …) by what identity calls it.
 */
function explain(
  req: Request,
  e: ApiError,
  fields: Record<string, string>,
): { errors: FormErrors; refusal?: string; status: number } {
  const t = req.ctx.page.t.people;
  const status = e.status === 404 ? 404 : e.status === 403 ? 403 : e.status === 409 ? 409 : 422;
  if (e.status === 403) return { errors: {}, refusal: t.eForbidden, status };
  if (e.status === 404) {
    if (e.reason === "portal_not_found") return { errors: {}, refusal: t.ePortalNotFound, status };
    return { errors: {}, refusal: t.eUserNotFound, status };
  }
  const byReason: Record<string, string> = {
    user_exists: t.eUserExists,
    user_disabled: t.eUserDisabled,
    self_revoke: t.eSelfRevoke,
    same_user: t.eSameUser,
    self_handover: t.eSelfHandover,
    successor_disabled: t.eSuccessorDisabled,
    no_portals: t.eNoPortals,
  };
  if (e.reason && byReason[e.reason]) return { errors: {}, refusal: byReason[e.reason], status };
  const errors: FormErrors = {};
  for (const x of e.errors) {
    const top = x.path.split(".")[0] ?? "";
    const field = fields[top] ?? fields[x.path];
    if (!field || errors[field]) continue;
    errors[field] =
      top === "email" ? t.eEmail : top === "firstName" || top === "lastName" ? t.eName : t.eUsername;
  }
  if (Object.keys(errors).length) return { errors, status };
  return { errors, refusal: e.detailFor(req.ctx.lang) ?? req.ctx.page.t.errors.generic, status };
}

/** Which user a user reference of identity's is (both fields "from", "to" use this). */
const userError = (req: Request, e: ApiError, field: string) => {
  const t = req.ctx.page.t.people;
  if (e.status === 404 && e.reason === "user_not_found")
    return { errors: { [field]: t.eUserNotFound }, status: 404 };
  return explain(req, e, { username: field, userId: field });
};

export function peopleRoutes(): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId/people", portalScope, consoleGuard);

  const members = async (req: Request): Promise<{ members: MemberView[]; more: boolean }> => {
    const { data } = await req.ctx.api.get<{ members: MemberView[]; nextCursor: string | null }>(
      "identity",
      `/portals/${portalOf(req)}/memberships`,
      { query: { limit: 200 } },
    );
    return { members: data.members, more: !!data.nextCursor };
  };
  const focal = async (req: Request): Promise<FocalOfficerView | null> => {
    const r = await req.ctx.api.get<FocalOfficerView>("identity", `/portals/${portalOf(req)}/focal-officer`, {
      accept: [404],
    });
    return r.status === 404 ? null : r.data;
  };
  const pending = async (req: Request): Promise<InvitationView[]> => {
    const { data } = await req.ctx.api.get<{ invitations: InvitationView[] }>(
      "identity",
      `/portals/${portalOf(req)}/invitations`,
      { query: { status: "pending", limit: 50 } },
    );
    return data.invitations;
  };

  const showPeople = async (
    req: Request,
    res: Response,
    o: {
      grant?: Values;
      focalValue?: string;
      errors?: FormErrors;
      refusal?: string | undefined;
      info?: string | undefined;
      status?: number;
    } = {},
  ) => {
    const [m, f, inv] = await Promise.all([members(req), focal(req), pending(req)]);
    sendPage(
      res,
      req.ctx.page,
      <PeoplePage
        members={m.members}
        more={m.more}
        focal={f}
        invitations={inv}
        canAct={canAct(req)}
        grant={o.grant ?? {}}
        focalValue={o.focalValue ?? ""}
        errors={o.errors ?? {}}
        refusal={o.refusal}
        info={o.info}
      />,
      o.status ?? 200,
    );
  };

  r.get("/p/:portalId/people", (req, res) => showPeople(req, res));

  r.post("/p/:portalId/people/grant", async (req, res) => {
    const t = req.ctx.page.t;
    const s = body(req);
    const grant = { username: s("username").toLowerCase(), role: s("role") };
    const errors: FormErrors = {};
    if (!grant.username) errors["grant-username"] = t.fieldErrors.required;
    else if (!USERNAME.test(grant.username)) errors["grant-username"] = t.people.eUsername;
    if (!PEOPLE_ROLES.includes(grant.role)) errors["grant-role"] = t.fieldErrors.invalid;
    if (Object.keys(errors).length) return showPeople(req, res, { grant, errors, status: 422 });
    const roleName = t.roles[grant.role] ?? grant.role;
    try {
      const { data } = await req.ctx.api.post<{ changed: boolean; username: string }>(
        "identity",
        `/portals/${portalOf(req)}/memberships`,
        { json: { username: grant.username, role: grant.role } },
      );
      if (!data.changed)
        return showPeople(req, res, { grant, info: t.people.alreadyHeld(grant.username, roleName) });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const p = userError(req, e, "grant-username");
      // identity says "already a member" with 409 in some versions: said as the same sentence
      const refusal =
        e.status === 409 && !("refusal" in p && p.refusal)
          ? t.people.alreadyHeld(grant.username, roleName)
          : "refusal" in p
            ? p.refusal
            : undefined;
      return showPeople(req, res, { grant, errors: p.errors, refusal, status: p.status });
    }
    flash(req, "success", t.people.granted(grant.username, roleName));
    res.redirect(303, `/p/${portalOf(req)}/people`);
  });

  r.post("/p/:portalId/people/focal-officer", async (req, res) => {
    const t = req.ctx.page.t;
    const username = body(req)("username").toLowerCase();
    if (!username || !USERNAME.test(username))
      return showPeople(req, res, {
        focalValue: username,
        errors: { "focal-username": username ? t.people.eUsername : t.fieldErrors.required },
        status: 422,
      });
    try {
      const { data } = await req.ctx.api.put<{ changed?: boolean }>(
        "identity",
        `/portals/${portalOf(req)}/focal-officer`,
        { json: { username } },
      );
      flash(
        req,
        "success",
        data.changed === false ? t.people.focalSame(username) : t.people.focalDone(username),
      );
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const p = userError(req, e, "focal-username");
      return showPeople(req, res, {
        focalValue: username,
        errors: p.errors,
        refusal: "refusal" in p ? p.refusal : undefined,
        status: p.status,
      });
    }
    res.redirect(303, `/p/${portalOf(req)}/people`);
  });

  r.get("/p/:portalId/people/revoke", async (req, res) => {
    const role = String(req.query.role ?? "");
    const userId = String(req.query.userId ?? "");
    if (!canAct(req)) return sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
    if (!PEOPLE_ROLES.includes(role) || !USER_ID.test(userId))
      return sendPage(res, req.ctx.page, <ErrorPage kind="notFound" />, 404);
    const member = (await members(req)).members.find((m) => m.userId === userId && m.role === role);
    if (!member) return showPeople(req, res, { info: req.ctx.page.t.people.notHeld });
    sendPage(res, req.ctx.page, <RevokePage member={member} />);
  });

  r.post("/p/:portalId/people/revoke", async (req, res) => {
    const t = req.ctx.page.t;
    const s = body(req);
    const role = s("role");
    const userId = s("userId");
    if (!PEOPLE_ROLES.includes(role) || !USER_ID.test(userId))
      return sendPage(res, req.ctx.page, <ErrorPage kind="notFound" />, 404);
    let out: { username: string; changed: boolean };
    try {
      out = (
        await req.ctx.api.delete<{ username: string; changed: boolean }>(
          "identity",
          `/portals/${portalOf(req)}/memberships/${role}/${userId}`,
        )
      ).data;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const p = explain(req, e, {});
      return showPeople(req, res, { refusal: p.refusal ?? t.errors.generic, status: p.status });
    }
    const roleName = t.roles[role] ?? role;
    flash(
      req,
      out.changed ? "success" : "info",
      out.changed ? t.people.revoked(out.username, roleName) : t.people.notHeld,
    );
    res.redirect(303, `/p/${portalOf(req)}/people`);
  });

  const showInvite = async (
    req: Request,
    res: Response,
    values: Values,
    errors: FormErrors,
    refusal?: string,
    status = 200,
  ) =>
    sendPage(
      res,
      req.ctx.page,
      <InvitePage
        canAct={canAct(req)}
        values={values}
        errors={errors}
        refusal={refusal}
        invitations={await pending(req)}
      />,
      status,
    );

  r.get("/p/:portalId/people/invite", (req, res) => showInvite(req, res, {}, {}));

  r.post("/p/:portalId/people/invite", async (req, res) => {
    const t = req.ctx.page.t;
    const s = body(req);
    const values = {
      lastName: s("lastName"),
      firstName: s("firstName"),
      email: s("email").toLowerCase(),
      username: s("username").toLowerCase(),
      role: s("role"),
    };
    const errors: FormErrors = {};
    for (const k of ["lastName", "firstName", "email", "username"] as const)
      if (!values[k]) errors[k] = t.fieldErrors.required;
    if (values.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) errors.email = t.people.eEmail;
    if (values.username && !USERNAME.test(values.username)) errors.username = t.people.eUsername;
    if (!PEOPLE_ROLES.includes(values.role)) errors.role = t.fieldErrors.invalid;
    if (Object.keys(errors).length) return showInvite(req, res, values, errors, undefined, 422);
    let out: { expiresAt: string };
    try {
      out = (
        await req.ctx.api.post<{ expiresAt: string }>("identity", "/invitations", {
          json: { ...values, portalId: portalOf(req) },
        })
      ).data;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const p = explain(req, e, {
        username: "username",
        email: "email",
        firstName: "firstName",
        lastName: "lastName",
      });
      return showInvite(req, res, values, p.errors, p.refusal, p.status);
    }
    flash(req, "success", t.people.invited(values.email, formatDateTime(out.expiresAt)));
    res.redirect(303, `/p/${portalOf(req)}/people/invite`);
  });

  const showHandover = (
    req: Request,
    res: Response,
    values: Values,
    errors: FormErrors,
    refusal?: string,
    status = 200,
  ) =>
    sendPage(
      res,
      req.ctx.page,
      <HandoverPage canAct={canAct(req)} values={values} errors={errors} refusal={refusal} />,
      status,
    );

  r.get("/p/:portalId/people/handover", (req, res) => showHandover(req, res, {}, {}));

  r.post("/p/:portalId/people/handover", async (req, res) => {
    const t = req.ctx.page.t;
    const s = body(req);
    const values = { from: s("from").toLowerCase(), to: s("to").toLowerCase(), reason: s("reason") };
    const step = s("step");
    const errors: FormErrors = {};
    for (const k of ["from", "to"] as const)
      if (!values[k]) errors[k] = t.fieldErrors.required;
      else if (!USERNAME.test(values[k])) errors[k] = t.people.eUsername;
    if (!errors.to && values.from && values.from === values.to) errors.to = t.people.eSameUser;
    if (values.reason.length > 500) errors.reason = t.fieldErrors.too_big;
    if (step === "edit" || Object.keys(errors).length)
      return showHandover(req, res, values, errors, undefined, step === "edit" ? 200 : 422);
    if (step !== "confirm") {
      // the review step: who is who, and the roles the leaving officer holds on this portal
      const list = (await members(req)).members;
      const from = list.filter((m) => m.username === values.from);
      const to = list.find((m) => m.username === values.to);
      sendPage(
        res,
        req.ctx.page,
        <HandoverConfirmPage
          values={values}
          from={from}
          fromName={from[0] ? `${from[0].name} (${values.from})` : values.from}
          toName={to ? `${to.name} (${values.to})` : values.to}
        />,
      );
      return;
    }
    let out: { roles: unknown[] };
    try {
      out = (
        await req.ctx.api.post<{ roles: unknown[] }>("identity", "/handovers", {
          json: {
            from: { username: values.from },
            to: { username: values.to },
            ...(values.reason ? { reason: values.reason } : {}),
          },
        })
      ).data;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // which of the two names identity did not know it does not say: the sentence names both
      const p = explain(req, e, {});
      return showHandover(req, res, values, p.errors, p.refusal, p.status);
    }
    flash(req, "success", t.people.handedOver(values.from, values.to, out.roles.length));
    res.redirect(303, `/p/${portalOf(req)}/people`);
  });

  return r;
}
