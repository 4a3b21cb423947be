// The demo portals (infra/demo/portals.json), as the benchmarks create them through content's API.
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "@cong/testing";

export interface DemoPortal {
  id: string;
  kind: string;
  name: string;
  agency: string;
  abbreviation?: string;
  placeName?: string;
}

export function demoPortals(): DemoPortal[] {
  const file = path.join(repoRoot(), "infra/demo/portals.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { portals: DemoPortal[] }).portals;
}

/** The body of content's POST /portals for a demo portal. */
export function portalBody(p: DemoPortal): Record<string, unknown> {
  return {
    kind: p.kind,
    name: { vi: p.name },
    agency: { vi: p.agency },
    ...(p.abbreviation ? { abbreviation: p.abbreviation } : {}),
    // the province's subdomain comes from its place name (bacgiang)
    ...(p.placeName || p.kind === "province" ? { placeName: p.placeName ?? "Bắc Giang" } : {}),
    ...(p.kind === "province" ? { languages: ["vi", "en"] } : {}),
    boardMailbox: `banbientap@${p.id}.bacgiang.gov.vn`,
    hotline: "0204 3854 485",
  };
}
