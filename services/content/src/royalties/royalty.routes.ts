// R-ROYALTY statements for the board and the PPC Office (R-OFFICE).
import { fail } from "@cong/kit";
import { Router } from "express";
import { mayReadRoyalties } from "../auth";
import type { RoyaltyService } from "./royalty.service";

function period(raw: unknown): string {
  if (typeof raw !== "string" || !/^\d{4}-(0[1-9]|1[0-2])$/.test(raw))
    throw fail.validation(
      [{ path: "period", code: "invalid_format", message: "YYYY-MM" }],
      "Kỳ phải có dạng YYYY-MM.",
    );
  return raw;
}

export function royaltyRoutes(royalties: RoyaltyService): Router {
  const r = Router();
  r.get("/portals/:portalId/royalties", mayReadRoyalties, async (req, res) => {
    const pd = period(req.query.period);
    const items = await royalties.list(req.params.portalId as string, pd);
    res.json({ period: pd, items, total: items.reduce((s, x) => s + x.amount, 0), currency: "VND" });
  });
  r.get("/portals/:portalId/royalties/statement.csv", mayReadRoyalties, async (req, res) => {
    const pd = period(req.query.period);
    const portalId = req.params.portalId as string;
    const csv = await royalties.statementCsv(portalId, pd);
    res
      .setHeader("Content-Type", "text/csv; charset=utf-8")
      .setHeader("Content-Disposition", `attachment; filename="nhuan-but-${portalId}-${pd}.csv"`)
      .send(csv);
  });
  return r;
}
