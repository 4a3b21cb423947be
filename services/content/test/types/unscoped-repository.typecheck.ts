// Type test (R-ORG, issue 16): a query of content items that is not scoped to a checked portal
// does not compile. Checked by `tsc` (`pnpm -s lint`, `pnpm typecheck`: the root tsconfig includes
// services/*/test); jest does not run it (not a *.test.ts) — each `@ts-expect-error` below fails
// the type check if the line under it ever compiles, and the calls without it must compile.
import type { Request } from "express";
import { checkedPortal } from "../../src/auth";
import type { ItemRepository } from "../../src/items/item.repository";
import type { ItemDoc } from "../../src/items/item.types";
import { type PortalId, portalOfRecord } from "../../src/portals/portal-id";

export async function unscopedCallsDoNotCompile(repo: ItemRepository, req: Request, doc: ItemDoc) {
  const raw = req.params.portalId as string;

  // a bare string is not a portal: every method takes a `PortalId` first
  // @ts-expect-error string is not a PortalId
  await repo.get(raw, "abcdefgh12");
  // @ts-expect-error string is not a PortalId
  await repo.getMany("tanyen", ["abcdefgh12"]);
  // @ts-expect-error string is not a PortalId
  await repo.list(raw, { sort: "updated" }, { limit: 10 });
  // @ts-expect-error string is not a PortalId
  await repo.insert(doc.portalId, doc);
  // @ts-expect-error string is not a PortalId (a document's own field is not a checked portal)
  await repo.commit(doc.portalId, doc, () => ({ audit: doc.audit[0] as never, events: [] }));
  // @ts-expect-error string is not a PortalId
  await repo.appendAudit(raw, doc._id, doc.audit[0] as never);
  // @ts-expect-error string is not a PortalId
  await repo.pastDue(raw, new Date());

  // no method finds an item by its id alone
  // @ts-expect-error the portal is missing
  await repo.get("abcdefgh12");
  // @ts-expect-error there is no unscoped read
  await repo.getAcrossPortals("abcdefgh12");
  // @ts-expect-error there is no unscoped read
  await repo.findById("abcdefgh12");

  // a route's parameter does not become a PortalId by assignment
  // @ts-expect-error string is not a PortalId
  const forged: PortalId = req.params.portalId as string;

  // the ways that compile: the route's checked portal, or a record's portal named on purpose
  await repo.get(checkedPortal(req), "abcdefgh12");
  await repo.list(portalOfRecord("tanyen"), { sort: "updated" }, { limit: 10 });
  return forged;
}
