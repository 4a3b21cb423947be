// HTTP of the portals' own availability (R-REPORT, R-OPS-247; the admin's availability screen, issue
// 19 screen 5): `GET /availability/portals?from=&to=&limit=&cursor=` — each portal's figures from the
// probe's samples of its home page (portal-availability.ts) in [from, to), a page of portals in id
// order. Flat: a page reads one `_id` range of `portal_names` (≤ 100 portals) and, per portal
// (≤ PORTAL_READS at once), one `_id` range of its closed days' summaries (≤ MAX_SPAN_DAYS) and the
// samples of the days still open (availability.ts).
import { PortalId } from "@cong/contracts";
import type { Router } from "express";
import { Router as router } from "express";
import { z } from "zod";
import type { Clock } from "../clock";
import { parse, withRealmRole } from "../http";
import { DateParam } from "../routes";
import type { Availability } from "./availability";
import { type PortalNames, unnamed } from "./names";
import { type PortalSamples, portalAvailabilityIn } from "./portal-availability";

const READERS = "Chỉ quản trị nền tảng hoặc kiểm toán / platform-admin or auditor only";
const LIMIT = "một số nguyên từ 1 đến 100 / a whole number from 1 to 100";
/** a report year (366 days at most) */
export const MAX_SPAN_DAYS = 366;
/** portals whose samples are read at once */
const PORTAL_READS = 4;

const Query = z
  .object({
    from: DateParam,
    to: DateParam,
    limit: z
      .string()
      .regex(/^[1-9]\d{0,2}$/, LIMIT)
      .transform(Number)
      .pipe(z.number().max(100, LIMIT))
      .default(50),
    cursor: PortalId.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const span = q.to.getTime() - q.from.getTime();
    if (span <= 0)
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        params: { code: "before_start" },
        message: "to phải sau from / to must be after from",
      });
    else if (span > MAX_SPAN_DAYS * 86_400_000)
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        params: { code: "too_big" },
        message: `tối đa ${MAX_SPAN_DAYS} ngày / at most ${MAX_SPAN_DAYS} days`,
      });
  });

export interface PortalAvailabilityRow {
  portalId: string;
  /** the portal's Vietnamese name, `<id> (chưa rõ tên)` without one */
  name: string;
  /** null: no sample of the portal in [from, to) */
  availability: Availability | null;
}

export function availabilityRoutes(names: PortalNames, samples: PortalSamples, clock: Clock): Router {
  const r = router();
  r.get("/availability/portals", async (req, res) => {
    withRealmRole(req, ["platform-admin", "auditor"], READERS);
    const q = parse(Query, req.query);
    const now = clock.now();
    const docs = await names.page(q.cursor, q.limit + 1);
    const page = docs.slice(0, q.limit);
    const items: PortalAvailabilityRow[] = new Array(page.length);
    let next = 0;
    const reader = async () => {
      for (let n = next++; n < page.length; n = next++) {
        const d = page[n];
        if (!d) continue;
        items[n] = {
          portalId: d._id,
          name: d.name?.vi ?? unnamed(d._id),
          availability: await portalAvailabilityIn(samples, d._id, q, now),
        };
      }
    };
    await Promise.all(Array.from({ length: Math.min(PORTAL_READS, page.length) }, reader));
    res.json({
      from: q.from,
      to: q.to,
      items,
      nextCursor: docs.length > q.limit ? (page.at(-1)?._id ?? null) : null,
    });
  });
  return r;
}
