import type { LocalizedText, PersonInCharge, PortalSnapshot } from "@cong/contracts";
import type { CategoryDef } from "./categories";
import { storedAddress } from "./footer";

export type PortalKind = "province" | "department" | "district";

/** A portal's document; `_id` is the portal id = its subdomain label, unique by construction (R-DOM). */
export interface PortalDoc {
  _id: string;
  kind: PortalKind;
  name: LocalizedText;
  agency: LocalizedText;
  /** departments: the agency abbreviation the subdomain comes from (STTTT → stttt) */
  abbreviation?: string;
  /** province and districts: the place name the subdomain comes from (Tân Yên → tanyen) */
  placeName?: string;
  host: string;
  parentPortalId: string | null;
  languages: string[];
  boardMailbox: string;
  hotline: string;
  /** the agency's address per language (a string, the Vietnamese one, in documents written before issue 17) */
  address?: string | LocalizedText;
  /** người chịu trách nhiệm, shown in the footer */
  personInCharge?: PersonInCharge;
  /** the licence line as issued ("Giấy phép số … do … cấp ngày …") */
  licence?: LocalizedText;
  /** the portal's logo or emblem for the banner: an image of its own media library (issue 17) */
  emblem?: { assetId: string };
  /** links to online public services shown on the home page (Art. 3.2) */
  serviceLinks?: { label: LocalizedText; url: string }[];
  categories: CategoryDef[];
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function portalSnapshot(p: PortalDoc): PortalSnapshot {
  const address = storedAddress(p.address);
  return {
    portalId: p._id,
    kind: p.kind,
    name: p.name,
    agency: p.agency,
    host: p.host,
    parentPortalId: p.parentPortalId,
    languages: p.languages,
    boardMailbox: p.boardMailbox,
    hotline: p.hotline,
    // `address` (Vietnamese) for consumers older than `addressText`
    ...(address ? { address: address.vi, addressText: address } : {}),
    ...(p.personInCharge ? { personInCharge: p.personInCharge } : {}),
    ...(p.licence ? { licence: p.licence } : {}),
    ...(p.emblem ? { emblem: { assetId: p.emblem.assetId } } : {}),
    ...(p.serviceLinks?.length ? { serviceLinks: p.serviceLinks } : {}),
    categories: p.categories.map((c) => ({
      categoryId: c.categoryId,
      slug: c.slug,
      name: c.name as LocalizedText,
      parentId: c.parentId,
      retentionClass: c.retentionClass,
      mandatory: c.mandatory,
      order: c.order,
    })),
    active: p.active,
  };
}

export function portalView(p: PortalDoc) {
  const { _id, ...rest } = p;
  const { _outbox: _o, ...clean } = rest as typeof rest & { _outbox?: unknown };
  const address = storedAddress(clean.address);
  const { address: _a, ...others } = clean;
  return { portalId: _id, ...others, ...(address ? { address } : {}) };
}
