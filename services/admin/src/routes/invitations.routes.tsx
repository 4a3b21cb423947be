// The invitation link (R-ACCOUNT): identity mails `ADMIN_PUBLIC_URL/invitations/<token>` to the
// person invited; this page lets them choose their password and sends it to identity's
// `POST /invitations/accept` (no bearer token: the link's token is the secret). Mounted before
// `requireUser`: the invited person has no session yet. CSRF-protected like every form here.
import { type Request, type Response, Router } from "express";
import { ApiUnavailable } from "../api/client";
import type { AdminConfig } from "../config";
import type { FormErrors } from "../views/components";
import { InvitationDonePage, InvitationPage } from "../views/pages/invitation";
import { sendPage } from "../views/render";

/** identity's tokens: 32 random bytes in base64url (43 characters); nothing else is sent on */
const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

function noTrace(res: Response): void {
  // the token is in the address: never in a Referer to another site, in a cache or a search
  // engine. `same-origin`, not `no-referrer`: with no-referrer Chromium posts the form with
  // `Origin: null`, which the admin's origin check refuses
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Robots-Tag", "noindex, nofollow");
}

export function invitationRoutes(config: AdminConfig): Router {
  const r = Router();
  const tokenOf = (req: Request): string | null => {
    const token = String(req.params.token ?? "");
    return TOKEN.test(token) ? token : null;
  };

  r.get("/invitations/:token", (req, res) => {
    noTrace(res);
    const token = tokenOf(req);
    if (!token) return sendPage(res, req.ctx.page, <InvitationDonePage outcome="used" />, 404);
    sendPage(res, req.ctx.page, <InvitationPage token={token} />);
  });

  r.post("/invitations/:token", async (req, res) => {
    noTrace(res);
    const { t } = req.ctx.page;
    const token = tokenOf(req);
    if (!token) return sendPage(res, req.ctx.page, <InvitationDonePage outcome="used" />, 404);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const password = typeof body.password === "string" ? body.password : "";
    const confirm = typeof body.confirm === "string" ? body.confirm : "";
    const errors: FormErrors = {};
    if (!password) errors.password = t.invitation.passwordRequired;
    else if (password.length > 128) errors.password = t.invitation.passwordTooLong;
    else if (confirm !== password) errors.confirm = t.invitation.mismatch;
    if (Object.keys(errors).length)
      return sendPage(res, req.ctx.page, <InvitationPage token={token} errors={errors} />, 422);

    let answer: globalThis.Response;
    try {
      answer = await fetch(`${config.IDENTITY_API_URL.replace(/\/$/, "")}/invitations/accept`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, application/problem+json",
          "accept-language": req.ctx.page.t.lang,
        },
        body: JSON.stringify({ token, password }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      throw new ApiUnavailable(`identity: ${(e as Error).message}`);
    }
    if (answer.status === 200) {
      const who = (await answer.json()) as { username?: string };
      return sendPage(
        res,
        req.ctx.page,
        <InvitationDonePage outcome="accepted" username={String(who.username ?? "")} />,
      );
    }
    if (answer.status === 404) return sendPage(res, req.ctx.page, <InvitationDonePage outcome="used" />, 404);
    if (answer.status === 410)
      return sendPage(res, req.ctx.page, <InvitationDonePage outcome="expired" />, 410);
    if (answer.status === 422)
      return sendPage(
        res,
        req.ctx.page,
        <InvitationPage token={token} errors={{ password: t.invitation.policy }} />,
        422,
      );
    throw new ApiUnavailable(`identity answered ${answer.status} to an invitation`);
  });

  return r;
}
