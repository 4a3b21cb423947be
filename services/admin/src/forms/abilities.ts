// What a person may do with an item, as the screens show it (buttons, links). The APIs still
// decide every action (four eyes, portal scope, ownership); a button shown here that the API
// refuses gets the API's reason, in Vietnamese.
import type { ItemView } from "../api/types";

export const BOARD_ROLES = ["board-head", "board-deputy", "board-member"];
const EDITORS = ["focal-officer", ...BOARD_ROLES];

export interface ItemAbilities {
  edit: boolean;
  submit: boolean;
  review: boolean;
  /** a board member looking at their own work: no approve button, a note instead */
  ownWork: boolean;
  publish: boolean;
  unpublish: boolean;
  preview: boolean;
}

export function abilities(item: ItemView, roles: string[], me: string): ItemAbilities {
  const has = (list: string[]) => list.some((r) => roles.includes(r));
  const board = has(BOARD_ROLES);
  const editor = has(EDITORS);
  const contributor = roles.includes("contributor");
  const w = item.working;
  const mine = item.owner.id === me;
  const archived = item.status === "archived";
  const editableState = !w || w.state === "draft" || w.state === "rejected";
  const author = editor || (contributor && mine);
  // four eyes: whoever wrote, edited or submitted the revision does not approve it
  const ownWork =
    !!w &&
    [w.createdBy, ...(w.editedBy ?? []), ...(w.submittedBy ? [w.submittedBy] : [])].some((a) => a.id === me);
  return {
    edit: !archived && editableState && (editor || (contributor && mine && !!w)),
    submit: !archived && !!w && (w.state === "draft" || w.state === "rejected") && author,
    review: board && w?.state === "submitted" && !ownWork,
    ownWork: board && w?.state === "submitted" && ownWork,
    publish: board && (w?.state === "approved" || (!w && item.status === "unpublished")),
    unpublish: board && item.status === "published",
    preview: !archived && (editor || (contributor && mine)),
  };
}
