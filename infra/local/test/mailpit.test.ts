// Smoke test of the SMTP server (Mailpit): the launcher starts a private one on its own ports, it
// accepts a mail spoken in plain SMTP (no mail library in between) and shows it, Vietnamese
// subject and all, through its API; `down` stops it. The shared one serves its web UI.
import net from "node:net";
import { mailpit, privateServer, serverEnv, uniqueName } from "@cong/testing";

/** One SMTP dialogue: each command waits for the server's reply and checks its code. */
async function smtpSend(url: string, from: string, to: string, message: string): Promise<string[]> {
  const { hostname, port } = new URL(url);
  const sock = net.connect({ host: hostname, port: Number(port) });
  const replies: string[] = [];
  let buffer = "";
  let waiting: ((line: string) => void) | undefined;
  let failPending: ((e: Error) => void) | undefined;
  sock.on("error", (e) => failPending?.(e));
  sock.setEncoding("utf8");
  sock.on("data", (chunk: string) => {
    buffer += chunk;
    // a reply ends with a line "NNN text" (a dash after the code means more lines follow)
    const m = buffer.match(/(^|\r\n)(\d{3}) [^\r\n]*\r\n$/);
    if (m && waiting) {
      const reply = buffer;
      buffer = "";
      const w = waiting;
      waiting = undefined;
      w(reply);
    }
  });
  const reply = (expect: string, send?: string) =>
    new Promise<string>((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`no SMTP reply ${expect} to ${send ?? "connect"}`)),
        10_000,
      );
      failPending = (e) => {
        clearTimeout(t);
        reject(e);
      };
      waiting = (line) => {
        clearTimeout(t);
        replies.push(line.trim());
        if (!line.match(new RegExp(`(^|\\r\\n)${expect}[ -]`)))
          reject(new Error(`expected ${expect}, got ${line}`));
        else resolve(line);
      };
      if (send !== undefined) sock.write(`${send}\r\n`);
    });
  try {
    await reply("220");
    await reply("250", "EHLO cong-test.localhost");
    await reply("250", `MAIL FROM:<${from}>`);
    await reply("250", `RCPT TO:<${to}>`);
    await reply("354", "DATA");
    await reply("250", `${message.replace(/\r?\n/g, "\r\n").replace(/^\./gm, "..")}\r\n.`);
    await reply("221", "QUIT");
  } finally {
    sock.destroy();
  }
  return replies;
}

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("Mailpit (SMTP server, web UI and API)", () => {
  it("starts through the launcher on its own ports, accepts a mail over SMTP and shows it through its API", async () => {
    const server = await privateServer("mailpit");
    try {
      expect(server.env.SMTP_URL).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      expect(server.env.MAILPIT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const to = `${uniqueName("smoke")}@bacgiang.localhost`;
      const subject = "Thông báo lịch tiếp công dân tháng 12/2026";
      const replies = await smtpSend(
        server.env.SMTP_URL as string,
        "no-reply@bacgiang.localhost",
        to,
        [
          "From: Cổng thử nghiệm <no-reply@bacgiang.localhost>",
          `To: <${to}>`,
          `Subject: =?UTF-8?B?${b64(subject)}?=`,
          "Message-ID: <smoke-1@bacgiang.localhost>",
          "MIME-Version: 1.0",
          "Content-Type: text/plain; charset=utf-8",
          "Content-Transfer-Encoding: base64",
          "",
          b64("Kính gửi quý vị,\nLịch tiếp công dân đã được cập nhật."),
        ].join("\n"),
      );
      expect(replies.at(-2)).toMatch(/^250 /);

      const mp = mailpit(server.env.MAILPIT_URL);
      const [summary] = await mp.waitForMail(to);
      expect(summary?.Subject).toBe(subject);
      expect(summary?.MessageID).toBe("smoke-1@bacgiang.localhost");
      const message = await mp.message(summary?.ID as string);
      expect(message.Text).toContain("Lịch tiếp công dân đã được cập nhật.");
      expect(message.From).toEqual({ Name: "Cổng thử nghiệm", Address: "no-reply@bacgiang.localhost" });
    } finally {
      await server.stop();
    }
    // stopped: its SMTP port no longer answers
    await expect(
      smtpSend(server.env.SMTP_URL as string, "a@bacgiang.localhost", "b@bacgiang.localhost", "x"),
    ).rejects.toThrow(/ECONNREFUSED/);
    await server.destroy();
  });

  it("serves its web UI and API where .env.local says (MAILPIT_URL)", async () => {
    const url = serverEnv().MAILPIT_URL as string;
    expect(url).toBeTruthy();
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<title>Mailpit</title>");
    // the UI's script is built into the binary (a plain `go install` leaves it out)
    const script = html.match(/src="([^"]*app\.js[^"]*)"/)?.[1] as string;
    const js = await fetch(new URL(script, url));
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const info = await mailpit(url).info();
    expect(info.Messages).toBeGreaterThanOrEqual(0);
  });
});
