import { differences } from "./diff";

describe("differences (realm as code: drift detection)", () => {
  it("compares only the keys the definition names", () => {
    expect(differences({ a: 1, b: { c: "x" } }, { a: 1, b: { c: "x", d: 2 }, e: 3 })).toEqual([]);
    expect(differences({ a: 1, b: { c: "x" } }, { a: 2, b: {} })).toEqual(["a", "b.c"]);
  });

  it("treats arrays of scalars as sets and scalars by their string form", () => {
    expect(differences({ l: ["vi", "en"] }, { l: ["en", "vi"] })).toEqual([]);
    expect(differences({ l: ["vi", "en"] }, { l: ["vi"] })).toEqual(["l"]);
    expect(differences({ f: "true", n: 5 }, { f: true, n: "5" })).toEqual([]);
  });

  it("reports a missing value", () => {
    expect(differences({ x: "1" }, {})).toEqual(["x"]);
    expect(differences({ x: [] }, { x: [] })).toEqual([]);
  });
});
