// Issues 15.5 and 15.7 on a real express app built by the kit: a malformed or non-UTF-8
// %-escape anywhere in the address is a 400 with a stable reason on every route (never a 500,
// never silently U+FFFD); bodies are UTF-8, declared so or not declared at all (415 otherwise),
// and hold no lone surrogate or control character; accepted text is stored in NFC.
import { Router } from "express";
import { listen, type RawResponse, rawRequest } from "../../test/http-client";
import { createLogger } from "../logger";
import { createHttpApp, finishHttpApp, formBody } from "./app";
import { decodeComponent, parsePairs } from "./text";

const logger = createLogger({ service: "t", level: "silent" });
let port = 0;
let close: () => Promise<void>;

beforeAll(async () => {
  const app = createHttpApp({ logger, ownBodyPrefixes: ["/form", "/pasted"] });
  app.get("/tin/:slug", (req, res) => res.json({ slug: req.params.slug }));
  app.get("/files/*rest", (req, res) => res.json({ rest: req.params.rest }));
  const portal = Router({ mergeParams: true });
  portal.get("/items/:id", (req, res) => res.json({ portal: (req.params as Record<string, string>).portal }));
  app.use("/p/:portal", portal);
  app.get("/search", (req, res) => res.json({ query: req.query }));
  // a route decoding something itself, as services do with ids in paths
  app.get("/raw/*rest", (req, res) => res.json({ raw: decodeURIComponent(req.path.slice(5)) }));
  app.post("/items", (req, res) => res.status(201).json(req.body));
  app.post("/form", formBody(), (req, res) => res.json({ ...req.body }));
  app.post("/pasted", formBody({ stripControlCharacters: true }), (req, res) => res.json({ ...req.body }));
  finishHttpApp(app, logger);
  const s = await listen(app);
  port = s.port;
  close = s.close;
});
afterAll(() => close());

const get = (path: string) => rawRequest(port, { path });
const postJson = (body: Buffer | string, type = "application/json") =>
  rawRequest(port, { path: "/items", body, headers: { "content-type": type } });
const postForm = (body: string, type = "application/x-www-form-urlencoded") =>
  rawRequest(port, { path: "/form", body, headers: { "content-type": type } });

function problem(r: RawResponse, status: number, reason: string) {
  expect(r.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const body = r.json();
  expect({ status: r.status, code: body.code, reason: body.reason }).toEqual({
    status,
    code: status === 415 ? "unsupported_media_type" : "malformed_request",
    reason,
  });
  return body;
}

describe("malformed %-escapes in the address (issue 15.5)", () => {
  it.each([
    "/tin/%C3%28", // not UTF-8 (a lead byte without its continuation)
    "/tin/%ED%A0%80", // an encoded surrogate
    "/tin/%E0%A4%A", // truncated
    "/tin/%FF",
    "/files/a/%C3%28/b", // a wildcard parameter
    "/p/%C3%28/items/1", // a parameter of a mounted router
    "/p/stttt/items/%80",
    "/raw/%C3%28", // a route's own decodeURIComponent
  ])("GET %s is 400 bad_percent_encoding, not 500", async (path) => {
    const body = problem(await get(path), 400, "bad_percent_encoding");
    expect(body.title).toBe("Yêu cầu không hợp lệ");
    expect(body.errorId).toBeUndefined();
  });

  it.each([
    "/search?q=%C3%28",
    "/search?q=%zz",
    "/search?q=100%",
    "/search?%C3%28=1",
    "/search?a=1&b=%E0%A4%A",
  ])("GET %s is 400 bad_percent_encoding, not text with U+FFFD", async (path) => {
    problem(await get(path), 400, "bad_percent_encoding");
  });

  it("still decodes well-formed escapes, Vietnamese in NFC", async () => {
    expect((await get("/tin/%C4%90%C3%AA-%C4%91i%E1%BB%81u")).json()).toEqual({ slug: "Đê-điều" });
    const nfd = encodeURIComponent("Quy hoạch".normalize("NFD"));
    expect((await get(`/search?q=${nfd}&q=b+c&x`)).json()).toEqual({
      query: { q: ["Quy hoạch", "b c"], x: "" },
    });
  });

  it("refuses control characters and operator keys in query strings", async () => {
    problem(await get("/search?q=a%01b"), 400, "control_character");
    problem(await get("/search?q=%C2%85"), 400, "control_character"); // C1 NEL
    problem(await get("/search?%24where=1"), 400, "forbidden_key");
  });
});

describe("bodies are UTF-8 text (issue 15.7)", () => {
  it.each([
    "application/json; charset=utf-16le",
    "application/json; charset=iso-8859-1",
    "application/json; charset=windows-1258",
    'application/json; charset="UTF-16"',
    "application/json; charset=utf-8; charset=latin1",
  ])("refuses %s with 415 charset", async (type) => {
    const r = await postJson(Buffer.from(JSON.stringify({ title: "x" }), "utf16le"), type);
    problem(r, 415, "charset");
  });

  it.each(["application/json", "application/json; charset=utf-8", 'application/json;charset="UTF-8"'])(
    "accepts %s",
    async (type) => {
      expect((await postJson(JSON.stringify({ title: "Đê điều" }), type)).status).toBe(201);
    },
  );

  it.each([
    ["a lone continuation byte", [0x80]],
    ["a truncated sequence", [0xe1, 0xbb]],
    ["an overlong slash", [0xc0, 0xaf]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
    ["0xFF", [0xff]],
  ])("refuses %s with 400 invalid_utf8 instead of storing U+FFFD", async (_name, bytes) => {
    const body = Buffer.concat([Buffer.from('{"title":"a'), Buffer.from(bytes), Buffer.from('b"}')]);
    problem(await postJson(body), 400, "invalid_utf8");
  });

  it.each([
    ['{"title":"\\uD800"}', "title"],
    ['{"title":"x\\uDC00"}', "title"],
    ['{"tags":["ok","\\uDBFF\\u0041"]}', "tags.1"],
    ['{"\\uD800":"key"}', "\uD800"],
  ])("refuses lone surrogates %s", async (json, path) => {
    const body = problem(await postJson(json), 400, "lone_surrogate");
    expect(body.errors[0].path).toBe(path);
  });

  it.each([
    ["NUL", "\\u0000"],
    ["BEL", "\\u0007"],
    ["VT", "\\u000B"],
    ["ESC", "\\u001B"],
    ["DEL", "\\u007F"],
    ["C1 NEL", "\\u0085"],
    ["C1 CSI", "\\u009B"],
  ])("refuses %s with 400 control_character", async (_name, esc) => {
    const body = problem(await postJson(`{"meta":{"note":"a${esc}b"}}`), 400, "control_character");
    expect(body.errors[0].path).toBe("meta.note");
  });

  it("keeps tab, line feed and carriage return, surrogate pairs, and normalises to NFC", async () => {
    const r = await postJson(
      JSON.stringify({ text: "dòng 1\r\n\tdòng 2", emoji: "\uD83D\uDE00", nfd: "Đê điều".normalize("NFD") }),
    );
    expect(r.status).toBe(201);
    expect(r.json()).toEqual({ text: "dòng 1\r\n\tdòng 2", emoji: "😀", nfd: "Đê điều" });
  });

  it("still answers malformed JSON and non-objects with 400 invalid_json", async () => {
    problem(await postJson("{not json"), 400, "invalid_json");
    problem(await postJson('"a string"'), 400, "invalid_json");
  });
});

describe("form bodies through formBody (issue 15.7)", () => {
  it("parses a form strictly into NFC strings", async () => {
    const r = await postForm(
      `ho-ten=${encodeURIComponent("Nguyễn Văn A".normalize("NFD"))}&noi-dung=a+b%0D%0Ac`,
    );
    expect(r.json()).toEqual({ "ho-ten": "Nguyễn Văn A", "noi-dung": "a b\r\nc" });
  });

  it("refuses a foreign charset (415), bad escapes, controls and non-UTF-8 bytes (400)", async () => {
    problem(await postForm("a=b", "application/x-www-form-urlencoded; charset=iso-8859-1"), 415, "charset");
    problem(await postForm("noi-dung=%C3%28"), 400, "bad_percent_encoding");
    problem(await postForm("noi-dung=%ZZ"), 400, "bad_percent_encoding");
    problem(await postForm("noi-dung=a%1Bb"), 400, "control_character");
    problem(await postForm("noi-dung=a%C2%9Bb"), 400, "control_character");
    const raw = Buffer.concat([Buffer.from("noi-dung=a"), Buffer.from([0xff]), Buffer.from("b")]);
    problem(
      await rawRequest(port, {
        path: "/form",
        body: raw,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      400,
      "invalid_utf8",
    );
  });
});

describe("forms people paste into (stripControlCharacters)", () => {
  const postPasted = (body: string | Buffer) =>
    rawRequest(port, {
      path: "/pasted",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  it("removes the invisible control characters a word processor pastes, keeps tab and line breaks", async () => {
    const r = await postPasted("noi-dung=a%0Bb%0Cc%1Bd%C2%9Be%7Ff%09g%0D%0Ah&the=x%01&the=y");
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ "noi-dung": "abcdef\tg\r\nh", the: ["x", "y"] });
  });
  it("still refuses what no browser sends: bad escapes and bytes that are not UTF-8", async () => {
    problem(await postPasted("noi-dung=%C3%28"), 400, "bad_percent_encoding");
    problem(await postPasted(Buffer.concat([Buffer.from("a="), Buffer.from([0xc3])])), 400, "invalid_utf8");
  });
});

describe("the strict decoder", () => {
  it("decodes what decodeURIComponent decodes and refuses what it would replace", () => {
    expect(decodeComponent("a+b%20c%C4%91")).toBe("a b cđ");
    expect(() => decodeComponent("%")).toThrow();
    expect(() => decodeComponent("%C3")).toThrow();
    const pairs = parsePairs("__proto__=1&constructor=2");
    expect(Object.getPrototypeOf(pairs)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(pairs, "__proto__")?.value).toBe("1");
  });
});
