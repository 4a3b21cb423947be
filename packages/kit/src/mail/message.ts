// One mail request → one SMTP message, the same bytes of headers every time it is sent: the
// Message-ID and Date come from the event (its id and time), so a copy that got through twice
// (a crash between the server's 250 and our record of it) is the same message to every client.
import type { CloudEvent, MailRequest } from "@cong/contracts";

/** The address part of `Name <address>` or of a bare address. */
export function addressOf(mailbox: string): string {
  const m = mailbox.match(/<([^<>]+)>\s*$/);
  return (m ? m[1] : mailbox)?.trim() ?? mailbox;
}

/** The domain of an address — what logs say instead of the address (R-PII). */
export function addressDomain(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "(none)" : address.slice(at + 1).toLowerCase();
}

/** Replaces every address in a text (e.g. an SMTP server's answer) by `…@<domain>` (R-PII). */
export function redactAddresses(text: string): string {
  return text.replace(
    /[^\s<>"',;:()[\]]+@([A-Za-z0-9.-]+)/g,
    (_m, domain: string) => `…@${domain.toLowerCase()}`,
  );
}

/** `<event id@domain of From>`: one Message-ID per request, whoever sends it and how often. */
export function mailMessageId(eventId: string, from: string): string {
  return `<${eventId}@${addressDomain(addressOf(from))}>`;
}

export interface ComposedMail {
  from: string;
  to: string | { name: string; address: string };
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  date: Date;
  headers: Record<string, string>;
  disableFileAccess: true;
  disableUrlAccess: true;
}

/** The nodemailer message of a mail-request event. */
export function composeMail(event: CloudEvent<MailRequest>, from: string): ComposedMail {
  const r = event.data;
  return {
    from,
    to: r.to.name ? { name: r.to.name, address: r.to.address } : r.to.address,
    subject: r.subject,
    text: r.text,
    ...(r.html ? { html: r.html } : {}),
    messageId: mailMessageId(event.id, from),
    date: new Date(event.time),
    headers: {
      // RFC 3834: sent by a machine — auto-responders and vacation replies stay quiet
      "Auto-Submitted": "auto-generated",
      "Content-Language": "vi, en",
    },
    // a request is text, never a path or URL for nodemailer to read
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
