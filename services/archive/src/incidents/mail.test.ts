// ADR 0007, R-OPS-247, R-PII: the new-incident mail is a valid MailRequest in Vietnamese first,
// with the facts of the incident and nothing about the people told or the admin who recorded it.
import { MailRequest } from "@cong/contracts";
import type { Incident } from "./incidents";
import { incidentMail } from "./mail";

const incident: Incident = {
  _id: "imitx2ab00-0123abcd",
  kind: "availability",
  portalIds: ["tanyen"],
  title: "Cổng Tân Yên không truy cập được",
  startedAt: new Date("2026-12-10T01:00:00Z"),
  closedAt: null,
  actions: "Khởi động lại máy chủ ứng dụng.",
  notified: ["ông Nguyễn Văn A"],
  createdBy: { id: "u1", username: "platform.admin" },
  createdAt: new Date("2026-12-10T01:05:00Z"),
  updatedAt: new Date("2026-12-10T01:05:00Z"),
  version: 1,
};

describe("incidentMail", () => {
  it("is a MailRequest to the focal unit: Vietnamese subject, the incident's facts in plain text", () => {
    const m = incidentMail(incident, "ubnd-sotttt@bacgiang.gov.vn");
    expect(MailRequest.parse(m)).toEqual(m);
    expect(m).toMatchObject({
      purpose: "incident",
      ref: "incident:imitx2ab00-0123abcd",
      portalId: "tanyen",
      to: { address: "ubnd-sotttt@bacgiang.gov.vn" },
      subject: "[Cổng TTĐT] Sự cố mới: Cổng Tân Yên không truy cập được / New incident",
    });
    expect(m.text).toContain("Bắt đầu: 10/12/2026 08:00 (giờ Việt Nam)");
    expect(m.text).toContain("Khởi động lại máy chủ ứng dụng.");
    expect(m.text).not.toContain("Nguyễn Văn A");
    expect(m.text).not.toContain("platform.admin");
    expect(incidentMail({ ...incident, portalIds: [] }, "a@b.vn").portalId).toBeNull();
  });
});
