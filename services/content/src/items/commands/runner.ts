// One way to run a workflow command (commands/*.ts): parse the input → load the portal's item
// (with the client's version) → check the transition table (workflow.ts) → the command's write.
import type { PortalId } from "../../portals/portal-id";
import type { Caller } from "../caller";
import type { ItemDoc } from "../item.types";
import { alreadyThere, checkTransition, type TransitionName } from "../workflow";
import { type ItemContext, loadItem } from "./context";

export interface ItemCommand<I, T extends TransitionName = TransitionName> {
  /** its row of the transition table */
  transition: T;
  /** the request body, validated (400/422 before anything is read) */
  parse(raw: unknown): I;
  /** the version the body names, if any (an If-Match header wins) */
  version?(input: I): number | undefined;
  /** the change, once the table allowed it */
  execute(ctx: ItemContext, portalId: PortalId, doc: ItemDoc, input: I, caller: Caller): Promise<ItemDoc>;
}

export async function runCommand<I>(
  ctx: ItemContext,
  cmd: ItemCommand<I>,
  item: { portalId: PortalId; itemId: string },
  raw: unknown,
  caller: Caller,
  expected?: number,
): Promise<ItemDoc> {
  const { portalId, itemId } = item;
  const input = cmd.parse(raw);
  const doc = await loadItem(ctx, portalId, itemId, expected ?? cmd.version?.(input));
  if (alreadyThere(cmd.transition, doc)) return doc;
  checkTransition(cmd.transition, doc, caller);
  return cmd.execute(ctx, portalId, doc, input, caller);
}
