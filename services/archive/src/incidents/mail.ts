// ADR 0007, R-OPS-247: the mail that tells the technical focal unit (TECH_UNIT_MAILBOX) of a new
// incident — rendered here, staged as `ArchiveMailRequested` in the incident's own insert
// (incidents.ts) on archive's own mail topic `cong.archive.mail.v1`, and sent over SMTP by
// archive's mailer (consumer group `cong.archive.mailer`) once.
// R-PII: the incident's kind, portals, title, start and actions only — not who was notified nor
// who recorded it.
import type { MailRequest } from "@cong/contracts";
import type { Incident } from "./incidents";

const KIND = {
  availability: "Gián đoạn dịch vụ / availability",
  security: "An toàn thông tin / security",
} as const;

/** dd/MM/yyyy HH:mm in Vietnam time (UTC+7, no daylight saving) */
const vnMoment = (d: Date) => {
  const s = new Date(d.getTime() + 7 * 3600_000).toISOString();
  return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)} ${s.slice(11, 16)}`;
};

export function incidentMail(i: Incident, to: string): MailRequest {
  const portals = i.portalIds.length ? i.portalIds.join(", ") : "toàn nền tảng / the whole platform";
  const text = [
    "Kính gửi đơn vị đầu mối kỹ thuật,",
    "",
    "Một sự cố vừa được ghi vào sổ sự cố của Cổng TTĐT tỉnh Bắc Giang:",
    "",
    `Loại: ${KIND[i.kind]}`,
    `Cổng liên quan: ${portals}`,
    `Tiêu đề: ${i.title}`,
    `Bắt đầu: ${vnMoment(i.startedAt)} (giờ Việt Nam)`,
    `Mã sự cố: ${i._id}`,
    "",
    "Đã xử lý:",
    i.actions || "(chưa ghi)",
    "",
    "---",
    "",
    `A new incident was recorded in the e-portal's incident register: ${i.title}, started ${vnMoment(i.startedAt)} (Vietnam time), id ${i._id}.`,
  ].join("\n");
  return {
    purpose: "incident",
    ref: `incident:${i._id}`,
    portalId: i.portalIds.length === 1 ? (i.portalIds[0] as string) : null,
    to: { address: to },
    subject: `[Cổng TTĐT] Sự cố mới: ${i.title.replace(/[\r\n]+/g, " ")} / New incident`.normalize("NFC"),
    text: text.normalize("NFC"),
  };
}
