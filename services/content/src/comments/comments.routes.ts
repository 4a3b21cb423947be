// Reader comments with moderation and agency replies, and public comments on drafts open for
// comment (R-FEEDBACK, R-MODERATE, R-BOARD). Reader comments are held until the board or focal
// officer of the item's portal approves them; only approved comments (text, time, the agency's
// reply) are public. Draft comments are accepted only inside the item's comment window and are
// listed for the board and exported as CSV (UTF-8 BOM).
import type { Actor } from "@cong/contracts";
import { FeedbackReceived } from "@cong/contracts";
import { BOARD_ROLES, fail, requirePortalRole, type Service } from "@cong/kit";
import type express from "express";
import { z } from "zod";
import { dueAt as computeDueAt, type WorkingCalendar } from "../calendar";
import { ANSWER_WORKING_DAYS } from "../feedback/feedback.routes";
import {
  actorOf,
  cleanText,
  csvCell,
  h,
  newId,
  parse,
  publicRateLimit,
  type RateLimitOptions,
} from "../feedback/shared";
import type { ItemPort, PortalReader } from "../ports";
import type { CommentRepository } from "./comment.repository";
import { renderConsultationPdf } from "./comments.pdf";

export interface CommentDoc {
  _id: string;
  portalId: string;
  itemId: string;
  /** reader: on a published item; draft: on a draft open for public comment */
  kind: "reader" | "draft";
  status: "held" | "approved" | "rejected";
  text: string;
  /** draft comments only, optional, with consent: who comments (board only, CSV) */
  contact?: { fullName?: string; organization?: string; email?: string };
  createdAt: Date;
  moderatedAt?: Date;
  moderatedBy?: Actor;
  reply?: { text: string; at: Date; by: Actor };
}

const portalParam = (req: express.Request) => req.params.portalId as string | undefined;
const canModerate = requirePortalRole(portalParam, [...BOARD_ROLES, "focal-officer"]);
const canRead = requirePortalRole(portalParam, [...BOARD_ROLES, "focal-officer"], {
  orRealmRoles: ["auditor"],
});

const text = (min: number, max: number) => z.string().transform(cleanText).pipe(z.string().min(min).max(max));

const CommentBody = z.strictObject({
  text: text(2, 3000),
  /** draft comments: optional identification, only with consent */
  fullName: text(2, 100).optional(),
  organization: text(2, 200).optional(),
  email: z.email().max(200).optional(),
  consent: z.boolean().optional(),
  /** honeypot */
  website: z.string().max(500).optional(),
});

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
  comments: CommentRepository;
  portals: PortalReader;
  items: ItemPort;
  calendar: WorkingCalendar;
  now: () => Date;
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

export function commentRoutes(router: express.Router, d: CommentDeps): void {
  const auth = d.svc.authenticate();

  router.post(
    "/public/items/:itemId/comments",
    publicRateLimit(d.rateLimit),
    h(async (req, res) => {
      const body = parse(CommentBody, req.body);
      const item = await d.items.getPublic(String(req.params.itemId));
      // an item that is not live — never published, taken down, archived — is not there for readers,
      // whatever its kind or comment window (issue 15, class 4)
      if (!item?.published) throw fail.notFound("Không tìm thấy bài viết. / Item not found.");
      const now = d.now();
      const isDraft = item.kind === "draft-for-comment";
      if (isDraft) {
        const w = item.comment;
        if (!w)
          throw fail.conflict(
            "Dự thảo này không lấy ý kiến công khai. / This draft takes no public comment.",
            { reason: "comment_window_none" },
          );
        if (now < w.opensAt)
          throw fail.conflict(
            `Chưa đến thời gian lấy ý kiến (từ ${w.opensAt.toISOString()}). / The comment period has not opened yet.`,
            { reason: "comment_window_not_open", extra: { opensAt: w.opensAt.toISOString() } },
          );
        if (now > w.closesAt)
          throw fail.gone(
            `Đã hết thời gian lấy ý kiến (đến ${w.closesAt.toISOString()}). / The comment period has closed.`,
            { reason: "comment_window_closed", extra: { closesAt: w.closesAt.toISOString() } },
          );
      } else {
        if (!item.commentsEnabled)
          throw fail.forbidden("Bài viết không nhận bình luận. / Comments are not open on this item.", {
            reason: "comments_disabled",
          });
        if (body.fullName || body.organization || body.email)
          throw fail.validation([
            { path: "fullName", code: "not_allowed", message: "reader comments carry no personal data" },
          ]);
      }
      const hasContact = !!(body.fullName || body.organization || body.email);
      if (hasContact && body.consent !== true)
        throw fail.malformed(
          "Cần đồng ý cho phép xử lý dữ liệu cá nhân (consent: true). / Explicit consent is required.",
          { reason: "consent_required" },
        );
      if (body.website) {
        res.status(202).json({ commentId: newId(), status: "held" });
        return;
      }
      const doc: CommentDoc = {
        _id: newId(),
        portalId: item.portalId,
        itemId: item.itemId,
        kind: isDraft ? "draft" : "reader",
        status: "held",
        text: body.text,
        ...(hasContact
          ? {
              contact: {
                ...(body.fullName ? { fullName: body.fullName } : {}),
                ...(body.organization ? { organization: body.organization } : {}),
                ...(body.email ? { email: body.email.toLowerCase() } : {}),
              },
            }
          : {}),
        createdAt: now,
      };
      if (isDraft) {
        await d.comments.insert(doc.portalId, doc, [
          {
            def: FeedbackReceived,
            data: {
              feedbackId: doc._id,
              portalId: doc.portalId,
              kind: "draft-comment",
              channel: "web",
              receivedAt: now.toISOString(),
              dueAt: computeDueAt(now, ANSWER_WORKING_DAYS, d.calendar).toISOString(),
            },
          },
        ]);
      } else {
        await d.comments.insert(doc.portalId, doc);
      }
      res.status(202).json({ commentId: doc._id, status: "held" });
    }),
  );

  router.get(
    "/public/items/:itemId/comments",
    h(async (req, res) => {
      const q = parse(PublicListQuery, req.query);
      const item = await d.items.getPublic(String(req.params.itemId));
      if (!item?.published) throw fail.notFound("Không tìm thấy bài viết. / Item not found.");
      // the item's own keys, oldest first (comments.repository.ts)
      const page = await d.comments.list(
        item.portalId,
        { itemId: item.itemId, status: "approved", kind: "reader" },
        { limit: q.limit, order: "oldest", ...(q.cursor ? { cursor: q.cursor } : {}) },
      );
      res.json({ items: page.items.map(publicView), nextCursor: page.nextCursor });
    }),
  );

  router.get(
    "/portals/:portalId/comments",
    auth,
    canRead,
    h(async (req, res) => {
      const q = parse(ListQuery, req.query);
      // keyed index documents: newest first, a page costs the same in any portal
      const page = await d.comments.list(
        String(req.params.portalId),
        { ...(q.status ? { status: q.status } : {}), ...(q.itemId ? { itemId: q.itemId } : {}) },
        { limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) },
      );
      res.json({ items: page.items.map(staffView), nextCursor: page.nextCursor });
    }),
  );

  async function load(req: express.Request): Promise<CommentDoc> {
    const c = await d.comments.get(String(req.params.portalId), String(req.params.commentId));
    if (!c) throw fail.notFound("Không tìm thấy bình luận. / Comment not found.");
    return c;
  }

  router.post(
    "/portals/:portalId/comments/:commentId/moderate",
    auth,
    canModerate,
    h(async (req, res) => {
      const body = parse(ModerateBody, req.body);
      const c = await load(req);
      const now = d.now();
      const status = body.decision === "approve" ? "approved" : "rejected";
      const r = await d.comments.update(c.portalId, c, status, {
        $set: { status, moderatedAt: now, moderatedBy: actorOf(req) },
      });
      if (!r) throw fail.notFound();
      res.json(staffView(r));
    }),
  );

  router.post(
    "/portals/:portalId/comments/:commentId/reply",
    auth,
    canModerate,
    h(async (req, res) => {
      const body = parse(ReplyBody, req.body);
      const c = await load(req);
      if (c.kind !== "reader")
        throw fail.conflict("Chỉ trả lời bình luận của bạn đọc. / Only reader comments take a reply.", {
          reason: "not_a_reader_comment",
        });
      const r = await d.comments.update(c.portalId, c, c.status, {
        $set: { reply: { text: body.text, at: d.now(), by: actorOf(req) } },
      });
      if (!r) throw fail.notFound();
      res.json(staffView(r));
    }),
  );

  /**
   * The consultation summary as a PDF (R-CONTENT), for the drafting agency: only once the
   * item's comment window has closed (409 `comment_window_open` before, `comment_window_none`
   * for an item without one). Names and organisations the commenters chose to give, not their
   * addresses (R-PII: the CSV, for the board, has those).
   */
  router.get(
    "/portals/:portalId/items/:itemId/draft-comments/summary.pdf",
    auth,
    canRead,
    h(async (req, res) => {
      const portalId = String(req.params.portalId);
      const itemId = String(req.params.itemId);
      const item = await d.items.getPublic(itemId);
      // another portal's item is not found on this portal
      if (!item || item.portalId !== portalId)
        throw fail.notFound("Không tìm thấy dự thảo. / Item not found.");
      const w = item.comment;
      if (!w)
        throw fail.conflict("Dự thảo này không lấy ý kiến công khai. / This draft takes no public comment.", {
          reason: "comment_window_none",
        });
      const now = d.now();
      if (now <= w.closesAt)
        throw fail.conflict(
          `Bản tổng hợp có sau khi hết thời gian lấy ý kiến (${w.closesAt.toISOString()}). / The summary is available once the comment period has closed.`,
          { reason: "comment_window_open", extra: { closesAt: w.closesAt.toISOString() } },
        );
      const comments = await d.comments.allOfItem(portalId, itemId, { kind: "draft" });
      const portal = await d.portals.get(portalId);
      const pdf = await renderConsultationPdf({
        portalName: portal?.name ?? portalId,
        itemId,
        window: w,
        generatedAt: now,
        comments,
      });
      res.setHeader("Content-Type", "application/pdf");
      res.setHeader(
        "Content-Disposition",
        `attachment; filename="gop-y-du-thao-${itemId.replace(/[^\w-]/g, "")}.pdf"`,
      );
      res.send(pdf);
    }),
  );

  /** Draft comments collected for an item, JSON or CSV (UTF-8 BOM, opens in Excel). */
  router.get(
    "/portals/:portalId/items/:itemId/draft-comments",
    auth,
    canRead,
    h(async (req, res) => {
      // every draft comment of the item, from its own keys (an export: all of them, oldest first)
      const docs = await d.comments.allOfItem(String(req.params.portalId), String(req.params.itemId), {
        kind: "draft",
      });
      if (req.query.format === "csv" || req.accepts(["application/json", "text/csv"]) === "text/csv") {
        const lines = [["commentId", "createdAt", "fullName", "organization", "email", "text"].join(",")];
        for (const c of docs)
          lines.push(
            [c._id, c.createdAt, c.contact?.fullName, c.contact?.organization, c.contact?.email, c.text]
              .map(csvCell)
              .join(","),
          );
        res.setHeader("Content-Type", "text/csv; charset=utf-8");
        res.setHeader(
          "Content-Disposition",
          `attachment; filename="gop-y-du-thao-${String(req.params.itemId).replace(/[^\w-]/g, "")}.csv"`,
        );
        res.send(`\uFEFF${lines.join("\r\n")}\r\n`);
        return;
      }
      res.json({ items: docs.map(staffView) });
    }),
  );
}
