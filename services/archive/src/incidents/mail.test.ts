// ADR 0007, R-OPS-247, R-PII: the new-incident mail is a valid MailRequest in Vietnamese first,
// with the facts of the incident and nothing about the people told or the admin who recorded it.
import { MailRequest } from "@cong/contracts";
import { smtpSettings } from "@cong/kit";
import { loadArchiveConfig } from "../config";
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

describe("the incident mail's settings (TECH_UNIT_MAILBOX, SMTP_*)", () => {
  const base = {
    PORT: "3004",
    MANAGEMENT_PORT: "9304",
    MONGO_URL: "mongodb://127.0.0.1:27017/cong_archive",
    KAFKA_BROKERS: "127.0.0.1:9092",
    KEYCLOAK_URL: "http://127.0.0.1:8080",
    S3_ENDPOINT: "http://127.0.0.1:7070",
    S3_ACCESS_KEY: "k",
    S3_SECRET_KEY: "s",
  };

  it("mails Sở TT&TT's unit by default, another address when set, and refuses what is not an address", () => {
    expect(loadArchiveConfig(base).TECH_UNIT_MAILBOX).toBe("ubnd-sotttt@bacgiang.gov.vn");
    expect(
      loadArchiveConfig({ ...base, TECH_UNIT_MAILBOX: "kythuat@stttt.bacgiang.gov.vn" }).TECH_UNIT_MAILBOX,
    ).toBe("kythuat@stttt.bacgiang.gov.vn");
    for (const bad of ["ubnd-sotttt", "a@b", "a@b.vn, c@d.vn", "A <a@b.vn>"])
      expect(() => loadArchiveConfig({ ...base, TECH_UNIT_MAILBOX: bad })).toThrow(/TECH_UNIT_MAILBOX/);
  });

  it("sends no mail without SMTP_URL; with it, the kit's SMTP settings (TLS unless on loopback)", () => {
    expect(smtpSettings(loadArchiveConfig(base))).toBeNull();
    expect(
      smtpSettings(loadArchiveConfig({ ...base, SMTP_URL: "smtps://relay.bacgiang.gov.vn" })),
    ).toMatchObject({
      url: "smtps://relay.bacgiang.gov.vn",
      requireTls: true,
    });
    expect(() => loadArchiveConfig({ ...base, SMTP_URL: "http://relay:25" })).toThrow(/SMTP_URL/);
  });
});
