// R-TIMELY: when the board must have a submitted revision live, counted in working days.
import type { PortalDoc } from "../portals/portal.types";
import type { Revision } from "./item.types";

/** R-TIMELY: the working-day calendar (src/calendar, Vietnamese public holidays). */
export interface WorkingDays {
  addWorkingDays(date: Date, n: number): Date;
}

/**
 * The earliest deadline among the revision's categories, from the legal document's issue date
 * (Vietnam's day) or from now; undefined when no category sets one.
 */
export function dueDateOf(
  portal: PortalDoc,
  w: Revision,
  calendar: WorkingDays,
  now = new Date(),
): Date | undefined {
  const days = w.categoryIds
    .map((id) => portal.categories.find((c) => c.categoryId === id)?.deadlineWorkingDays)
    .filter((d): d is number => typeof d === "number");
  if (!days.length) return undefined;
  const start = w.legal?.issuedOn ? new Date(`${w.legal.issuedOn}T00:00:00+07:00`) : now;
  return calendar.addWorkingDays(start, Math.min(...days));
}
