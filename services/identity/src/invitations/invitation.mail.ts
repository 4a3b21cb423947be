// The invitation mail (R-ACCOUNT): the accept link, Vietnamese first and English second, as one
// plain-text part. Built from what the invitation holds when it is created — the link's token
// exists only now (the database keeps its hash), so the mail is rendered here and staged with the
// invitation, in the same write (ADR 0007).
import type { MailRequest, PortalRole } from "@cong/contracts";

const ROLE_VI: Record<PortalRole, string> = {
  "board-head": "Trưởng Ban biên tập",
  "board-deputy": "Phó Trưởng Ban biên tập",
  "board-member": "Thành viên Ban biên tập",
  "focal-officer": "Cán bộ đầu mối",
  contributor: "Cộng tác viên",
};
const ROLE_EN: Record<PortalRole, string> = {
  "board-head": "head of the editorial board",
  "board-deputy": "deputy head of the editorial board",
  "board-member": "member of the editorial board",
  "focal-officer": "focal officer",
  contributor: "contributor",
};

const TIME_ZONE = "Asia/Ho_Chi_Minh";

export interface InvitationMailInput {
  invitationId: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  portalId: string | null;
  role: PortalRole | null;
  link: string;
  expiresAt: Date;
}

/** `Nguyễn Thị Hoa`: the family name first, as Vietnamese names are written and said. */
export function vietnameseName(firstName: string, lastName: string): string {
  return `${lastName} ${firstName}`.trim().replace(/\s+/g, " ");
}

export function invitationMail(i: InvitationMailInput): MailRequest {
  const name = vietnameseName(i.firstName, i.lastName);
  const at = i.expiresAt;
  const viClock = new Intl.DateTimeFormat("vi-VN", {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
  const viDate = new Intl.DateTimeFormat("vi-VN", {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(at);
  const enTime = new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    dateStyle: "long",
    timeStyle: "short",
    hourCycle: "h23",
  }).format(at);
  const viRole = i.portalId && i.role ? `, với vai trò ${ROLE_VI[i.role]} của cổng ${i.portalId}` : "";
  const enRole = i.portalId && i.role ? `, as ${ROLE_EN[i.role]} of the ${i.portalId} portal` : "";
  const text = [
    `Kính gửi ${name},`,
    "",
    `Tài khoản của bạn trên Cổng Thông tin điện tử tỉnh Bắc Giang đã được tạo${viRole}.`,
    `Tên đăng nhập: ${i.username}`,
    "",
    "Để kích hoạt tài khoản, hãy mở liên kết sau và đặt mật khẩu (ít nhất 12 ký tự):",
    i.link,
    "",
    `Liên kết chỉ dùng được một lần và hết hạn lúc ${viClock} ngày ${viDate} (giờ Việt Nam).`,
    "Nếu bạn không chờ thư này, xin bỏ qua: tài khoản không đăng nhập được khi chưa đặt mật khẩu.",
    "",
    "-- ",
    "",
    `Dear ${name},`,
    "",
    `An account has been created for you on the Bắc Giang provincial e-portal${enRole}.`,
    `Username: ${i.username}`,
    "",
    "To activate it, open this link and set a password (at least 12 characters):",
    i.link,
    "",
    `The link works once and expires on ${enTime} (Vietnam time).`,
    "If you did not expect this mail, please ignore it: the account cannot sign in until a password is set.",
    "",
    "Thư được gửi tự động, xin đừng trả lời. / This mail was sent automatically; please do not reply.",
    "",
  ].join("\n");
  return {
    purpose: "invitation",
    ref: `invitation:${i.invitationId}`,
    portalId: i.portalId,
    to: { address: i.email, name },
    subject: "Lời mời tham gia Cổng Thông tin điện tử tỉnh Bắc Giang / Invitation to the Bắc Giang e-portal",
    text,
  };
}
