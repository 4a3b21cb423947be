import { AppError } from "./errors";
import {
  ALL_PORTALS,
  decodeCursor,
  encodeCursor,
  facetPrefix,
  facetRange,
  keyPart,
  queryFingerprint,
  timeKey,
} from "./keys";

describe("keyed index keys", () => {
  it("escapes every character outside the key alphabet, so no value reaches another range", () => {
    expect(keyPart("cat-tin-tuc.2026")).toBe("cat-tin-tuc.2026");
    expect(keyPart("a|b")).toBe("a~7cb");
    expect(keyPart("đ_~")).toBe("~c4~91~5f~7e");
    expect(facetPrefix("stttt", "w:hoach")).toBe("stttt|w:hoach|");
    expect(facetPrefix(ALL_PORTALS, "a")).toBe("~all|a|");
    // no portal scope can be the platform-wide one
    expect(keyPart("~all")).not.toBe(ALL_PORTALS);
  });

  it("ranges a facet, narrowed by bounds and resumed after a key in either direction", () => {
    const p = "stttt|a|";
    expect(facetRange(p, -1)).toEqual({ _id: { $gt: p, $lt: `${p}~` } });
    const from = `${p}${timeKey("2026-01-01T00:00:00Z")}|x`;
    expect(facetRange(p, -1, from)).toEqual({ _id: { $gt: p, $lt: from } });
    expect(facetRange(p, 1, from, { below: "2027" })).toEqual({ _id: { $gt: from, $lt: `${p}2027` } });
    // a cursor outside the bounds does not widen them
    expect(facetRange(p, -1, `${p}~~`, { below: "2027" })._id.$lt).toBe(`${p}2027`);
  });

  it("gives an opaque cursor that only its own facet and query accept", () => {
    const q = queryFingerprint({ b: 2, a: "x", c: undefined });
    expect(q).toBe(queryFingerprint({ a: "x", b: 2 }));
    const c = encodeCursor({ prefix: "stttt|a|", key: "stttt|a|2026|x", query: q });
    expect(decodeCursor(c, "stttt|a|", q).key).toBe("stttt|a|2026|x");
    for (const [raw, prefix, query] of [
      [c, "tanyen|a|", q],
      [c, "stttt|a|", queryFingerprint({ a: "y" })],
      ["not-base64-json", "stttt|a|", q],
      [encodeCursor({ prefix: "stttt|a|", key: "tanyen|a|2026|x", query: q }), "stttt|a|", q],
    ] as const) {
      let err: unknown;
      try {
        decodeCursor(raw, prefix, query);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(422);
      expect((err as AppError).options.reason).toBe("invalid_cursor");
    }
  });
});
