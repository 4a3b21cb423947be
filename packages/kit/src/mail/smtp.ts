// The SMTP side: a nodemailer transport from the settings, and what an SMTP failure means for the
// mail — try again later (the server is away, busy or misconfigured: every mail would fail alike)
// or never (this recipient or this message is refused: only this mail fails).
import { createTransport } from "nodemailer";
import type { SmtpSettings } from "./config";
import { redactAddresses } from "./message";

export interface SmtpSendInfo {
  messageId: string;
  response: string;
  accepted: unknown[];
  rejected: unknown[];
}

/** What the mailer needs of a transport (nodemailer's, or a test's). */
export interface MailTransport {
  sendMail(message: object): Promise<SmtpSendInfo>;
  close(): void;
}

/**
 * A non-pooled SMTP transport: one connection per mail, so a server that went away and came back
 * is simply connected to again. smtps:// speaks TLS from the first byte; smtp:// upgrades with
 * STARTTLS when offered, and must when `requireTls` (production) — never sending in clear.
 */
export function createSmtpTransport(s: SmtpSettings): MailTransport {
  const u = new URL(s.url);
  const secure = u.protocol === "smtps:";
  const transport = createTransport({
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    requireTLS: s.requireTls && !secure,
    ignoreTLS: false,
    ...(u.username
      ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
      : {}),
    // TLS: certificates are verified (nodemailer's default), at least TLS 1.2
    tls: { minVersion: "TLSv1.2" },
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 20_000,
    // nodemailer's own logging is off: it would print addresses (R-PII)
    logger: false,
    debug: false,
  });
  return {
    sendMail: (m) => transport.sendMail(m as never) as Promise<SmtpSendInfo>,
    close: () => transport.close(),
  };
}

export type SmtpFailure =
  | { kind: "transient"; reason: string; detail: string }
  | { kind: "permanent"; reason: string; detail: string };

const TRANSIENT_CODES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ETLS",
  "EREQUIRETLS",
  "EPROTOCOL",
  "EAUTH",
  "ENOAUTH",
  "EOAUTH2",
  "EPROXY",
  "EMAXLIMIT",
]);

/**
 * Sorts an SMTP failure. Transient: the server is unreachable, answers 4xx (try later), fails
 * TLS or authentication, or refuses the sender or the connection (5xx before RCPT: a setting to
 * fix, after which every mail goes). Permanent: 5xx to RCPT TO (this address is refused) or to
 * DATA (this message is refused), or an envelope nodemailer itself cannot use. `detail` names
 * no address (R-PII): the server's answer is redacted to the addresses' domains.
 */
export function classifySmtpError(e: unknown): SmtpFailure {
  const err = (e ?? {}) as {
    code?: string;
    responseCode?: number;
    command?: string;
    response?: string;
    message?: string;
  };
  const code = err.code ?? "";
  const status = typeof err.responseCode === "number" ? err.responseCode : undefined;
  const command = (err.command ?? "").toUpperCase();
  const answer = redactAddresses(String(err.response ?? err.message ?? "")).slice(0, 300);
  const detail = [code, command, answer].filter(Boolean).join(" ");
  if (status !== undefined && status >= 400 && status < 500)
    return { kind: "transient", reason: "smtp_try_later", detail };
  if (status !== undefined && status >= 500) {
    if (command.startsWith("RCPT")) return { kind: "permanent", reason: "smtp_recipient_refused", detail };
    if (command === "DATA" || command.startsWith("MESSAGE") || code === "EMESSAGE")
      return { kind: "permanent", reason: "smtp_message_refused", detail };
    return { kind: "transient", reason: "smtp_server_refused", detail };
  }
  if (TRANSIENT_CODES.has(code)) return { kind: "transient", reason: "smtp_unavailable", detail };
  // a plain socket error nodemailer did not wrap (ECONNREFUSED, ECONNRESET, EPIPE, …)
  if (/^E(CONN|HOST|NET|PIPE|ADDR|AI_)|^ETIMEDOUT$/.test(code) || /ECONNREFUSED|ECONNRESET/.test(answer))
    return { kind: "transient", reason: "smtp_unavailable", detail };
  if (code === "EENVELOPE") return { kind: "permanent", reason: "smtp_recipient_refused", detail };
  return { kind: "permanent", reason: "smtp_send_failed", detail };
}
