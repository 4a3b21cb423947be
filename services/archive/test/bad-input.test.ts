// Issue 15, class 5, on the REAL servers: a value a client gets wrong — a report period that is not
// one (`0000`, `2026-H3`, `9999`), a date that is not a day (`2026-02-30`, `T25:00`), a limit that is
// not a small whole number, a cursor of nothing, a bad %-escape, a body that is not the hold — is a
// 4xx problem+json with a stable code (and the field it concerns), never a 500, and each answer
// is declared for its route in archive's OpenAPI document.
import { body as json, published, type RunningArchive, startArchive, token } from "./fixtures";

let a: RunningArchive;
let staff: string;
const item = published("tanyen");
/** every answer of this file, by route template (checked against openapi.yaml) */
const seen = new Map<string, Set<number>>();

beforeAll(async () => {
  a = await startArchive("archive-bad", "2027-01-15T03:00:00Z");
  // the platform admin: reads what the auditor reads, and may place holds (the auditor may not)
  staff = await token("platform.admin");
  await a.archive.deps.records.onPublished(item.data);
});
afterAll(async () => {
  await a?.close();
});

async function call(method: string, path: string, template: string, body?: string) {
  const res = await fetch(`${a.base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${staff}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body }),
  });
  const key = `${method} ${template}`;
  seen.set(key, (seen.get(key) ?? new Set()).add(res.status));
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const expectProblem = (
  r: { status: number; type: string; body: Record<string, unknown> },
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
) => {
  expect({
    status: r.status,
    code: r.body.code,
    ...Object.fromEntries(Object.keys(extra).map((k) => [k, r.body[k]])),
  }).toEqual({
    status,
    code,
    ...extra,
  });
  expect(r.type).toContain("application/problem+json");
};

describe("bad values are 4xx problems with stable codes (issue 15, class 5)", () => {
  it("a report period that is not one is 404 unknown_period", async () => {
    for (const period of [
      "0000",
      "0999",
      "1999",
      "3000",
      "9999",
      "9999-H2",
      "2026-H3",
      "2026-h1",
      "2026-H0",
      "20261",
      "99999999999999999999",
      "auto1",
      "-2026",
      "2026-",
    ]) {
      const r = await call("GET", `/reports/${period}?portalId=tanyen&format=json`, "/reports/{period}");
      expectProblem(r, 404, "not_found", { reason: "unknown_period" });
    }
    for (const period of ["2026", "2026-H1", "2026-H2", "auto", "2000", "2999-H2"]) {
      const r = await call("GET", `/reports/${period}?portalId=tanyen&format=json`, "/reports/{period}");
      expect([period, r.status]).toEqual([period, 200]);
    }
  });

  it("report query values: a missing or bad portal, an unknown format or parameter is 422 at the field", async () => {
    for (const [q, path] of [
      ["", "portalId"],
      ["portalId=TANYEN", "portalId"],
      ["portalId=tanyen&portalId=stttt", "portalId"],
      ["portalId=tanyen&format=docx", "format"],
      ["portalId=tanyen&from=2026-01-01", ""],
    ] as const) {
      const r = await call("GET", `/reports/2026-H2?${q}`, "/reports/{period}");
      expectProblem(r, 422, "validation_failed");
      expect((r.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
    }
  });

  it("dates that are not days, limits that are not small whole numbers, cursors of nothing: 422 at the field", async () => {
    const lists = ["/archive/search", "/retention/expiring"];
    for (const base of lists)
      for (const [q, field] of [
        ["from=2026-02-30", "from"],
        ["from=2026-13-01", "from"],
        ["to=2026-02-29", "to"],
        ["from=0000-00-00", "from"],
        ["from=2026-01-01T25:00", "from"],
        ["from=2026-01-01T24:00Z", "from"],
        ["to=2026-01-01T10:60:00Z", "to"],
        ["to=2026-01-01T10:00:00+25:00", "to"],
        ["from=2026-01-01T1", "from"],
        ["from=yesterday", "from"],
        ["from=99999-01-01", "from"],
        ["limit=0", "limit"],
        ["limit=-1", "limit"],
        ["limit=1.5", "limit"],
        ["limit=1e2", "limit"],
        ["limit=0x10", "limit"],
        ["limit=99999999999999999999999", "limit"],
        ["limit=201", "limit"],
        ["limit=", "limit"],
        ["limit=abc", "limit"],
        ["portalId=tanyen&limit=5&limit=6", "limit"],
        ["cursor=", "cursor"],
        [`cursor=${"x".repeat(1201)}`, "cursor"],
      ] as const) {
        const r = await call("GET", `${base}?${q}`, base);
        expectProblem(r, 422, "validation_failed");
        const errors = r.body.errors as { path: string; code: string }[];
        expect([q, errors.map((e) => e.path)]).toEqual([q, [field]]);
        if (field === "from" || field === "to") expect(errors[0]?.code).toBe("invalid_date");
      }
    for (const base of [...lists, "/retention/holds", "/retention/expired"])
      for (const cursor of [
        "x",
        "%7B%7D",
        Buffer.from('["a","b","c"]').toString("base64url"),
        Buffer.from("[1,2,3]").toString("base64url"),
      ]) {
        const r = await call("GET", `${base}?cursor=${cursor}`, base);
        expectProblem(r, 422, "validation_failed", { reason: "invalid_cursor" });
      }
    // the same days written correctly are fine, and so is a leap day
    for (const q of [
      "from=2024-02-29&to=2026-12-31",
      "from=2026-01-01T00:00Z&to=2026-06-30T23:59:59.999%2B07:00",
      "limit=200",
    ]) {
      const r = await call("GET", `/archive/search?${q}`, "/archive/search");
      expect([q, r.status]).toEqual([q, 200]);
    }
  });

  it("a hold: a bad item id, an unknown item, a body that is not the hold", async () => {
    const hold = (id: string, body?: string, method = "PUT") =>
      call(method, `/items/${id}/hold`, "/items/{itemId}/hold", body);
    expectProblem(await hold("x".repeat(65), '{"reason":"Thanh tra năm 2026"}'), 422, "validation_failed");
    expectProblem(await hold("a.b", '{"reason":"Thanh tra năm 2026"}'), 422, "validation_failed");
    expectProblem(await hold("%E0%A4%A", '{"reason":"Thanh tra năm 2026"}'), 400, "malformed_request", {
      reason: "bad_percent_encoding",
    });
    expectProblem(await hold("nothere", '{"reason":"Thanh tra năm 2026"}'), 404, "not_found");
    expectProblem(await hold("nothere", '{"reason":"Thanh tra năm 2026"}', "DELETE"), 404, "not_found");
    // JSON that is not an object or an array is refused by the JSON parser itself (strict)
    for (const b of ["{", "null", '"Thanh tra"', "5"])
      expectProblem(await hold(item.itemId, b), 400, "malformed_request", { reason: "invalid_json" });
    for (const b of [
      "[]",
      "{}",
      '{"reason":5}',
      '{"reason":"ab"}',
      '{"reason":"Thanh tra năm 2026","by":"x"}',
    ])
      expectProblem(await hold(item.itemId, b), 422, "validation_failed");
  });

  it("a malformed %-escape anywhere is 400, an unknown route 404", async () => {
    expectProblem(
      await call("GET", "/reports/%E0%A4%A?portalId=tanyen", "/reports/{period}"),
      400,
      "malformed_request",
    );
    expectProblem(
      await call("GET", "/archive/search?q=%E0%A4%A", "/archive/search"),
      400,
      "malformed_request",
    );
    expectProblem(
      await call("GET", "/reports/2026/H2?portalId=tanyen", "/reports/2026/H2"),
      404,
      "not_found",
    );
  });

  it("declares every answer in the OpenAPI document", async () => {
    const spec = await json(await fetch(`${a.base}/openapi.json`));
    const missing: string[] = [];
    for (const [key, statuses] of seen) {
      const [method, template] = key.split(" ") as [string, string];
      const op = spec.paths[template]?.[method.toLowerCase()];
      if (!op) continue; // not a route of this service (an unknown path)
      for (const s of statuses) if (!op.responses?.[String(s)]) missing.push(`${key} ${s}`);
    }
    expect(missing).toEqual([]);
    expect(seen.size).toBeGreaterThan(5);
  });
});
