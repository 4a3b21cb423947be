// Who acts on an item: the person (or platform job) and their roles on the item's portal.
import type { Actor, PortalRole } from "@cong/contracts";
import { BOARD_ROLES } from "@cong/kit";
import type { AssetCredentials } from "./media-refs";

export interface Caller extends AssetCredentials {
  actor: Actor;
  /** the caller's roles on the item's portal */
  roles: ReadonlySet<PortalRole>;
  /** set when a platform job acts on someone's behalf */
  onBehalfOf?: Actor;
}

/** Roles that edit and submit any item of the portal; a contributor only their own drafts. */
export const EDIT_ROLES: PortalRole[] = ["focal-officer", ...BOARD_ROLES];

export const isBoard = (c: Caller) => BOARD_ROLES.some((r) => c.roles.has(r));
export const isContributorOnly = (c: Caller) => !EDIT_ROLES.some((r) => c.roles.has(r));
/** platform jobs (scheduler, retention, handover) act as `system:*` */
export const isSystem = (c: Caller) => c.actor.id.startsWith("system:");
