export {
  DEFAULT_MAIL_FROM,
  isLoopbackHost,
  redactSmtpUrl,
  type SmtpConfig,
  type SmtpSettings,
  smtpConfig,
  smtpSettings,
} from "./config";
export { MAIL_SENT, Mailer, type MailerOptions, MailRefused, type SentMail, serviceMailer } from "./mailer";
export {
  addressDomain,
  addressOf,
  type ComposedMail,
  composeMail,
  mailMessageId,
  redactAddresses,
} from "./message";
export {
  classifySmtpError,
  createSmtpTransport,
  type MailTransport,
  type SmtpFailure,
  type SmtpSendInfo,
} from "./smtp";
