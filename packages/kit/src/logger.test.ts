import { Writable } from "node:stream";
import { createLogger } from "./logger";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()));
      cb();
    },
  });
  return { lines, logger: createLogger({ service: "test", destination: stream }) };
}

describe("logger (R-PII)", () => {
  it("redacts tokens, passwords, cookies and personal data at any of three levels", () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: { headers: { authorization: "Bearer eyJ.abc.def", cookie: "sid=1", host: "x" } },
        password: "p",
        feedback: {
          fullName: "Nguyễn Văn A",
          email: "a@example.vn",
          phone: "0912345678",
          subject: "Đèn đường",
        },
        nested: { deeper: { token: "t", keep: "ok" } },
      },
      "submitted",
    );
    const line = lines[0] as Record<string, any>;
    expect(line.req.headers.authorization).toBe("[redacted]");
    expect(line.req.headers.cookie).toBe("[redacted]");
    expect(line.req.headers.host).toBe("x");
    expect(line.password).toBe("[redacted]");
    expect(line.feedback).toEqual({
      fullName: "[redacted]",
      email: "[redacted]",
      phone: "[redacted]",
      subject: "Đèn đường",
    });
    expect(line.nested.deeper).toEqual({ token: "[redacted]", keep: "ok" });
    expect(JSON.stringify(line)).not.toMatch(/eyJ|0912345678|a@example/);
    expect(line.service).toBe("test");
    expect(line.level).toBe("info");
  });
});
