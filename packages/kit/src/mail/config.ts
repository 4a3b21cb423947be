// The mail settings a service that sends mail spreads into its zod config (ADR 0007).
import { z } from "zod";
import { envBoolean } from "../config";

export const DEFAULT_MAIL_FROM = "Cổng TTĐT tỉnh Bắc Giang <no-reply@bacgiang.gov.vn>";

export const smtpConfig = {
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/?#]+(:\d+)?\/?$/, "smtp://[user:password@]host[:port] or smtps://…")
    .optional()
    .describe(
      "SMTP server: smtps://… (TLS from the first byte, port 465) or smtp://… (STARTTLS, port 587); credentials URL-encoded in it. Without it no mail is sent: requests wait on the mail topic until a mailer with a server runs",
    ),
  SMTP_FROM: z
    .string()
    .regex(/^([^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, "an address, or Name <address>")
    .transform((s) => s.normalize("NFC"))
    .default(DEFAULT_MAIL_FROM)
    .describe("From header of every mail; its domain also names the Message-IDs"),
  SMTP_REQUIRE_TLS: envBoolean
    .optional()
    .describe(
      "refuse to send without TLS (smtps://, or STARTTLS on smtp://); default on unless the SMTP host is loopback",
    ),
  SMTP_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(300_000)
    .default(5000)
    .describe(
      "longest wait between two attempts while the SMTP server is unreachable: also the longest a mail waits after it returns",
    ),
};

export interface SmtpSettings {
  url: string;
  from: string;
  requireTls: boolean;
  retryMaxMs: number;
}

/** True for localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The keys of `smtpConfig`, as loaded (a config built in code may leave them out). */
export type SmtpConfig = {
  SMTP_URL?: string | undefined;
  SMTP_FROM?: string | undefined;
  SMTP_REQUIRE_TLS?: boolean | undefined;
  SMTP_RETRY_MAX_MS?: number | undefined;
};

/** The settings of a config with `smtpConfig`, or null when no SMTP server is set. */
export function smtpSettings(c: SmtpConfig): SmtpSettings | null {
  if (!c.SMTP_URL) return null;
  return {
    url: c.SMTP_URL,
    from: c.SMTP_FROM ?? DEFAULT_MAIL_FROM,
    requireTls: c.SMTP_REQUIRE_TLS ?? !isLoopbackHost(new URL(c.SMTP_URL).hostname),
    retryMaxMs: c.SMTP_RETRY_MAX_MS ?? 5000,
  };
}

/** The URL without its credentials, for logs. */
export function redactSmtpUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}
