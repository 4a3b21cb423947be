// The board's daily digest, sent (issue 18, R-BOARD, R-PII): content learns who the board members
// of a portal are, with their work addresses, from identity's membership events (the roster), and
// once a day after 07:00 Vietnam time mails each of them their digest through the outbox, Kafka
// and content's mailer (the local Mailpit, read through its API) — once, even when the job runs
// twice and after a restart; a revoked member gets none, an empty digest sends nothing, and the
// board head's digest carries the escalation when feedback is overdue.
import { randomUUID } from "node:crypto";
import {
  type AnyEventDefinition,
  createEvent,
  MembershipGranted,
  MembershipRevoked,
  toKafkaMessage,
} from "@cong/contracts";
import { MAIL_SENT, storesOf } from "@cong/kit";
import { mailpit, uniqueName, waitFor } from "@cong/testing";
import * as extras from "../src/extras";
import { client, createPortals, env, type Running, start, testConfig } from "./helpers";

const DAY = 86_400_000;
const mp = mailpit();
const cfg = testConfig("content-digest", { SMTP_URL: env.SMTP_URL ?? "", SMTP_RETRY_MAX_MS: "1000" });
const prefix = cfg.KAFKA_TOPIC_PREFIX ?? "";
const CITIZEN = {
  fullName: "Phạm Thị Lan Anh",
  email: `${uniqueName("congdan")}@example.vn`,
  phone: "0977111222",
};
const head = {
  userId: randomUUID(),
  username: "stttt.board-head",
  email: `${uniqueName("truongban")}@stttt.bacgiang.localhost`,
};
const member = {
  userId: randomUUID(),
  username: "stttt.board-member",
  email: `${uniqueName("thanhvien")}@stttt.bacgiang.localhost`,
};
const leaver = {
  userId: randomUUID(),
  username: "stttt.board-deputy",
  email: `${uniqueName("dathoi")}@stttt.bacgiang.localhost`,
};
const quiet = {
  userId: randomUUID(),
  username: "tanyen.board-member",
  email: `${uniqueName("tanyen")}@tanyen.bacgiang.localhost`,
};
const by = { id: "head", username: "platform.admin" };

let svc: Running;
const call = client(() => svc.base);

async function send<D extends AnyEventDefinition>(def: D, data: unknown) {
  const producer = svc.content.svc.producer;
  if (!producer) throw new Error("no producer");
  const event = createEvent(def as never, data as never, { source: "/cong/test" });
  await producer.send({ topic: `${prefix}${def.topic}`, messages: [toKafkaMessage(event)] });
}

const grant = (
  p: { userId: string; username: string; email: string },
  portalId: string,
  role: string,
  at: number,
) =>
  send(MembershipGranted, {
    userId: p.userId,
    username: p.username,
    portalId,
    role,
    email: p.email,
    grantedBy: by,
    grantedAt: new Date(at).toISOString(),
  });
const revoke = (p: { userId: string; username: string }, portalId: string, role: string, at: number) =>
  send(MembershipRevoked, {
    userId: p.userId,
    username: p.username,
    portalId,
    role,
    revokedBy: by,
    revokedAt: new Date(at).toISOString(),
  });

const rosterDoc = (id: string) =>
  svc.content.svc.db?.collection("board_roster").findOne({ _id: id as never });

// the day the job is run for: far enough ahead that the citizen's message is overdue
const day = new Date(Date.now() + 60 * DAY + 7 * 3_600_000).toISOString().slice(0, 10);
const at = new Date(`${day}T08:00:00+07:00`);
let feedbackId = "";

beforeAll(async () => {
  expect(env.SMTP_URL).toBeTruthy();
  svc = await start(cfg, { extras, noScheduler: true });
  await createPortals(call, ["stttt", "tanyen"]);
  const t0 = Date.now() - 3_600_000;
  await grant(head, "stttt", "board-head", t0);
  await grant(member, "stttt", "board-member", t0);
  await grant(quiet, "tanyen", "board-member", t0);
  await grant(leaver, "stttt", "board-deputy", t0);
  await revoke(leaver, "stttt", "board-deputy", t0 + 60_000);
  // a late copy of the grant (another event id, the old time) does not bring the member back
  await grant(leaver, "stttt", "board-deputy", t0);
  // the same key (the same partition, in order) after it: once it is in, the copy was handled
  await revoke(leaver, "stttt", "board-member", t0 + 120_000);
  await waitFor(async () => !!(await rosterDoc(`stttt|${leaver.userId}|board-member`)), {
    timeoutMs: 60_000,
    what: "the membership events in content's roster",
  });
  await waitFor(
    async () =>
      (await svc.content.roster.members("stttt")).length === 2 &&
      !!(await rosterDoc(`tanyen|${quiet.userId}|board-member`)),
    {
      timeoutMs: 60_000,
      what: "the board members in the roster",
    },
  );

  const r = await call("POST", "/public/portals/stttt/feedback", null, {
    kind: "question",
    ...CITIZEN,
    subject: "Thủ tục cấp phép",
    message: "Xin hỏi thủ tục cấp giấy phép trang thông tin điện tử tổng hợp cần những giấy tờ gì?",
    consent: true,
  });
  expect(r.status).toBe(202);
  feedbackId = r.body.feedbackId as string;
});
afterAll(async () => {
  await svc?.stop();
});

describe("the board's daily digest mail (R-BOARD)", () => {
  it("keeps the board's roster from identity's events: a revoked member is out, without their address (R-PII)", async () => {
    const members = await svc.content.roster.members("stttt");
    expect(members.map((m) => [m.userId, m.role, m.email]).sort()).toEqual(
      [
        [head.userId, "board-head", head.email],
        [member.userId, "board-member", member.email],
      ].sort(),
    );
    const gone = await rosterDoc(`stttt|${leaver.userId}|board-deputy`);
    expect(gone).toMatchObject({ active: false });
    expect(gone).not.toHaveProperty("email");
  });

  it("mails each board member with an address one digest for the day, however often the job runs, and nothing before 07:00", async () => {
    const early = await svc.content.digest?.runOnce(new Date(`${day}T06:59:00+07:00`));
    expect(early).toEqual({ date: null, staged: 0, empty: 0, already: 0 });

    const first = await svc.content.digest?.runOnce(at);
    // head and member of stttt; the Tân Yên member's digest is empty
    expect(first).toEqual({ date: day, staged: 2, empty: 1, already: 0 });
    const again = await svc.content.digest?.runOnce(new Date(at.getTime() + 3_600_000));
    expect(again).toEqual({ date: day, staged: 0, empty: 0, already: 3 });

    const [mail] = await mp.waitForMail(member.email, { timeoutMs: 90_000 });
    expect(mail?.To).toEqual([{ Name: "", Address: member.email }]);
    expect(mail?.Subject).toMatch(
      /^Tổng hợp công việc ngày \d{2}\/\d{2}\/\d{4} — Cổng Thông tin điện tử Sở Thông tin và Truyền thông$/,
    );
    const { Text: text } = await mp.message(mail?.ID as string);
    expect(text.normalize("NFC")).toBe(text);
    expect(text).toContain(`Câu hỏi ${feedbackId}: QUÁ HẠN`);
    expect(text).not.toContain("CẦN CHỈ ĐẠO");
    // the citizen is named by the reference only (R-PII)
    for (const s of [CITIZEN.fullName, CITIZEN.email, CITIZEN.phone, "Thủ tục cấp phép", "Xin hỏi thủ tục"])
      expect(text).not.toContain(s);
  });

  it("gives the board head the escalation of what is overdue", async () => {
    const [mail] = await mp.waitForMail(head.email, { timeoutMs: 90_000 });
    expect(mail?.Subject.startsWith("[Quá hạn] Tổng hợp công việc ngày")).toBe(true);
    const { Text: text } = await mp.message(mail?.ID as string);
    expect(text).toContain("CẦN CHỈ ĐẠO: 1 ý kiến, câu hỏi của người dân đã quá hạn trả lời.");
    expect(text).toContain(`Câu hỏi ${feedbackId}: QUÁ HẠN`);
  });

  it("sends nothing again after a restart, nothing to the revoked member, nothing for an empty digest", async () => {
    await svc.stop();
    svc = await start(cfg, { extras, noScheduler: true });
    const after = await svc.content.digest?.runOnce(new Date(`${day}T20:00:00+07:00`));
    expect(after).toEqual({ date: day, staged: 0, empty: 0, already: 3 });

    const db = svc.content.svc.db;
    if (!db) throw new Error("no db");
    // each of the two mails was sent once, recorded by the mailer
    for (const p of [head, member]) {
      const ref = `digest:stttt:${p.userId}:${day}`;
      await waitFor(async () => (await db.collection(MAIL_SENT).countDocuments({ ref })) >= 1, { what: ref });
      expect(await db.collection(MAIL_SENT).countDocuments({ ref })).toBe(1);
      expect(await mp.to(p.email)).toHaveLength(1);
    }
    // the day's markers: no address in them (R-PII); the empty digest's marker stages nothing
    const markers = await db
      .collection("digest_sent")
      .find({}, { projection: { _outbox: 0 } })
      .toArray();
    expect(markers.map((m) => m._id).sort()).toEqual(
      [
        `stttt|${head.userId}|${day}`,
        `stttt|${member.userId}|${day}`,
        `tanyen|${quiet.userId}|${day}`,
      ].sort(),
    );
    for (const p of [head, member, quiet]) expect(JSON.stringify(markers)).not.toContain(p.email);
    const empty = await db
      .collection("digest_sent")
      .findOne({ _id: `tanyen|${quiet.userId}|${day}` as never });
    expect(empty).toMatchObject({ empty: true });
    expect(empty?._outbox ?? []).toEqual([]);
    expect(await mp.to(quiet.email)).toHaveLength(0);
    expect(await mp.to(leaver.email)).toHaveLength(0);
  });

  it("loses nothing and doubles nothing when the process dies between the marker and Kafka", async () => {
    // the next day: the relay is gone (the process is dying) when the day's mails are staged
    const nextDay = new Date(at.getTime() + DAY); // 08:00 the next day (Vietnam keeps UTC+7)
    const date = new Date(nextDay.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const { outbox } = storesOf(svc.content.svc);
    await outbox.stop(0);
    expect(await svc.content.digest?.runOnce(nextDay)).toEqual({ date, staged: 2, empty: 1, already: 0 });
    const db = svc.content.svc.db;
    if (!db) throw new Error("no db");
    const staged = await db
      .collection("digest_sent")
      .findOne({ _id: `stttt|${member.userId}|${date}` as never });
    expect(staged?._outbox).toHaveLength(1); // the mail request waits in the marker's document
    await svc.stop();

    // the next process: its sweeper publishes what the dead one staged; its job sends nothing again
    svc = await start(cfg, { extras, noScheduler: true });
    expect(await svc.content.digest?.runOnce(nextDay)).toEqual({ date, staged: 0, empty: 0, already: 3 });
    for (const p of [head, member]) {
      const mails = await mp.waitForMail(p.email, { count: 2, timeoutMs: 120_000 });
      expect(mails).toHaveLength(2);
      const ref = `digest:stttt:${p.userId}:${date}`;
      const db2 = svc.content.svc.db;
      await waitFor(async () => ((await db2?.collection(MAIL_SENT).countDocuments({ ref })) ?? 0) >= 1, {
        what: ref,
      });
      expect(await db2?.collection(MAIL_SENT).countDocuments({ ref })).toBe(1);
    }
  });
});
