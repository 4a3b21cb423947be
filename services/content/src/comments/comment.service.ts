// Comments' rules (R-FEEDBACK, R-MODERATE, R-BOARD, R-PII): reader comments are held until the
// board or focal officer of the item's portal approves them; only approved comments (text, time,
// the agency's reply) are public. Draft comments are accepted only inside the item's comment
// window, with a name, organisation or address only given with consent.
import { type Actor, type CommentIntake, FeedbackReceived } from "@cong/contracts";
import { fail } from "@cong/kit";
import { dueAt as computeDueAt, type WorkingCalendar } from "../calendar";
import { ANSWER_WORKING_DAYS } from "../feedback/feedback.rules";
import { newId } from "../feedback/shared";
import { type PortalId, portalOfRecord } from "../portals/portal-id";
import type { ItemPort, PortalReader } from "../ports";
import type { CommentQuery, CommentRepository } from "./comment.repository";
import type { CommentDoc } from "./comment.types";
import { renderConsultationPdf } from "./comments.pdf";

export interface CommentServiceDeps {
  comments: CommentRepository;
  portals: PortalReader;
  items: ItemPort;
  calendar: WorkingCalendar;
  now: () => Date;
}

type Page = { limit: number; cursor?: string };

const itemNotFound = () => fail.notFound("Không tìm thấy bài viết. / Item not found.");
const noWindow = () =>
  fail.conflict("Dự thảo này không lấy ý kiến công khai. / This draft takes no public comment.", {
    reason: "comment_window_none",
  });

export class CommentService {
  constructor(private readonly d: CommentServiceDeps) {}

  /** A comment from the public (202, held); a filled honeypot is answered alike, stored nowhere. */
  async receive(itemId: string, body: CommentIntake): Promise<{ commentId: string; status: "held" }> {
    const item = await this.d.items.getPublic(itemId);
    // an item that is not live — never published, taken down, archived — is not there for readers,
    // whatever its kind or comment window (issue 15, class 4)
    if (!item?.published) throw itemNotFound();
    const now = this.d.now();
    const isDraft = item.kind === "draft-for-comment";
    if (isDraft) {
      const w = item.comment;
      if (!w) throw noWindow();
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
    if (body.website) return { commentId: newId(), status: "held" };
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
              ...(body.email ? { email: body.email } : {}),
            },
          }
        : {}),
      createdAt: now,
    };
    // the portal of the item the comment is on
    const portalId = portalOfRecord(doc.portalId);
    const events = isDraft
      ? [
          {
            def: FeedbackReceived,
            data: {
              feedbackId: doc._id,
              portalId: doc.portalId,
              kind: "draft-comment" as const,
              channel: "web" as const,
              receivedAt: now.toISOString(),
              dueAt: computeDueAt(now, ANSWER_WORKING_DAYS, this.d.calendar).toISOString(),
            },
          },
        ]
      : [];
    await this.d.comments.insert(portalId, doc, events);
    return { commentId: doc._id, status: "held" };
  }

  /** A live item's approved reader comments, oldest first (its own keys). */
  async approvedOf(itemId: string, page: Page) {
    const item = await this.d.items.getPublic(itemId);
    if (!item?.published) throw itemNotFound();
    return this.d.comments.list(
      portalOfRecord(item.portalId),
      { itemId: item.itemId, status: "approved", kind: "reader" },
      { ...page, order: "oldest" },
    );
  }

  /** The portal's comments, newest first (keyed index documents: a page costs the same in any portal). */
  list(portalId: PortalId, q: CommentQuery, page: Page) {
    return this.d.comments.list(portalId, q, page);
  }

  async moderate(portalId: PortalId, commentId: string, decision: "approve" | "reject", by: Actor) {
    const c = await this.load(portalId, commentId);
    const status = decision === "approve" ? "approved" : "rejected";
    const r = await this.d.comments.update(portalId, c, status, {
      $set: { status, moderatedAt: this.d.now(), moderatedBy: by },
    });
    if (!r) throw fail.notFound();
    return r;
  }

  async reply(portalId: PortalId, commentId: string, text: string, by: Actor) {
    const c = await this.load(portalId, commentId);
    if (c.kind !== "reader")
      throw fail.conflict("Chỉ trả lời bình luận của bạn đọc. / Only reader comments take a reply.", {
        reason: "not_a_reader_comment",
      });
    const r = await this.d.comments.update(portalId, c, c.status, {
      $set: { reply: { text, at: this.d.now(), by } },
    });
    if (!r) throw fail.notFound();
    return r;
  }

  /**
   * The consultation summary as a PDF (R-CONTENT): only once the item's comment window has closed
   * (409 `comment_window_open` before, `comment_window_none` for an item without one).
   */
  async summaryPdf(portalId: PortalId, itemId: string): Promise<Buffer> {
    const item = await this.d.items.getPublic(itemId);
    // another portal's item is not found on this portal
    if (!item || item.portalId !== portalId) throw fail.notFound("Không tìm thấy dự thảo. / Item not found.");
    const w = item.comment;
    if (!w) throw noWindow();
    const now = this.d.now();
    if (now <= w.closesAt)
      throw fail.conflict(
        `Bản tổng hợp có sau khi hết thời gian lấy ý kiến (${w.closesAt.toISOString()}). / The summary is available once the comment period has closed.`,
        { reason: "comment_window_open", extra: { closesAt: w.closesAt.toISOString() } },
      );
    const comments = await this.d.comments.allOfItem(portalId, itemId, { kind: "draft" });
    const portal = await this.d.portals.get(portalId);
    return renderConsultationPdf({
      portalName: portal?.name ?? portalId,
      itemId,
      window: w,
      generatedAt: now,
      comments,
    });
  }

  /** Every draft comment of the item, oldest first (an export). */
  draftComments(portalId: PortalId, itemId: string) {
    return this.d.comments.allOfItem(portalId, itemId, { kind: "draft" });
  }

  private async load(portalId: PortalId, commentId: string): Promise<CommentDoc> {
    const c = await this.d.comments.get(portalId, commentId);
    if (!c) throw fail.notFound("Không tìm thấy bình luận. / Comment not found.");
    return c;
  }
}
