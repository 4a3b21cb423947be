// A citizen's feedback and a draft's comment through the public portal to the board (issue 16,
// R-FEEDBACK, R-PII): the form and content read the same intake contracts (packages/contracts), so
// a phone number typed as people write it and a name with diacritics (typed composed or not) are
// taken and stored as one form, and what content would refuse is refused on the form, beside its
// field — never a page that only says "Chưa gửi được". Content and publishing run as child
// processes from their builds (as `./cong up` starts them) on the REAL Kafka, FerretDB and Keycloak.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { connectMongo, createLogger } from "@cong/kit";
import { serverEnv, uniqueName, waitFor } from "@cong/testing";
import { client, createPortals } from "../../services/content/test/helpers";
import { freePort } from "../../services/publishing/test/helpers";
import { ChildService, httpGet } from "./child-service";

jest.setTimeout(240_000);

const env = serverEnv();
const name = uniqueName("e2e-intake");
const contentDb = name.replaceAll("-", "_");
const pubDbName = `${contentDb}_pub`;
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-e2e-intake-"));
const quiet = createLogger({ service: "e2e-intake", level: "silent" });
const ST = "stttt.bacgiang.localhost";
const DAY = 86_400_000;

let content: ChildService;
let publishing: ChildService;
const call = client(() => `http://127.0.0.1:${content.port}`);

/** A form POST to publishing with the stttt portal's Host, as a browser sends it. */
function postForm(p: string, fields: Record<string, string>): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: publishing.port,
        method: "POST",
        path: p,
        headers: {
          host: `${ST}:${publishing.port}`,
          origin: `http://${ST}:${publishing.port}`,
          "content-type": "application/x-www-form-urlencoded; charset=utf-8",
          "content-length": String(Buffer.byteLength(body)),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The form's token from its page (GET). */
async function csrfOf(p: string): Promise<string> {
  const page = await httpGet(publishing.port, ST, p);
  expect(page.status).toBe(200);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error(`no form token on ${p}`);
  return csrf;
}

interface StoredFeedback {
  message: string;
  kind: string;
  contact?: { fullName: string; email?: string; phone?: string };
}

/** What the board reads in content: the portal's feedback, newest first. */
async function stored(): Promise<StoredFeedback[]> {
  const r = await call<{ items: StoredFeedback[] }>("GET", "/portals/stttt/feedback", "stttt.board-member");
  expect(r.status).toBe(200);
  return r.body.items;
}

beforeAll(async () => {
  const [cPort, cMgmt, pPort, pMgmt] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const mongo = env.MONGO_URL.replace(/\/$/, "");
  const base = {
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    KEYCLOAK_URL: env.KEYCLOAK_URL,
    KEYCLOAK_REALM: env.KEYCLOAK_REALM,
    KAFKA_TOPIC_PREFIX: `${name}.`,
  };
  content = new ChildService("content", cPort, cMgmt, logDir, {
    ...base,
    MONGO_URL: `${mongo}/${contentDb}`,
    // every submission of this file comes from one address (publishing's)
    FEEDBACK_RATE_LIMIT: "100",
  });
  publishing = new ChildService("publishing", pPort, pMgmt, logDir, {
    ...base,
    MONGO_URL: `${mongo}/${pubDbName}`,
    CONTENT_API_URL: `http://127.0.0.1:${cPort}`,
    PUBLIC_DOMAIN: `bacgiang.localhost:${pPort}`,
    FORM_RATE_LIMIT: "100",
  });
  await content.start();
  await publishing.start();
  await createPortals(call, ["stttt"]);
  await waitFor(async () => (await httpGet(publishing.port, ST, "/gop-y")).status === 200, {
    timeoutMs: 60_000,
    intervalMs: 300,
    what: `${ST}/gop-y served by publishing`,
  });
});

afterAll(async () => {
  await publishing?.stop().catch(() => undefined);
  await content?.stop().catch(() => undefined);
  const conn = await connectMongo({ url: env.MONGO_URL, dbName: contentDb, logger: quiet }).catch(() => null);
  if (conn) {
    for (const db of [contentDb, pubDbName])
      await conn
        .useDb(db)
        .dropDatabase()
        .catch(() => undefined);
    await conn.close();
  }
  fs.rmSync(logDir, { recursive: true, force: true });
});

const NAME = "Nguyễn Thị Hoà";

it.each([
  ["0204 3854 111", "NFC"],
  ["0204.3854.111", "NFD"],
  ["+84 204 3854 111", "NFD"],
  ["(0204) 3854111", "NFC"],
] as const)(
  "takes the phone number %j with a name typed in %s; the board reads 02043854111 and the name in NFC",
  async (phone, form) => {
    const message = `Đèn đường thôn Đông bị hỏng, số gọi lại ${phone} (${form}).`;
    const sent = await postForm("/gop-y", {
      csrf: await csrfOf("/gop-y"),
      loai: "feedback",
      "ho-ten": NAME.normalize(form),
      "dien-thoai": phone,
      "noi-dung": message,
      "dong-y": "1",
    });
    // what the citizen sees
    expect(sent.status).toBe(200);
    expect(sent.body).toContain("Đã gửi ý kiến");
    expect(sent.body).toContain("Cảm ơn bạn");
    expect(sent.body).not.toContain("Chưa gửi được");
    // what content stored, as the board reads it
    const mine = (await stored()).filter((f) => f.message === message);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.contact).toEqual({ fullName: NAME, phone: "02043854111" });
    expect(mine[0]?.contact?.fullName.normalize("NFC")).toBe(mine[0]?.contact?.fullName);
  },
);

it("refuses on the form, beside its field and in Vietnamese, what content would refuse; nothing reaches the board", async () => {
  const before = (await stored()).length;
  const refused = await postForm("/gop-y", {
    csrf: await csrfOf("/gop-y"),
    loai: "question",
    "ho-ten": "A",
    "dien-thoai": "0912 34",
    "noi-dung": "Xin hỏi thủ tục cấp phép xây dựng nhà ở?",
    "dong-y": "1",
  });
  expect(refused.status).toBe(422);
  expect(refused.body).toContain("Vui lòng sửa các lỗi sau");
  expect(refused.body).toContain('id="e-ho-ten">Họ và tên cần ít nhất 2 ký tự.');
  expect(refused.body).toContain('id="e-dien-thoai">Số điện thoại chưa đúng');
  // what was typed stays in the form
  expect(refused.body).toContain('value="0912 34"');
  expect(refused.body).not.toContain("Chưa gửi được");
  // no e-mail and no phone: the board could not answer (content needs one of them)
  const noContact = await postForm("/gop-y", {
    csrf: await csrfOf("/gop-y"),
    loai: "question",
    "ho-ten": NAME,
    "noi-dung": "Xin hỏi thủ tục cấp phép xây dựng nhà ở?",
    "dong-y": "1",
  });
  expect(noContact.status).toBe(422);
  expect(noContact.body).toContain(
    'id="e-email">Nhập thư điện tử hoặc số điện thoại để Ban biên tập trả lời bạn.',
  );
  expect(noContact.body).not.toContain("Chưa gửi được");
  expect((await stored()).length).toBe(before);
});

it("takes a draft's comment with a name typed decomposed; the board reads it in NFC", async () => {
  const now = Date.now();
  const created = await call("POST", "/portals/stttt/items", "stttt.focal-officer", {
    kind: "draft-for-comment",
    categoryIds: ["cat-du-thao-lay-y-kien"],
    locales: {
      vi: { title: "Dự thảo quy chế tiếp nhận ý kiến người dân", bodyHtml: "<p>Toàn văn dự thảo.</p>" },
    },
    comment: { opensAt: new Date(now - DAY).toISOString(), closesAt: new Date(now + 20 * DAY).toISOString() },
  });
  expect(created.status).toBe(201);
  const id = created.body.itemId as string;
  expect(
    (
      await call("POST", `/portals/stttt/items/${id}/submit`, "stttt.focal-officer", {
        version: created.body.version,
      })
    ).status,
  ).toBe(200);
  expect((await call("POST", `/portals/stttt/items/${id}/approve`, "stttt.board-member", {})).status).toBe(
    200,
  );
  const published = await call("POST", `/portals/stttt/items/${id}/publish`, "stttt.board-member", {});
  expect(published.status).toBe(200);
  const page = `/tin/${published.body.live.locales.vi.slug as string}`;
  await waitFor(async () => (await httpGet(publishing.port, ST, page)).body.includes("Góp ý dự thảo"), {
    timeoutMs: 60_000,
    intervalMs: 300,
    what: `${page} with its comment form`,
  });
  const sent = await postForm(`${page}/y-kien`, {
    csrf: await csrfOf(page),
    "ho-ten": "Lê Văn Đức".normalize("NFD"),
    "noi-dung": "Đồng ý với dự thảo.",
    "dong-y": "1",
  });
  expect(sent.status).toBe(200);
  expect(sent.body).toContain("Đã gửi góp ý dự thảo");
  const list = await call<{ items: { text: string; contact?: { fullName?: string } }[] }>(
    "GET",
    `/portals/stttt/comments?itemId=${id}`,
    "stttt.board-member",
  );
  expect(list.status).toBe(200);
  expect(list.body.items.map((c) => [c.text, c.contact?.fullName])).toEqual([
    ["Đồng ý với dự thảo.", "Lê Văn Đức"],
  ]);
  // a comment longer than content takes is refused on the form
  const long = await postForm(`${page}/y-kien`, {
    csrf: await csrfOf(page),
    "ho-ten": "Lê Văn Đức",
    "noi-dung": "Ý kiến dài. ".repeat(300),
    "dong-y": "1",
  });
  expect(long.status).toBe(422);
  expect(long.body).toContain("Nội dung góp ý dài tối đa 3000 ký tự");
});
