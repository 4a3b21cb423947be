// The portal a piece of code acts for, as a type (R-ORG). Every method of the item repository takes
// a `PortalId` first, and a plain string is not one: a query scoped by nothing, or by whatever
// string came to hand, does not compile (test/types/unscoped-repository.typecheck.ts shows it).
//
// A `PortalId` comes from one of two places:
// - the route's portal, once its role guard passed (`checkedPortal(req)` in auth.ts);
// - `portalOfRecord`, for ids the platform itself holds and a caller names on purpose: the portal
//   of a stored document or index entry (a schedule, a projection marker), of an event, or of a
//   call from another module of this service through its port (ports.ts).
declare const scoped: unique symbol;

export type PortalId = string & { readonly [scoped]: true };

/** The portal of a stored record, an event or another module's call (see above). */
export function portalOfRecord(portalId: string): PortalId {
  return portalId as PortalId;
}
