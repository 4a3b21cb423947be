// The editorial workflow as data (R-MODERATE): for each command, the positions of an item it may
// start from, the state it leads to, who may run it, and what it says when the item is elsewhere.
// commands/runner.ts checks this table before a command (commands/*.ts) writes anything; the
// routes pick their role guard from `by` (item.routes.ts).
//
//   draft ─submit→ submitted ─approve→ approved ─publish→ published ─unpublish→ unpublished
//     ↑              │   └──────reject──────┘ │                  └─────archive──────┘ │
//     └─(edit)── rejected ←────reject─────────┘        unpublished ─publish→ published
//
// Four eyes: nobody approves — or publishes — a revision they wrote, edited or submitted.
import type { Actor } from "@cong/contracts";
import { fail } from "@cong/kit";
import { type Caller, isBoard, isContributorOnly, isSystem } from "./caller";
import type { AuditEntry, ItemDoc, ItemStatus, Revision, RevisionState } from "./item.types";

/**
 * A position an item can be in: its working revision's state, or — with no condition on the
 * working revision — its own status (with `working: "none"`: it has none; `live`: a live revision).
 */
export type Position =
  | { working: readonly RevisionState[] }
  | { status: readonly ItemStatus[]; working?: "none"; live?: true };

export interface Transition {
  /** the item may be in any of these */
  from: readonly Position[];
  /** an item already here is left as it is (the command answers it unchanged) */
  already?: readonly ItemStatus[];
  to: RevisionState | ItemStatus;
  /**
   * who may: the portal role the route requires (`author`: any author role; `board`: the board),
   * or `system` (platform jobs only, no route)
   */
  by: "author" | "board" | "system";
  /** contributors may run it on their own items only */
  ownItemsForContributors?: true;
  /** four eyes: `always`, or when the item has a working revision (a republication has none) */
  fourEyes?: "always" | "working";
  /** the conflict's message when the item is elsewhere */
  refusal: string;
}

export const TRANSITIONS = {
  submit: {
    from: [{ working: ["draft", "rejected"] }],
    to: "submitted",
    by: "author",
    ownItemsForContributors: true,
    refusal: "Chỉ gửi duyệt được bản nháp. / Only a draft can be submitted.",
  },
  approve: {
    from: [{ working: ["submitted"] }],
    to: "approved",
    by: "board",
    fourEyes: "always",
    refusal: "Chỉ duyệt được bản đã gửi. / Only a submitted revision can be approved.",
  },
  reject: {
    from: [{ working: ["submitted", "approved"] }],
    to: "rejected",
    by: "board",
    refusal: "Chỉ trả lại được bản đang chờ duyệt. / Only a submitted revision can be rejected.",
  },
  publish: {
    // the approved revision, or again the live one of an item taken down
    from: [{ working: ["approved"] }, { status: ["unpublished"], working: "none", live: true }],
    to: "published",
    by: "board",
    fourEyes: "working",
    refusal: "Chỉ xuất bản được bản đã duyệt. / Only an approved revision can be published.",
  },
  unpublish: {
    from: [{ status: ["published"], live: true }],
    to: "unpublished",
    by: "board",
    refusal: "Chỉ gỡ được nội dung đang xuất bản. / Only a live item can be unpublished.",
  },
  archive: {
    from: [{ status: ["published", "unpublished"] }],
    already: ["archived"],
    to: "archived",
    by: "board",
    refusal: "Bản nháp chưa xuất bản không lưu trữ được. / A never-published draft cannot be archived.",
  },
  /** R-RETAIN: the retention period ended (archive's event, `system:retention`) */
  expire: {
    from: [{ status: ["draft", "published", "unpublished"] }],
    already: ["archived"],
    to: "archived",
    by: "system",
    refusal: "Bản nháp chưa xuất bản không lưu trữ được. / A never-published draft cannot be archived.",
  },
} as const satisfies Record<string, Transition>;

export type TransitionName = keyof typeof TRANSITIONS;

function at(doc: ItemDoc, p: Position): boolean {
  if ("working" in p && Array.isArray(p.working))
    return !!doc.working && (p.working as readonly RevisionState[]).includes(doc.working.state);
  const s = p as Extract<Position, { status: readonly ItemStatus[] }>;
  if (!s.status.includes(doc.status)) return false;
  if (s.working === "none" && doc.working) return false;
  if (s.live && !doc.live) return false;
  return true;
}

/** The item is already where the command leads (it answers the item unchanged). */
export function alreadyThere(name: TransitionName, doc: ItemDoc): boolean {
  const t: Transition = TRANSITIONS[name];
  return !!t.already?.includes(doc.status);
}

/** Throws unless the table lets `caller` run `name` on the item as it is (409, then 403). */
export function checkTransition(name: TransitionName, doc: ItemDoc, caller: Caller): void {
  const t: Transition = TRANSITIONS[name];
  if (!t.from.some((p) => at(doc, p))) throw badState(doc, name === "expire" ? "archive" : name, t.refusal);
  if (t.ownItemsForContributors && isContributorOnly(caller) && doc.owner.id !== caller.actor.id)
    throw fail.forbidden("Cộng tác viên chỉ gửi bản nháp của mình. / Own drafts only.", {
      reason: "contributor_own_drafts_only",
    });
  if (t.fourEyes && doc.working) fourEyes(doc.working, caller);
}

export function badState(doc: ItemDoc, action: string, detail: string) {
  return fail.conflict(detail, {
    reason: "invalid_transition",
    extra: { state: itemStateOf(doc), action },
  });
}

/** Four eyes, then the board's role (platform jobs act for the person who planned it). */
function fourEyes(w: Revision, caller: Caller): void {
  if (isSystem(caller)) return;
  if (revisionAuthors(w).some((a) => a.id === caller.actor.id))
    throw fail.forbidden(
      "Không được tự duyệt nội dung do chính mình soạn, sửa hoặc gửi (nguyên tắc bốn mắt). / Nobody approves a revision they wrote, edited or submitted.",
      { reason: "self_approval" },
    );
  if (!isBoard(caller))
    throw fail.forbidden("Chỉ Ban biên tập của cổng được duyệt. / Board only.", {
      reason: "board_role_required",
    });
}

/** Everyone who wrote the revision: its creator, those who edited it since, who submitted it. */
export function revisionAuthors(w: Revision): Actor[] {
  return [w.createdBy, ...(w.editedBy ?? []), ...(w.submittedBy ? [w.submittedBy] : [])];
}

export function itemStateOf(d: ItemDoc): string {
  if (d.status === "archived") return "archived";
  return d.working?.state ?? d.status;
}

/** The audit entry of a change made by `caller`. */
export function auditEntry(
  caller: Caller,
  action: string,
  revision: number | null,
  from: string,
  to: string,
  reason?: string,
): AuditEntry {
  return {
    action,
    actor: caller.actor,
    at: new Date(),
    revision,
    from,
    to,
    ...(reason ? { reason } : {}),
    ...(caller.onBehalfOf ? { onBehalfOf: caller.onBehalfOf } : {}),
  };
}
