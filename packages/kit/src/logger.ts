// pino logger with redaction of secrets and personal data (R-PII, Circular 25/2010): tokens,
// passwords, cookies and the personal fields of citizens' feedback never reach a log line.
import pino, { type Logger } from "pino";

export type { Logger } from "pino";

/** Keys whose values are never logged, at any of the first three levels of an object. */
export const SENSITIVE_KEYS = [
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "passwd",
  "secret",
  "token",
  "access_token",
  "refresh_token",
  "id_token",
  "accessToken",
  "refreshToken",
  "apiKey",
  "clientSecret",
  "secretKey",
  "S3_SECRET_KEY",
  "KAFKA_SASL_PASSWORD",
  // may carry the SMTP login (smtp://user:password@host)
  "SMTP_URL",
  // personal data of citizens and officers (R-PII)
  "email",
  "phone",
  "phoneNumber",
  "fullName",
  "address",
  "idNumber",
  "citizenId",
  "dateOfBirth",
];

function redactPaths(): string[] {
  const paths = [
    "req.headers.authorization",
    "req.headers.cookie",
    'res.headers["set-cookie"]',
    'req.headers["x-csrf-token"]',
  ];
  for (const k of SENSITIVE_KEYS) {
    const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
    const dot = key.startsWith("[") ? "" : ".";
    paths.push(key, `*${dot}${key}`, `*.*${dot}${key}`);
  }
  return paths;
}

export function createLogger(opts: {
  service: string;
  level?: string;
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    {
      name: opts.service,
      level: opts.level ?? "info",
      base: { service: opts.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths(), censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
    },
    opts.destination,
  );
}
