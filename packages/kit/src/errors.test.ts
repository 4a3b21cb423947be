// What libraries throw becomes a problem with a stable code; an unreachable database or server is
// a 503 with Retry-After (issue 15: the platform under a database outage), never an opaque 500.
import { MongoNetworkError, MongoNetworkTimeoutError } from "mongodb";
import { isTransientError, toAppError } from "./errors";

describe("toAppError", () => {
  it("maps an unreachable database to 503 database_unavailable with Retry-After", () => {
    for (const err of [
      new MongoNetworkError("connect ECONNREFUSED 127.0.0.1:27017"),
      new MongoNetworkTimeoutError("connection timed out"),
    ]) {
      const e = toAppError(err);
      expect({ status: e?.status, code: e?.code, reason: e?.options.reason }).toEqual({
        status: 503,
        code: "unavailable",
        reason: "database_unavailable",
      });
      expect(e?.options.headers?.["Retry-After"]).toBe("10");
      expect(e?.detail).toMatch(/Cơ sở dữ liệu tạm thời/);
    }
  });

  it("maps a server that cannot be reached (socket or fetch) to 503 dependency_unavailable", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:7070"), { code: "ECONNREFUSED" });
    const viaFetch = new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
    for (const err of [refused, viaFetch]) {
      const e = toAppError(err);
      expect({ status: e?.status, reason: e?.options.reason }).toEqual({
        status: 503,
        reason: "dependency_unavailable",
      });
    }
  });

  it("leaves other errors to the opaque 500", () => {
    expect(toAppError(new Error("boom"))).toBeNull();
    expect(toAppError(new TypeError("x is not a function"))).toBeNull();
    expect(toAppError(Object.assign(new Error("no such file"), { code: "ENOENT" }))).toBeNull();
  });
});

describe("isTransientError", () => {
  it("says an outage is an outage (work is retried, not given up) and a bad input is not", () => {
    expect(isTransientError(new MongoNetworkError("connect ECONNREFUSED"))).toBe(true);
    expect(isTransientError(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isTransientError(Object.assign(new Error("slow down"), { code: "SlowDown" }))).toBe(true);
    expect(isTransientError(Object.assign(new Error("unavailable"), { statusCode: 503 }))).toBe(true);
    expect(isTransientError(new Error("Input buffer contains unsupported image format"))).toBe(false);
    expect(isTransientError(Object.assign(new Error("no such key"), { code: "NoSuchKey" }))).toBe(false);
  });
});
