// The feedback inbox (R-FEEDBACK, R-BOARD, R-PII) over content's feedback API: the list (due
// first while unanswered), the overdue count and working days overdue, one message, assign
// (board or focal officer), answer (focal officer). The portal's focal officers come from
// identity's memberships; when identity does not answer, the form asks for the agency only.
import { type Request, Router } from "express";
import { ApiError, ApiUnavailable } from "../api/client";
import { BOARD_ROLES } from "../forms/abilities";
import { flash } from "../http/context";
import { portalOf, portalScope } from "../http/portal";
import { TtlCache } from "../http/ttl-cache";
import type { FormErrors } from "../views/components";
import { ErrorPage } from "../views/pages/auth";
import { FeedbackListPage, type FeedbackView } from "../views/pages/feedback";
import { type FeedbackFormValues, FeedbackPage, type OfficerChoice } from "../views/pages/feedback-item";
import { sendPage } from "../views/render";

/** Who sees the inbox: the roles content's GET /portals/{id}/feedback accepts. */
export const FEEDBACK_ROLES = [...BOARD_ROLES, "focal-officer"];
const ID = /^[a-f0-9]{24}$/;
const CURSOR = /^[A-Za-z0-9_:|.~=+/-]{1,2000}$/;
const STATUSES = ["received", "assigned", "answered"];

/** The portal's focal officers (identity), kept a minute per portal. */
const officersCache = new TtlCache<OfficerChoice[] | null>(60_000);

async function officers(req: Request): Promise<OfficerChoice[] | null> {
  const portalId = portalOf(req);
  return officersCache.get(portalId, async () => {
    try {
      const { data } = await req.ctx.api.get<{ members: (OfficerChoice & { enabled?: boolean })[] }>(
        "identity",
        `/portals/${portalId}/memberships`,
        { query: { role: "focal-officer", limit: 100 } },
      );
      return data.members
        .filter((m) => m.enabled !== false)
        .map((m) => ({ userId: m.userId, username: m.username, name: m.name }));
    } catch (e) {
      // identity away, or the person may not read memberships (a focal officer): no list
      if (e instanceof ApiError || e instanceof ApiUnavailable) return null;
      throw e;
    }
  });
}

function allowed(req: Request): boolean {
  return req.ctx.rolesOn(portalOf(req)).some((r) => FEEDBACK_ROLES.includes(r));
}

async function load(req: Request): Promise<FeedbackView> {
  const id = String(req.params.feedbackId);
  if (!ID.test(id)) throw new ApiError(404, "not_found", undefined, undefined, [], {});
  return (await req.ctx.api.get<FeedbackView>("content", `/portals/${portalOf(req)}/feedback/${id}`)).data;
}

const str = (v: unknown) => (typeof v === "string" ? v.normalize("NFC").trim() : "");

/** content's problem → messages beside the fields of the form, or one refusal for the summary. */
function problemOf(req: Request, e: ApiError): { errors: FormErrors; refusal?: string } {
  const t = req.ctx.page.t;
  if (e.reason === "already_answered") return { errors: {}, refusal: t.feedback.alreadyAnswered };
  if (e.status === 403) return { errors: {}, refusal: t.feedback.answerOnlyFocal };
  const errors: FormErrors = {};
  for (const x of e.errors) {
    const field = x.path.split(".")[0] ?? "";
    if (!field || errors[field]) continue;
    errors[field] =
      x.code === "personal_data"
        ? t.feedback.personalData
        : field === "publishAsQa"
          ? t.feedback.onlyQuestions
          : field === "publicQuestion" && x.code === "required"
            ? t.feedback.publicQuestionHint
            : (t.fieldErrors[x.code as keyof typeof t.fieldErrors] ?? t.fieldErrors.invalid);
  }
  if (Object.keys(errors).length) return { errors };
  return { errors: {}, refusal: e.detailFor(req.ctx.lang) ?? t.errors.generic };
}

export function feedbackRoutes(): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId/feedback", portalScope, (req, res, next) => {
    if (allowed(req)) next();
    else sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
  });

  r.get("/p/:portalId/feedback", async (req, res) => {
    const portalId = portalOf(req);
    const status =
      typeof req.query.status === "string" && STATUSES.includes(req.query.status)
        ? req.query.status
        : undefined;
    const overdue = req.query.overdue === "true";
    const cursor =
      typeof req.query.cursor === "string" && CURSOR.test(req.query.cursor) ? req.query.cursor : undefined;
    // unanswered messages by due date (the oldest deadline first); answered ones newest first
    const sort = status === "answered" ? "received" : overdue || status ? "due" : "received";
    const [list, late] = await Promise.all([
      req.ctx.api.get<{ items: FeedbackView[]; nextCursor?: string | null }>(
        "content",
        `/portals/${portalId}/feedback`,
        { query: { status, overdue: overdue ? "true" : undefined, sort, limit: 25, cursor } },
      ),
      req.ctx.api.get<{ items: FeedbackView[]; nextCursor?: string | null }>(
        "content",
        `/portals/${portalId}/feedback-overdue`,
        { query: { limit: 100 } },
      ),
    ]);
    const overdueDays = Object.fromEntries(
      late.data.items.map((x) => [x.feedbackId, x.workingDaysOverdue ?? 0] as const),
    );
    const qs = (extra: Record<string, string>) =>
      `/p/${portalId}/feedback?${new URLSearchParams({
        ...(status ? { status } : {}),
        ...(overdue ? { overdue: "true" } : {}),
        ...extra,
      })}`;
    sendPage(
      res,
      req.ctx.page,
      <FeedbackListPage
        rows={list.data.items}
        filters={{ status, overdue }}
        overdueCount={late.data.items.length}
        overdueDays={overdueDays}
        nextHref={list.data.nextCursor ? qs({ cursor: list.data.nextCursor }) : undefined}
        firstHref={cursor ? qs({}) : undefined}
      />,
    );
  });

  const show = async (
    req: Request,
    f: FeedbackView,
    extra: { errors?: FormErrors; refusal?: string; values?: FeedbackFormValues; form?: "assign" | "answer" },
    status = 200,
  ) => {
    const list = f.status === "answered" ? [] : await officers(req);
    sendPage(
      req.res as import("express").Response,
      req.ctx.page,
      <FeedbackPage
        f={f}
        officers={list}
        errors={extra.errors ?? {}}
        refusal={extra.refusal}
        values={extra.values ?? {}}
        {...(extra.form ? { form: extra.form } : {})}
      />,
      status,
    );
  };

  r.get("/p/:portalId/feedback/:feedbackId", async (req) => {
    await show(req, await load(req), {});
  });

  r.post("/p/:portalId/feedback/:feedbackId/assign", async (req, res) => {
    const t = req.ctx.page.t;
    const f = await load(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: FeedbackFormValues = {
      officer: str(body.officer),
      agency: str(body.agency),
      note: str(body.note),
    };
    let assignee: { userId: string; username: string } | undefined;
    if (values.officer === "me" && req.session.user) {
      assignee = { userId: req.session.user.sub, username: req.session.user.username };
    } else if (values.officer) {
      const o = (await officers(req))?.find((x) => x.userId === values.officer);
      if (!o) {
        await show(req, f, { errors: { officer: t.fieldErrors.invalid }, values, form: "assign" }, 422);
        return;
      }
      assignee = { userId: o.userId, username: o.username };
    }
    if (!assignee && !values.agency) {
      const field = (await officers(req))?.length ? "officer" : "agency";
      await show(req, f, { errors: { [field]: t.feedback.assignMissing }, values, form: "assign" }, 422);
      return;
    }
    try {
      await req.ctx.api.post("content", `/portals/${portalOf(req)}/feedback/${f.feedbackId}/assign`, {
        json: {
          ...(values.agency ? { agency: values.agency } : {}),
          ...(assignee ? { assignee } : {}),
          ...(values.note ? { note: values.note } : {}),
        },
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      await show(req, f, { ...problemOf(req, e), values, form: "assign" }, e.status === 409 ? 409 : 422);
      return;
    }
    flash(req, "success", t.feedback.assigned);
    res.redirect(303, `/p/${portalOf(req)}/feedback/${f.feedbackId}`);
  });

  r.post("/p/:portalId/feedback/:feedbackId/answer", async (req, res) => {
    const t = req.ctx.page.t;
    const f = await load(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values: FeedbackFormValues = {
      answer: str(body.answer),
      publishAsQa: body.publishAsQa === "true",
      publicQuestion: str(body.publicQuestion),
      qaTitle: str(body.qaTitle),
    };
    if (!values.answer) {
      await show(req, f, { errors: { answer: t.fieldErrors.required }, values, form: "answer" }, 422);
      return;
    }
    if (values.publishAsQa && !values.publicQuestion) {
      await show(
        req,
        f,
        { errors: { publicQuestion: t.feedback.publicQuestionHint }, values, form: "answer" },
        422,
      );
      return;
    }
    let answered: FeedbackView;
    try {
      answered = (
        await req.ctx.api.post<FeedbackView>(
          "content",
          `/portals/${portalOf(req)}/feedback/${f.feedbackId}/answer`,
          {
            json: {
              answer: values.answer,
              publishAsQa: !!values.publishAsQa,
              ...(values.publishAsQa && values.publicQuestion
                ? { publicQuestion: values.publicQuestion }
                : {}),
              ...(values.publishAsQa && values.qaTitle ? { qaTitle: values.qaTitle } : {}),
            },
          },
        )
      ).data;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      await show(req, f, { ...problemOf(req, e), values, form: "answer" }, e.status === 409 ? 409 : 422);
      return;
    }
    flash(req, "success", answered.answer?.publishedAsQaItemId ? t.feedback.answeredQa : t.feedback.answered);
    res.redirect(303, `/p/${portalOf(req)}/feedback/${f.feedbackId}`);
  });

  return r;
}
