// R-RETAIN: how long an item is kept, from its categories.
import type { RetentionClass } from "@cong/contracts";
import { fail } from "@cong/kit";
import type { PortalDoc } from "../portals/portal.types";

/** Kept permanently when any of its categories says so, else five years; 422 for an unknown one. */
export function retentionClassOf(portal: PortalDoc, categoryIds: string[]): RetentionClass {
  let permanent = false;
  for (const id of categoryIds) {
    const c = portal.categories.find((x) => x.categoryId === id);
    if (!c)
      throw fail.validation(
        [{ path: "categoryIds", code: "unknown_category", message: `no category ${id} on ${portal._id}` }],
        `Chuyên mục "${id}" không có trên cổng này. / Unknown category.`,
      );
    if (c.retentionClass === "permanent") permanent = true;
  }
  return permanent ? "permanent" : "limited-5y";
}
