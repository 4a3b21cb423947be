// R-DOM: a component portal's subdomain, proposed from the unit's name as the person types it,
// by the rule content applies (portals/portal.service.ts `deriveSubdomain`): a department's from
// its abbreviation (Sở Tư pháp → STP → `stp`), a district's from its place name (huyện Tân Yên →
// Tân Yên → `tanyen`); folded by `@cong/text`'s `subdomainLabel` (no diacritics, đ → d,
// lowercase, letters and digits only), starting with a letter, 2–40 characters, never a reserved
// label. The server and the browser island (`client/subdomain.ts`) both use this module (the
// island bundles `@cong/text/slug` only, not the sanitiser); content checks the result again and
// has the last word.
import { subdomainLabel } from "@cong/text/slug";

export { subdomainLabel };

export type UnitKind = "department" | "district";

/** Same as content's `RESERVED_SUBDOMAINS`. */
const RESERVED = new Set("www admin api sso auth mail static cdn media localhost".split(" "));
const LABEL = /^[a-z][a-z0-9]{1,39}$/;
/** Words a district's name starts with ("huyện Tân Yên", "thành phố Bắc Giang", "thị xã Việt Yên"). */
const DISTRICT_TYPES = ["huyện", "thành phố", "thị xã", "quận"];
/** Words an abbreviation leaves out ("Sở Thông tin và Truyền thông" → STTTT). */
const SKIPPED = new Set(["và"]);

/** The unit's name without a district's type word, for its place name ("huyện Tân Yên" → "Tân Yên"). */
export function placeNameOf(unit: string): string {
  const u = unit.normalize("NFC").trim().replace(/\s+/g, " ");
  const lower = u.toLowerCase();
  const type = DISTRICT_TYPES.find((w) => lower.startsWith(`${w} `));
  return type ? u.slice(type.length + 1) : u;
}

/** A department's abbreviation: each word's first letter, capitals ("Sở Tư pháp" → "STP"). */
export function abbreviationOf(unit: string): string {
  return unit
    .normalize("NFC")
    .trim()
    .split(/\s+/)
    .filter((w) => w && !SKIPPED.has(w.toLowerCase()))
    .map((w) => [...w][0] ?? "")
    .join("")
    .toUpperCase();
}

/** What the subdomain is made from, proposed from the unit's name. */
export function proposedSource(kind: UnitKind, unit: string): string {
  return kind === "department" ? abbreviationOf(unit) : placeNameOf(unit);
}

export type LabelProblem = "empty" | "invalid" | "reserved" | "taken";

/** The subdomain of a source, and what is wrong with it (`taken` among `existing`). */
export function checkLabel(
  source: string,
  existing: Iterable<string>,
): { label: string; problem?: LabelProblem } {
  const label = subdomainLabel(source);
  if (!label) return { label, problem: "empty" };
  if (!LABEL.test(label)) return { label, problem: "invalid" };
  if (RESERVED.has(label)) return { label, problem: "reserved" };
  for (const id of existing) if (id === label) return { label, problem: "taken" };
  return { label };
}

/** The portal's name and agency proposed from the unit's name, in Vietnamese. */
export function proposedNames(kind: UnitKind, unit: string): { name: string; agency: string } {
  const u = unit.normalize("NFC").trim().replace(/\s+/g, " ");
  if (kind === "department") return { name: `Cổng Thông tin điện tử ${u}`, agency: u };
  const lower = u.toLowerCase();
  const type = DISTRICT_TYPES.find((w) => lower.startsWith(`${w} `));
  // "Huyện Tân Yên" typed at the start of a sentence is "huyện Tân Yên" inside one
  const inner = type ? `${type}${u.slice(type.length)}` : u;
  return { name: `Cổng Thông tin điện tử ${inner}`, agency: `Ủy ban nhân dân ${inner}` };
}
