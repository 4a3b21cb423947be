// R-REPORT, R-OPS-247: a report's downtime from the register — tanyen's own outage and the whole
// platform's overlapping one are down once, clipped to the period; open incidents count none.
import { type Incident, summarize } from "./incidents";

const at = (iso: string) => new Date(iso);
let n = 0;
const incident = (kind: Incident["kind"], startedAt: string, closedAt: string | null): Incident => ({
  _id: `i00000000${n}-0000000${n++}`,
  kind,
  portalIds: [],
  title: `Sự cố ${n}`,
  startedAt: at(startedAt),
  closedAt: closedAt ? at(closedAt) : null,
  actions: "",
  notified: [],
  createdBy: { id: "u-1", username: "platform.admin" },
  createdAt: at(startedAt),
  updatedAt: at(startedAt),
  version: 1,
});

describe("summarize", () => {
  const from = at("2026-07-01T00:00:00+07:00");
  const to = at("2027-01-01T00:00:00+07:00");

  it("counts overlapping availability incidents once", () => {
    const s = summarize(
      [
        // the platform 08:00–10:00 and tanyen 09:00–11:30 (Vietnam time): 3 h 30 min together
        incident("availability", "2026-12-10T01:00:00Z", "2026-12-10T03:00:00Z"),
        incident("availability", "2026-12-10T02:00:00Z", "2026-12-10T04:30:00Z"),
        // apart, 20 minutes
        incident("availability", "2026-12-11T01:00:00Z", "2026-12-11T01:20:00Z"),
        // a security incident and an open outage: no downtime
        incident("security", "2026-12-10T00:00:00Z", "2026-12-12T00:00:00Z"),
        incident("availability", "2026-12-20T00:00:00Z", null),
      ],
      from,
      to,
    );
    expect(s.downtimeMinutes).toBe(210 + 20);
    expect(s.total).toBe(5);
    expect(s.byKind).toEqual({ availability: 4, security: 1 });
  });

  it("counts only the part inside the period", () => {
    // from 23:00 on 30 June to 01:00 on 1 July, Vietnam time: one hour in the second half-year
    const s = summarize([incident("availability", "2026-06-30T16:00:00Z", "2026-06-30T18:00:00Z")], from, to);
    expect(s.downtimeMinutes).toBe(60);
  });
});
