// Reader comments with moderation and agency replies, and public comments on drafts open for
// comment (R-FEEDBACK, R-MODERATE, R-BOARD). Routes parse (the public intake with @cong/contracts'
// CommentIntake, publishing's schema), call CommentService (comment.service.ts) and respond.
// Draft comments are listed for the board and exported as CSV (UTF-8 BOM).
import { CommentIntake, intakeFieldErrors } from "@cong/contracts";
import { fail, type Service } from "@cong/kit";
import type express from "express";
import { z } from "zod";
import { checkedPortal, mayModerateComments, mayReadComments } from "../auth";
import {
  actorOf,
  cleanText,
  csvCell,
  h,
  parse,
  publicRateLimit,
  type RateLimitOptions,
} from "../feedback/shared";
import type { CommentService } from "./comment.service";
import type { CommentDoc } from "./comment.types";

export type { CommentDoc } from "./comment.types";

const text = (min: number, max: number) => z.string().transform(cleanText).pipe(z.string().min(min).max(max));

const ModerateBody = z.strictObject({ decision: z.enum(["approve", "reject"]) });
const ReplyBody = z.strictObject({ text: text(2, 5000) });
const ListQuery = z.object({
  status: z.enum(["held", "approved", "rejected"]).optional(),
  itemId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
const PublicListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(200),
  cursor: z.string().max(2000).optional(),
});

export interface CommentDeps {
  svc: Service;
  comments: CommentService;
  rateLimit: RateLimitOptions;
}

function publicView(c: CommentDoc) {
  return {
    commentId: c._id,
    text: c.text,
    createdAt: c.createdAt.toISOString(),
    ...(c.reply ? { reply: { text: c.reply.text, at: c.reply.at.toISOString() } } : {}),
  };
}

function staffView(c: CommentDoc) {
  const { _id, ...rest } = c as CommentDoc & { _outbox?: unknown };
  delete (rest as { _outbox?: unknown })._outbox;
  return { commentId: _id, ...rest };
}

/** The public intake body, parsed with the contract publishing's form uses (422 with its refusal codes). */
function parseIntake(raw: unknown): CommentIntake {
  const r = CommentIntake.safeParse(raw ?? {});
  if (!r.success) throw fail.validation(intakeFieldErrors(r.error), "Dữ liệu chưa hợp lệ. / Invalid data.");
  return r.data;
}

const pageOf = (q: { limit: number; cursor?: string | undefined }) => ({
  limit: q.limit,
  ...(q.cursor ? { cursor: q.cursor } : {}),
});

/** `gop-y-du-thao-<item>` without characters a file name cannot carry. */
const exportName = (itemId: string, ext: string) =>
  `attachment; filename="gop-y-du-thao-${itemId.replace(/[^\w-]/g, "")}.${ext}"`;

export function commentRoutes(router: express.Router, d: CommentDeps): void {
  const auth = d.svc.authenticate();

  router.post(
    "/public/items/:itemId/comments",
    publicRateLimit(d.rateLimit),
    h(async (req, res) => {
      const body = parseIntake(req.body);
      res.status(202).json(await d.comments.receive(String(req.params.itemId), body));
    }),
  );

  router.get(
    "/public/items/:itemId/comments",
    h(async (req, res) => {
      const q = parse(PublicListQuery, req.query);
      const page = await d.comments.approvedOf(String(req.params.itemId), pageOf(q));
      res.json({ items: page.items.map(publicView), nextCursor: page.nextCursor });
    }),
  );

  router.get(
    "/portals/:portalId/comments",
    auth,
    mayReadComments,
    h(async (req, res) => {
      const q = parse(ListQuery, req.query);
      const query = { ...(q.status ? { status: q.status } : {}), ...(q.itemId ? { itemId: q.itemId } : {}) };
      const page = await d.comments.list(checkedPortal(req), query, pageOf(q));
      res.json({ items: page.items.map(staffView), nextCursor: page.nextCursor });
    }),
  );

  router.post(
    "/portals/:portalId/comments/:commentId/moderate",
    auth,
    mayModerateComments,
    h(async (req, res) => {
      const body = parse(ModerateBody, req.body);
      const portalId = checkedPortal(req);
      res.json(
        staffView(
          await d.comments.moderate(portalId, String(req.params.commentId), body.decision, actorOf(req)),
        ),
      );
    }),
  );

  router.post(
    "/portals/:portalId/comments/:commentId/reply",
    auth,
    mayModerateComments,
    h(async (req, res) => {
      const body = parse(ReplyBody, req.body);
      const portalId = checkedPortal(req);
      res.json(
        staffView(await d.comments.reply(portalId, String(req.params.commentId), body.text, actorOf(req))),
      );
    }),
  );

  /**
   * The consultation summary as a PDF (R-CONTENT), for the drafting agency, once the comment
   * window has closed: names and organisations the commenters chose to give, not their addresses
   * (R-PII: the CSV, for the board, has those).
   */
  router.get(
    "/portals/:portalId/items/:itemId/draft-comments/summary.pdf",
    auth,
    mayReadComments,
    h(async (req, res) => {
      const itemId = String(req.params.itemId);
      const pdf = await d.comments.summaryPdf(checkedPortal(req), itemId);
      res.setHeader("Content-Type", "application/pdf");
      res.setHeader("Content-Disposition", exportName(itemId, "pdf"));
      res.send(pdf);
    }),
  );

  /** Draft comments collected for an item, JSON or CSV (UTF-8 BOM, opens in Excel). */
  router.get(
    "/portals/:portalId/items/:itemId/draft-comments",
    auth,
    mayReadComments,
    h(async (req, res) => {
      const itemId = String(req.params.itemId);
      const docs = await d.comments.draftComments(checkedPortal(req), itemId);
      if (req.query.format === "csv" || req.accepts(["application/json", "text/csv"]) === "text/csv") {
        const lines = [["commentId", "createdAt", "fullName", "organization", "email", "text"].join(",")];
        for (const c of docs)
          lines.push(
            [c._id, c.createdAt, c.contact?.fullName, c.contact?.organization, c.contact?.email, c.text]
              .map(csvCell)
              .join(","),
          );
        res.setHeader("Content-Type", "text/csv; charset=utf-8");
        res.setHeader("Content-Disposition", exportName(itemId, "csv"));
        res.send(`\uFEFF${lines.join("\r\n")}\r\n`);
        return;
      }
      res.json({ items: docs.map(staffView) });
    }),
  );
}
