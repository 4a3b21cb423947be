// The mail path's rules without a server: what a request becomes on the wire, which SMTP failures
// wait and which are final, TLS by default, and that no address reaches a log line (R-PII).
import { createEvent, IdentityMailRequested } from "@cong/contracts";
import { loadConfig } from "../config";
import { DEFAULT_MAIL_FROM, isLoopbackHost, redactSmtpUrl, smtpConfig, smtpSettings } from "./config";
import { addressDomain, composeMail, mailMessageId, redactAddresses } from "./message";
import { classifySmtpError } from "./smtp";

const request = {
  purpose: "invitation" as const,
  ref: "invitation:abc123",
  portalId: "tanyen",
  to: { address: "Hoa.Nguyen@TanYen.BacGiang.gov.vn", name: "Nguyễn Thị Hoa" },
  // NFD input ("ờ" as o + combining marks) comes out NFC
  subject: "Lời mời tham gia Cổng TTĐT / Invitation".normalize("NFD"),
  text: "Kính gửi Nguyễn Thị Hoa,\nMở liên kết.".normalize("NFD"),
};

describe("mail requests become one SMTP message (ADR 0007)", () => {
  const event = createEvent(IdentityMailRequested, request, { source: "/cong/identity" });

  it("keeps the text NFC and refuses a subject on two lines or a second recipient's header", () => {
    expect(event.data.subject).toBe("Lời mời tham gia Cổng TTĐT / Invitation".normalize("NFC"));
    expect(event.data.text.normalize("NFC")).toBe(event.data.text);
    expect(() =>
      createEvent(
        IdentityMailRequested,
        { ...request, subject: "A\r\nBcc: x@evil.example" },
        { source: "/t" },
      ),
    ).toThrow(/subject/);
    expect(() =>
      createEvent(
        IdentityMailRequested,
        { ...request, to: { address: "a@b.vn", name: 'X" <x@evil.example>' } },
        { source: "/t" },
      ),
    ).toThrow(/to\.name/);
    expect(() =>
      createEvent(IdentityMailRequested, { ...request, ref: "hoa@tanyen.vn" }, { source: "/t" }),
    ).toThrow(/ref/);
  });

  it("derives the Message-ID and Date from the event, so every send of it is the same message", () => {
    const a = composeMail(event, DEFAULT_MAIL_FROM);
    const b = composeMail(event, DEFAULT_MAIL_FROM);
    expect(a).toEqual(b);
    expect(a.messageId).toBe(`<${event.id}@bacgiang.gov.vn>`);
    expect(mailMessageId(event.id, "no-reply@Mail.Example.VN")).toBe(`<${event.id}@mail.example.vn>`);
    expect(a.date.toISOString()).toBe(event.time);
    expect(a.to).toEqual({ name: "Nguyễn Thị Hoa", address: request.to.address });
    expect(a.headers["Auto-Submitted"]).toBe("auto-generated");
    expect(a).toMatchObject({ disableFileAccess: true, disableUrlAccess: true });
    expect(a).not.toHaveProperty("html");
  });

  it("names the domain of an address, never the address (R-PII)", () => {
    expect(addressDomain(request.to.address)).toBe("tanyen.bacgiang.gov.vn");
    expect(
      redactAddresses(
        "550 5.1.1 <Hoa.Nguyen@TanYen.BacGiang.gov.vn>: Recipient address rejected; also x.y@z.vn",
      ),
    ).toBe("550 5.1.1 <…@tanyen.bacgiang.gov.vn>: Recipient address rejected; also …@z.vn");
  });
});

describe("SMTP failures: wait, or refuse for good", () => {
  const cases: [string, object, "transient" | "permanent", string][] = [
    [
      "server down",
      { code: "ESOCKET", command: "CONN", message: "connect ECONNREFUSED 127.0.0.1:1025" },
      "transient",
      "smtp_unavailable",
    ],
    ["timeout", { code: "ETIMEDOUT", command: "CONN" }, "transient", "smtp_unavailable"],
    [
      "greylisted",
      { code: "EENVELOPE", responseCode: 451, command: "RCPT TO", response: "451 4.7.1 try later" },
      "transient",
      "smtp_try_later",
    ],
    [
      "mailbox full for now",
      { code: "EMESSAGE", responseCode: 452, command: "DATA" },
      "transient",
      "smtp_try_later",
    ],
    [
      "wrong password",
      { code: "EAUTH", responseCode: 535, command: "AUTH PLAIN" },
      "transient",
      "smtp_server_refused",
    ],
    ["no STARTTLS offered", { code: "ETLS", command: "CONN" }, "transient", "smtp_unavailable"],
    [
      "sender refused",
      { code: "EENVELOPE", responseCode: 553, command: "MAIL FROM" },
      "transient",
      "smtp_server_refused",
    ],
    [
      "unknown mailbox",
      { code: "EENVELOPE", responseCode: 550, command: "RCPT TO", response: "550 5.1.1 <a@b.vn> unknown" },
      "permanent",
      "smtp_recipient_refused",
    ],
    [
      "message refused",
      { code: "EMESSAGE", responseCode: 554, command: "DATA", response: "554 5.7.1 spam" },
      "permanent",
      "smtp_message_refused",
    ],
    [
      "unusable envelope",
      { code: "EENVELOPE", message: "No recipients defined" },
      "permanent",
      "smtp_recipient_refused",
    ],
  ];
  it.each(cases)("%s", (_name, error, kind, reason) => {
    const f = classifySmtpError(error);
    expect(f).toMatchObject({ kind, reason });
    expect(f.detail).not.toMatch(/a@b\.vn/);
  });
});

describe("SMTP settings (the service's zod config)", () => {
  const load = (env: Record<string, string>) => smtpSettings(loadConfig(smtpConfig, env));

  it("sends nothing without SMTP_URL", () => {
    expect(load({})).toBeNull();
  });

  it("requires TLS unless the server is on loopback, and lets the flag decide when given", () => {
    expect(load({ SMTP_URL: "smtp://relay.bacgiang.gov.vn:587" })?.requireTls).toBe(true);
    expect(load({ SMTP_URL: "smtps://relay.bacgiang.gov.vn" })?.requireTls).toBe(true);
    expect(load({ SMTP_URL: "smtp://127.0.0.1:1025" })?.requireTls).toBe(false);
    expect(load({ SMTP_URL: "smtp://[::1]:1025" })?.requireTls).toBe(false);
    expect(load({ SMTP_URL: "smtp://127.0.0.1:1025", SMTP_REQUIRE_TLS: "true" })?.requireTls).toBe(true);
    expect(load({ SMTP_URL: "smtp://mailpit.test:1025", SMTP_REQUIRE_TLS: "false" })?.requireTls).toBe(false);
    expect(isLoopbackHost("localhost")).toBe(true);
    expect(isLoopbackHost("128.0.0.1")).toBe(false);
  });

  it("refuses what is not an SMTP URL or a From address, naming the key", () => {
    expect(() => load({ SMTP_URL: "http://relay:25" })).toThrow(/SMTP_URL/);
    expect(() => load({ SMTP_URL: "smtp://relay:25", SMTP_FROM: "Cổng" })).toThrow(/SMTP_FROM/);
    expect(
      load({ SMTP_URL: "smtp://relay:25", SMTP_FROM: "Sở TT&TT <no-reply@stttt.bacgiang.gov.vn>" })?.from,
    ).toBe("Sở TT&TT <no-reply@stttt.bacgiang.gov.vn>");
  });

  it("logs the server without its credentials", () => {
    expect(redactSmtpUrl("smtps://cong%40bacgiang.gov.vn:s3cret@relay.bacgiang.gov.vn:465")).toBe(
      "smtps://relay.bacgiang.gov.vn:465",
    );
  });
});
