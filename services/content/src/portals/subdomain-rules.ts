// Which labels may become a portal's host (R-DOM). The folding itself ("Tân Yên" → "tanyen") is
// @cong/text's subdomainLabel; these are the portal rules on top of it.

/** Same rule as `PortalId` in packages/contracts. */
export const SUBDOMAIN = /^[a-z][a-z0-9]{1,39}$/;

/** Reserved labels that must never become a portal host. */
export const RESERVED_SUBDOMAINS = new Set([
  "www",
  "admin",
  "api",
  "sso",
  "auth",
  "mail",
  "static",
  "cdn",
  "media",
  "localhost",
]);
