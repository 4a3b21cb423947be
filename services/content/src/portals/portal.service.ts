// Portals registry (R-DOM, R-ORG): derives and validates each portal's subdomain, keeps its
// categories (R-CONTENT, R-RETAIN, R-TIMELY) and announces every change as `portal.updated`.
import { type Actor, LocalizedText, PortalUpdated } from "@cong/contracts";
import { fail, type Outbox } from "@cong/kit";
import { slugify, subdomainLabel } from "@cong/text";
import type { Collection } from "mongodb";
import { z } from "zod";
import { type AssetCredentials, checkOwnAsset } from "../items/media-refs";
import type { MediaLibrary } from "../media/media.client";
import type { PortalInfo, PortalReader } from "../ports";
import { type CategoryDef, seedCategories } from "./categories";
import {
  AddressInput,
  LicenceInput,
  PersonInChargeInput,
  SERVICE_LINKS_MAX,
  ServiceLinkInput,
} from "./footer";
import { type PortalDoc, type PortalKind, portalSnapshot } from "./portal.types";
import { RESERVED_SUBDOMAINS, SUBDOMAIN } from "./subdomain-rules";

const Lang = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/);

export const CreatePortalInput = z
  .object({
    kind: z.enum(["province", "department", "district"]),
    name: LocalizedText,
    agency: LocalizedText,
    abbreviation: z.string().trim().min(2).max(40).optional(),
    placeName: z.string().trim().min(2).max(80).optional(),
    /** optional: when given it must equal the derived label */
    portalId: z.string().optional(),
    languages: z.array(Lang).min(1).default(["vi"]),
    boardMailbox: z.email(),
    hotline: z.string().trim().min(3).max(40),
    address: AddressInput.optional(),
    personInCharge: PersonInChargeInput.optional(),
    licence: LicenceInput.optional(),
  })
  .strict();
export type CreatePortalInput = z.input<typeof CreatePortalInput>;

export const UpdatePortalInput = z
  .object({
    name: LocalizedText.optional(),
    agency: LocalizedText.optional(),
    languages: z.array(Lang).min(1).optional(),
    boardMailbox: z.email().optional(),
    hotline: z.string().trim().min(3).max(40).optional(),
    /** footer facts: `null` removes one */
    address: AddressInput.nullable().optional(),
    personInCharge: PersonInChargeInput.nullable().optional(),
    licence: LicenceInput.nullable().optional(),
    /** the home page's links to online public services, in order; `null` or `[]` removes them */
    serviceLinks: z.array(ServiceLinkInput).max(SERVICE_LINKS_MAX).nullable().optional(),
    /** the banner's logo or emblem: an image of this portal's own media library; `null` removes it */
    emblemAssetId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, "mã tệp không hợp lệ / not an asset id")
      .nullable()
      .optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const CategoryInput = z
  .object({
    slug: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      .optional(),
    name: z.object({ vi: z.string().min(1), en: z.string().optional() }),
    parentId: z.string().nullable().optional(),
    retentionClass: z.enum(["permanent", "limited-5y"]),
    mandatory: z.boolean().default(false),
    order: z.number().int().optional(),
    deadlineWorkingDays: z.number().int().min(1).max(365).nullable().default(null),
    kinds: z.array(z.string()).default([]),
  })
  .strict();
export const CategoryPatch = CategoryInput.partial().strict();

export interface DerivedHost {
  portalId: string;
  host: string;
}

/** R-DOM: departments by abbreviation, districts and the province by place name without diacritics. */
export function deriveSubdomain(
  kind: PortalKind,
  input: { abbreviation?: string; placeName?: string },
  baseDomain: string,
): DerivedHost {
  const source = kind === "department" ? input.abbreviation : input.placeName;
  if (!source) {
    const field = kind === "department" ? "abbreviation" : "placeName";
    throw fail.validation(
      [{ path: field, code: "required", message: `${field} is required for a ${kind} portal` }],
      kind === "department"
        ? "Cổng của sở, ngành cần tên viết tắt (ví dụ STTTT). / A department portal needs its abbreviation."
        : "Cổng của huyện, thành phố cần tên địa danh (ví dụ Tân Yên). / A district portal needs its place name.",
    );
  }
  const label = subdomainLabel(source);
  if (!SUBDOMAIN.test(label) || RESERVED_SUBDOMAINS.has(label)) {
    throw fail.validation(
      [
        {
          path: "subdomain",
          code: "invalid_subdomain",
          message: `"${label}" is not a valid subdomain label`,
        },
      ],
      `Tên miền "${label}" không hợp lệ: chỉ chữ thường không dấu và chữ số, bắt đầu bằng chữ, 2–40 ký tự, không trùng tên dành riêng. / Invalid subdomain.`,
      { reason: "invalid_subdomain" },
    );
  }
  return { portalId: label, host: kind === "province" ? baseDomain : `${label}.${baseDomain}` };
}

/**
 * How long a portal's document read for an item's write is reused (its categories, languages,
 * deadlines). Every save reads it, sometimes twice, and it is the largest document a save reads;
 * a change made through this process is seen at once, one made through another replica within
 * this time. Changes of the portal itself always read it fresh (version check).
 */
const PORTAL_CACHE_MS = 5_000;

export class PortalService implements PortalReader {
  private readonly cache = new Map<string, { doc: PortalDoc; until: number }>();

  constructor(
    private readonly portals: Collection<PortalDoc>,
    private readonly outbox: Outbox,
    private readonly baseDomain: string,
    /** where an emblem's ownership is checked (R-ORG, issue 15.1); without it no emblem can be set */
    private readonly media?: MediaLibrary,
  ) {}

  async get(portalId: string): Promise<PortalInfo | null> {
    const p = await this.find(portalId);
    if (!p) return null;
    return {
      portalId: p._id,
      kind: p.kind,
      name: p.name.vi,
      boardMailbox: p.boardMailbox,
      hotline: p.hotline,
      active: p.active,
    };
  }

  /** The portal's document; `fresh` reads it from the database (else it may be up to 5 s old). */
  async find(portalId: string, opts: { fresh?: boolean } = {}): Promise<PortalDoc | null> {
    if (!SUBDOMAIN.test(portalId)) return null;
    const hit = this.cache.get(portalId);
    // a copy: callers may change what they get without changing what the next request sees
    if (!opts.fresh && hit && hit.until > Date.now()) return structuredClone(hit.doc);
    const doc = await this.portals.findOne({ _id: portalId }, { projection: { _outbox: 0 } });
    if (doc) this.remember(doc);
    else this.cache.delete(portalId);
    return doc;
  }

  async require(portalId: string, opts: { fresh?: boolean } = {}): Promise<PortalDoc> {
    const p = await this.find(portalId, opts);
    if (!p) throw fail.notFound(`Không có cổng thông tin "${portalId}". / No such portal.`);
    return p;
  }

  private remember(doc: PortalDoc): void {
    this.cache.set(doc._id, { doc: structuredClone(doc), until: Date.now() + PORTAL_CACHE_MS });
  }

  async list(): Promise<PortalDoc[]> {
    // the registry is small (tens of portals): a scan is fine here
    return this.portals
      .find({}, { projection: { _outbox: 0 } })
      .sort({ _id: 1 })
      .toArray();
  }

  async category(portalId: string, categoryId: string): Promise<CategoryDef> {
    const p = await this.require(portalId);
    const c = p.categories.find((x) => x.categoryId === categoryId);
    if (!c)
      throw fail.notFound(`Cổng "${portalId}" không có chuyên mục "${categoryId}". / No such category.`);
    return c;
  }

  async create(raw: unknown, actor: Actor): Promise<PortalDoc> {
    const input = CreatePortalInput.parse(raw);
    const { portalId, host } = deriveSubdomain(input.kind, input, this.baseDomain);
    if (input.portalId !== undefined && input.portalId !== portalId) {
      throw fail.validation(
        [{ path: "portalId", code: "mismatch", message: `derived subdomain is "${portalId}"` }],
        `Tên miền phải là "${portalId}" theo quy tắc đặt tên (R-DOM). / The subdomain must be "${portalId}".`,
        { reason: "subdomain_mismatch" },
      );
    }
    let parentPortalId: string | null = null;
    const province = await this.portals.findOne({ kind: "province" }, { projection: { _id: 1 } });
    if (input.kind === "province") {
      if (province)
        throw fail.conflict("Đã có Cổng TTĐT tỉnh. / The provincial portal already exists.", {
          reason: "province_exists",
        });
    } else {
      if (!province)
        throw fail.conflict(
          "Cần tạo Cổng TTĐT tỉnh trước các cổng thành phần. / Create the provincial portal first.",
          { reason: "no_province" },
        );
      parentPortalId = province._id;
    }
    const now = new Date();
    const doc: PortalDoc = {
      _id: portalId,
      kind: input.kind,
      name: nfc(input.name) as PortalDoc["name"],
      agency: nfc(input.agency) as PortalDoc["agency"],
      ...(input.abbreviation ? { abbreviation: input.abbreviation.normalize("NFC") } : {}),
      ...(input.placeName ? { placeName: input.placeName.normalize("NFC") } : {}),
      host,
      parentPortalId,
      languages: input.languages.includes("vi") ? input.languages : ["vi", ...input.languages],
      boardMailbox: input.boardMailbox.toLowerCase(),
      hotline: input.hotline,
      ...(input.address ? { address: input.address } : {}),
      ...(input.personInCharge ? { personInCharge: input.personInCharge } : {}),
      ...(input.licence ? { licence: input.licence } : {}),
      categories: seedCategories(input.kind),
      active: true,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.outbox.insertOne(this.portals, doc, [this.updatedEvent(doc, actor, now)]);
      this.cache.delete(doc._id);
    } catch (e) {
      if ((e as { code?: number }).code === 11000)
        throw fail.conflict(
          `Tên miền "${portalId}" đã được dùng cho một cổng khác. / Subdomain "${portalId}" is taken.`,
          { reason: "duplicate_subdomain" },
        );
      throw e;
    }
    return doc;
  }

  async update(
    portalId: string,
    raw: unknown,
    actor: Actor,
    expected?: number,
    who: AssetCredentials = {},
  ): Promise<PortalDoc> {
    const patch = UpdatePortalInput.parse(raw);
    const emblem = patch.emblemAssetId;
    if (emblem && (await this.require(portalId)).emblem?.assetId !== emblem) {
      // an emblem is shown on every page and made public by media: only the portal's own file (R-ORG)
      if (!this.media)
        throw fail.validation(
          [{ path: "emblemAssetId", code: "unknown_asset", message: "Không kiểm tra được tệp." }],
          "Không kiểm tra được tệp. / The file cannot be checked here.",
          { reason: "unknown_asset" },
        );
      await checkOwnAsset(this.media, portalId, emblem, who, "emblemAssetId");
    }
    return this.mutate(portalId, actor, expected, (p) => {
      if (patch.serviceLinks === null || patch.serviceLinks?.length === 0) delete p.serviceLinks;
      else if (patch.serviceLinks) p.serviceLinks = patch.serviceLinks as PortalDoc["serviceLinks"];
      if (emblem === null) delete p.emblem;
      else if (emblem) p.emblem = { assetId: emblem };
      if (patch.name) p.name = nfc(patch.name) as PortalDoc["name"];
      if (patch.agency) p.agency = nfc(patch.agency) as PortalDoc["agency"];
      if (patch.languages)
        p.languages = patch.languages.includes("vi") ? patch.languages : ["vi", ...patch.languages];
      if (patch.boardMailbox) p.boardMailbox = patch.boardMailbox.toLowerCase();
      if (patch.hotline) p.hotline = patch.hotline;
      if (patch.address === null) delete p.address;
      else if (patch.address) p.address = patch.address;
      if (patch.personInCharge === null) delete p.personInCharge;
      else if (patch.personInCharge) p.personInCharge = patch.personInCharge;
      if (patch.licence === null) delete p.licence;
      else if (patch.licence) p.licence = patch.licence;
      if (patch.active !== undefined) p.active = patch.active;
    });
  }

  async addCategory(portalId: string, raw: unknown, actor: Actor): Promise<PortalDoc> {
    const input = CategoryInput.parse(raw);
    const slug = input.slug ?? slugify(input.name.vi, 60);
    return this.mutate(portalId, actor, undefined, (p) => {
      const categoryId = `cat-${slug}`;
      if (p.categories.some((c) => c.categoryId === categoryId))
        throw fail.conflict(`Chuyên mục "${slug}" đã có. / Category exists.`, {
          reason: "duplicate_category",
        });
      p.categories.push({
        categoryId,
        slug,
        name: nfc(input.name) as CategoryDef["name"],
        parentId: input.parentId ?? null,
        retentionClass: input.retentionClass,
        mandatory: input.mandatory,
        order: input.order ?? p.categories.length + 1,
        deadlineWorkingDays: input.deadlineWorkingDays,
        kinds: input.kinds as CategoryDef["kinds"],
      });
    });
  }

  async updateCategory(portalId: string, categoryId: string, raw: unknown, actor: Actor): Promise<PortalDoc> {
    const patch = CategoryPatch.parse(raw);
    return this.mutate(portalId, actor, undefined, (p) => {
      const c = p.categories.find((x) => x.categoryId === categoryId);
      if (!c) throw fail.notFound("Không có chuyên mục này. / No such category.");
      if (patch.slug) c.slug = patch.slug;
      if (patch.name) c.name = nfc(patch.name) as CategoryDef["name"];
      if (patch.parentId !== undefined) c.parentId = patch.parentId;
      if (patch.retentionClass) c.retentionClass = patch.retentionClass;
      if (patch.mandatory !== undefined) c.mandatory = patch.mandatory;
      if (patch.order !== undefined) c.order = patch.order;
      if (patch.deadlineWorkingDays !== undefined) c.deadlineWorkingDays = patch.deadlineWorkingDays;
      if (patch.kinds) c.kinds = patch.kinds as CategoryDef["kinds"];
    });
  }

  /** Read, change, write back only if nobody wrote in between (version check), with the event. */
  private async mutate(
    portalId: string,
    actor: Actor,
    expected: number | undefined,
    change: (p: PortalDoc) => void,
  ): Promise<PortalDoc> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const p = await this.require(portalId, { fresh: true });
      if (expected !== undefined && expected !== p.version)
        throw fail.conflict("Cổng đã được thay đổi; vui lòng tải lại. / Stale version.", {
          reason: "stale_version",
          extra: { currentVersion: p.version },
        });
      const { _outbox: _o, ...next } = structuredClone(p) as PortalDoc & { _outbox?: unknown };
      change(next);
      const now = new Date();
      next.version = p.version + 1;
      next.updatedAt = now;
      const { _id, ...fields } = next;
      const res = await this.outbox.updateOne(this.portals, { _id, version: p.version }, { $set: fields }, [
        this.updatedEvent(next, actor, now),
      ]);
      if (res.modifiedCount === 1) {
        this.remember(next);
        return next;
      }
      if (expected !== undefined) throw fail.conflict("Stale version", { reason: "stale_version" });
    }
    throw fail.conflict("Cổng đang được sửa đồng thời; thử lại. / Concurrent update.", { reason: "busy" });
  }

  private updatedEvent(p: PortalDoc, actor: Actor, at: Date) {
    return {
      def: PortalUpdated,
      data: { portal: portalSnapshot(p), updatedBy: actor, updatedAt: at.toISOString() },
    };
  }
}

function nfc<T extends Record<string, string | undefined>>(t: T): T {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(t)) if (v !== undefined) out[k] = v.normalize("NFC");
  return out as T;
}
