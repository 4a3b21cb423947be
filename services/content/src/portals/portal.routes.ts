// HTTP for the portals registry and categories (R-DOM, R-ORG, R-CONTENT). Writes by platform-admin
// (categories also by the portal's board head).
import { hasRealmRole, requireRealmRole } from "@cong/kit";
import { Router } from "express";
import { mayManageCategories, mayReadPortalContent, mayReadPortalReports } from "../auth";
import { actorOf, expectedVersion } from "../common";
import type { CompletenessService } from "./completeness";
import type { PortalService } from "./portal.service";
import { portalView } from "./portal.types";

export function portalRoutes(portals: PortalService, completeness: CompletenessService): Router {
  const r = Router();

  r.get("/portals", async (req, res) => {
    const all = await portals.list();
    const p = req.principal;
    const seesAll = hasRealmRole(p, "platform-admin", "auditor");
    const visible = seesAll ? all : all.filter((x) => p?.portalRoles.has(x._id));
    res.json({ items: visible.map(portalView) });
  });

  r.post("/portals", requireRealmRole("platform-admin"), async (req, res) => {
    const doc = await portals.create(req.body, actorOf(req));
    res
      .status(201)
      .setHeader("ETag", `"${doc.version}"`)
      .location(`/portals/${doc._id}`)
      .json(portalView(doc));
  });

  r.get("/portals/:portalId", mayReadPortalContent, async (req, res) => {
    const doc = await portals.require(req.params.portalId as string);
    res.setHeader("ETag", `"${doc.version}"`).json(portalView(doc));
  });

  r.patch("/portals/:portalId", requireRealmRole("platform-admin"), async (req, res) => {
    const doc = await portals.update(
      req.params.portalId as string,
      req.body,
      actorOf(req),
      expectedVersion(req),
      req.headers.authorization ? { authorization: req.headers.authorization } : {},
    );
    res.setHeader("ETag", `"${doc.version}"`).json(portalView(doc));
  });

  r.get("/portals/:portalId/categories", mayReadPortalContent, async (req, res) => {
    const doc = await portals.require(req.params.portalId as string);
    res.json({ items: [...doc.categories].sort((a, b) => a.order - b.order) });
  });

  r.post("/portals/:portalId/categories", mayManageCategories, async (req, res) => {
    const doc = await portals.addCategory(req.params.portalId as string, req.body, actorOf(req));
    res.status(201).json({ items: doc.categories });
  });

  r.patch("/portals/:portalId/categories/:categoryId", mayManageCategories, async (req, res) => {
    const doc = await portals.updateCategory(
      req.params.portalId as string,
      req.params.categoryId as string,
      req.body,
      actorOf(req),
    );
    res.json(doc.categories.find((c) => c.categoryId === req.params.categoryId));
  });

  r.get("/portals/:portalId/completeness", mayReadPortalReports, async (req, res) => {
    res.json(await completeness.report(req.params.portalId as string));
  });

  return r;
}
