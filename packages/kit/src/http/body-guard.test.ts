import { AppError } from "../errors";
import { guardBody } from "./body-guard";

describe("guardBody (NoSQL operator injection, R-STD NFC)", () => {
  it.each([
    [{ username: { $ne: null } }, "username.$ne"],
    [{ $where: "sleep(1000)" }, "$where"],
    [{ filter: [{ "a.b": 1 }] }, "filter.0.a.b"],
    [JSON.parse('{"__proto__": {"admin": true}}'), "__proto__"],
  ])("refuses %j naming %s", (body, path) => {
    let err: AppError | undefined;
    try {
      guardBody(body);
    } catch (e) {
      err = e as AppError;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err?.code).toBe("malformed_request");
    expect(err?.options.reason).toBe("forbidden_key");
    expect(err?.options.errors?.[0]?.path).toBe(path);
  });

  it("refuses absurd nesting", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 40; i++) deep = { a: deep };
    expect(() => guardBody(deep)).toThrow(AppError);
  });

  it("normalises every string to NFC, so decomposed Vietnamese is stored composed", () => {
    const nfd = "Quy hoạch đô thị".normalize("NFD");
    expect(nfd).not.toBe("Quy hoạch đô thị");
    const out = guardBody({ title: nfd, tags: [nfd], meta: { note: nfd }, n: 3, ok: true, none: null });
    expect(out).toEqual({
      title: "Quy hoạch đô thị",
      tags: ["Quy hoạch đô thị"],
      meta: { note: "Quy hoạch đô thị" },
      n: 3,
      ok: true,
      none: null,
    });
  });
});
