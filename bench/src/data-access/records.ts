// The other collections of the seeded world: feedback, comments, audit entries and assets.

import type { Actor } from "@cong/contracts";
import { slugify } from "@cong/text";
import { dueAt } from "../../../services/content/src/calendar";
import type { CommentDoc } from "../../../services/content/src/comments/comments.routes";
import type { FeedbackDoc, FeedbackStatus } from "../../../services/content/src/feedback/feedback.types";
import type { ItemDoc } from "../../../services/content/src/items/item.types";
import type { AuditAction, AuditEntry } from "../../../services/identity/src/audit/audit.repository";
import type { AssetDoc } from "../../../services/media/src/assets/asset.types";
import type { MediaKind } from "../../../services/media/src/assets/inspect";

import { SPAN_MS } from "./config";
import { cap, liveItemNear, pick, portalOf, rnd, TOPICS, type World } from "./world";

export function feedbackAt(w: World, i: number, count: number): FeedbackDoc {
  const p = portalOf(w, i);
  const received = new Date(w.t0 + (i * SPAN_MS) / count);
  const h = rnd(i, 11);
  const status: FeedbackStatus = h < 0.3 ? "received" : h < 0.5 ? "assigned" : "answered";
  const officer = p.owners[0] as Actor;
  const by = p.board[0] as Actor;
  const doc: FeedbackDoc = {
    _id: `${Math.floor(received.getTime() / 1000)
      .toString(16)
      .padStart(8, "0")}fb${i.toString(16).padStart(14, "0")}`,
    portalId: p.id,
    kind: rnd(i, 12) < 0.3 ? "question" : "feedback",
    channel: "web",
    status,
    contact: { fullName: `Người dân ${i}`, email: `nguoidan${i}@example.vn` },
    subject: `Phản ánh về ${pick(TOPICS, i, 13)}`,
    message: `Kính gửi Ban biên tập, tôi xin phản ánh về ${pick(TOPICS, i, 13)} tại địa phương. Đề nghị xem xét.`,
    consentAt: received,
    receivedAt: received,
    dueAt: dueAt(received, 15),
    history: [],
  };
  if (status !== "received") {
    const assignedAt = new Date(received.getTime() + 86_400_000);
    doc.assignee = {
      userId: officer.id,
      username: officer.username,
      assignedAt,
      assignedBy: by,
    };
    doc.history.push({ at: assignedAt, by, action: "assigned" });
  }
  if (status === "answered") {
    const answeredAt = new Date(received.getTime() + 5 * 86_400_000);
    doc.answer = {
      text: "Cảm ơn ông/bà đã phản ánh; cơ quan đã tiếp nhận và xử lý.",
      answeredAt,
      answeredBy: officer,
      workingDaysTaken: 4,
      publishedAsQaItemId: null,
    };
    doc.history.push({ at: answeredAt, by: officer, action: "answered" });
  }
  return doc;
}

export function commentAt(w: World, i: number, items: (j: number) => ItemDoc): CommentDoc {
  const j = liveItemNear(w, i);
  const item = items(j);
  const created = new Date(
    Math.min(
      Date.now() - 3_600_000,
      (item.publishedAt ?? item.createdAt).getTime() + (1 + (i % 40)) * 3_600_000,
    ),
  );
  const h = rnd(i, 14);
  const status: CommentDoc["status"] = h < 0.2 ? "held" : h < 0.9 ? "approved" : "rejected";
  return {
    _id: `${Math.floor(created.getTime() / 1000)
      .toString(16)
      .padStart(8, "0")}cm${i.toString(16).padStart(14, "0")}`,
    portalId: item.portalId,
    itemId: item._id,
    kind: "reader",
    status,
    text: `Bài viết về ${pick(TOPICS, i, 15)} rất hữu ích, cảm ơn Ban biên tập.`,
    createdAt: created,
    ...(status !== "held"
      ? {
          moderatedAt: new Date(created.getTime() + 3_600_000),
          moderatedBy: w.portals.find((p) => p.id === item.portalId)?.board[0],
        }
      : {}),
  } as CommentDoc;
}

export const AUDIT_ACTIONS: AuditAction[] = [
  "membership.granted",
  "membership.revoked",
  "user.invited",
  "invitation.accepted",
  "focal-officer.appointed",
  "account.handed-over",
];
export function auditAt(w: World, i: number, count: number): AuditEntry {
  const p = portalOf(w, i);
  const at = new Date(w.t0 + (i * SPAN_MS) / count);
  return {
    _id: `${p.id}:${at.toISOString()}:${i.toString(16).padStart(8, "0")}`,
    portalId: p.id,
    portalIds: [p.id],
    action: AUDIT_ACTIONS[i % AUDIT_ACTIONS.length] as AuditAction,
    actor: { id: "00000000-0000-4000-8000-000000000001", username: "platform.admin" },
    target: {
      userId: `00000000-0000-4000-8000-${String(i % 997).padStart(12, "0")}`,
      username: `canbo.${i % 997}`,
    },
    details: { role: "contributor" },
    at,
  };
}

export const ASSET_KINDS: MediaKind[] = ["image", "image", "image", "image", "document", "video", "audio"];
export const EXT: Record<MediaKind, [string, string]> = {
  image: ["jpg", "image/jpeg"],
  document: ["pdf", "application/pdf"],
  video: ["mp4", "video/mp4"],
  audio: ["mp3", "audio/mpeg"],
};
export function assetAt(w: World, i: number, count: number): AssetDoc {
  const p = portalOf(w, i);
  const at = new Date(w.t0 + (i * SPAN_MS) / count);
  const kind = ASSET_KINDS[i % ASSET_KINDS.length] as MediaKind;
  const [ext, mimeType] = EXT[kind];
  const topic = pick(TOPICS, i, 16);
  return {
    _id: `${Math.floor(at.getTime() / 1000)
      .toString(16)
      .padStart(8, "0")}a0${i.toString(16).padStart(14, "0")}`,
    portalId: p.id,
    kind,
    mimeType,
    ext,
    filename: `${slugify(topic)}-${i}.${ext}`,
    sizeBytes: 200_000 + (i % 1000) * 1000,
    sha256: i.toString(16).padStart(64, "0"),
    status: "ready",
    rev: 1,
    title: `${cap(topic)} năm ${2024 + (i % 3)}`,
    ...(kind === "image" ? { altText: `Toàn cảnh ${topic}` } : {}),
    decorative: false,
    renditions:
      kind === "image"
        ? ["w320", "w640", "w1280"].map((r, k) => ({
            name: `${r}.webp`,
            mimeType: "image/webp",
            width: 320 * 2 ** k,
            height: 180 * 2 ** k,
            sizeBytes: 20_000 * 2 ** k,
          }))
        : [],
    captions: [],
    textExtracted: kind === "document",
    live: false,
    usedBy: [],
    uploadedBy: pick(p.owners, i, 17),
    uploadedAt: at,
    processedAt: new Date(at.getTime() + 5000),
  };
}
