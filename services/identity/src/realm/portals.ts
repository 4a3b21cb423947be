// The portals whose groups the realm definition lists: a JSON file `{ "portals": [{id, name, agency}] }`
// (PORTALS_FILE; locally infra/demo/portals.json, the list the launcher and content's seed read).
import fs from "node:fs";
import path from "node:path";
import { PortalId } from "@cong/contracts";
import { z } from "zod";
import type { PortalInfo } from "./definition";

const PortalsFile = z.object({
  portals: z.array(
    z.object({ id: PortalId, name: z.string().min(1), agency: z.string().optional() }).loose(),
  ),
});

export function readPortals(file: string): PortalInfo[] {
  const parsed = PortalsFile.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  return parsed.portals.map((p) => ({
    id: p.id,
    name: p.name.normalize("NFC"),
    ...(p.agency ? { agency: p.agency.normalize("NFC") } : {}),
  }));
}

/** infra/demo/portals.json of the repository this file sits in, if there is one. */
export function demoPortalsFile(from = __dirname): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, "infra/demo/portals.json");
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
