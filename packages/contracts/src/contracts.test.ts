import fs from "node:fs";
import path from "node:path";
import { examplePreview, ItemPreview, PreviewToken } from "./api/previews";
import { fromKafkaMessage, toKafkaMessage } from "./cloudevents";
import { generatedFiles } from "./generated";
import {
  ContentPublished,
  ContentUnpublished,
  ContractViolation,
  createEvent,
  Events,
  FeedbackReceived,
  MembershipGranted,
  PortalUpdated,
  parseEvent,
  portalAddress,
} from "./index";
import { allTopics, ConsumerGroups, Topics } from "./topics";

const source = "/cong/test";

describe("event contracts", () => {
  it.each(Object.values(Events).map((d) => [d.type, d] as const))(
    "%s: its example matches its schema",
    (_t, def) => {
      const parsed = def.schema.safeParse(def.example);
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );

  it("gives every event a unique, versioned type and a known topic", () => {
    const types = Object.values(Events).map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    for (const d of Object.values(Events)) {
      expect(d.type).toMatch(/^vn\.gov\.bacgiang\.[a-z.-]+\.v\d+$/);
      expect(Object.values(Topics)).toContain(d.topic);
    }
  });

  it("refuses to create an event whose data breaks the contract, naming the field", () => {
    const bad = { ...ContentPublished.example, revision: 0 };
    expect(() => createEvent(ContentPublished, bad, { source })).toThrow(ContractViolation);
    try {
      createEvent(ContentPublished, bad, { source });
    } catch (e) {
      expect((e as ContractViolation).issues[0]?.path).toBe("revision");
    }
  });

  it("reads a portal.updated written before the footer facts, and one with them (issue 17 footer)", () => {
    const { addressText: _a, personInCharge: _p, licence: _l, ...older } = PortalUpdated.example.portal;
    const old = parseEvent(
      createEvent(PortalUpdated, { ...PortalUpdated.example, portal: older }, { source }),
    );
    const oldPortal = (old.data as typeof PortalUpdated.example).portal;
    expect(oldPortal.personInCharge).toBeUndefined();
    expect(portalAddress(oldPortal)).toEqual({ vi: older.address });
    expect(portalAddress({ address: "" })).toBeUndefined();
    const now = parseEvent(createEvent(PortalUpdated, PortalUpdated.example, { source }));
    const portal = (now.data as typeof PortalUpdated.example).portal;
    expect(portalAddress(portal)?.en).toMatch(/Tan Yen District/);
    expect(portal.personInCharge?.position.vi).toBe("Chủ tịch UBND huyện Tân Yên");
    expect(portal.licence?.vi).toMatch(/^Giấy phép số 12\/GP-STTTT do .+ cấp ngày 20\/04\/2022$/);
    const bad = { ...PortalUpdated.example.portal, personInCharge: { name: "", position: { vi: "x" } } };
    expect(() => createEvent(PortalUpdated, { ...PortalUpdated.example, portal: bad }, { source })).toThrow(
      ContractViolation,
    );
  });

  it("requires a public reason to withdraw an item (R-MODERATE, withdrawal notice)", () => {
    const { publicReason: _omit, ...noReason } = ContentUnpublished.example;
    expect(() => createEvent(ContentUnpublished, noReason, { source })).toThrow(/public reason/);
  });

  it("round-trips through the Kafka binary binding with key = aggregate id", () => {
    const event = createEvent(ContentPublished, ContentPublished.example, {
      source,
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    });
    const msg = toKafkaMessage(event);
    expect(msg.key).toBe(ContentPublished.example.itemId);
    expect(msg.headers.ce_type).toBe("vn.gov.bacgiang.content.published.v1");
    expect(msg.headers.ce_portalid).toBe("stttt");
    expect(msg.headers.traceparent).toBe(event.traceparent);
    const back = fromKafkaMessage({
      key: Buffer.from(msg.key),
      value: Buffer.from(msg.value),
      headers: Object.fromEntries(Object.entries(msg.headers).map(([k, v]) => [k, Buffer.from(v)])),
    });
    const parsed = parseEvent(back);
    expect(parsed.definition).toBe(ContentPublished);
    expect(parsed.data).toEqual(event.data);
    // Vietnamese text survives byte for byte, in NFC
    const title = (parsed.data as typeof event.data).snapshot.locales.vi.title;
    expect(title).toBe("Hội nghị chuyển đổi số tỉnh Bắc Giang năm 2026");
    expect(title.normalize("NFC")).toBe(title);
  });

  it("carries no personal data in feedback events (R-PII)", () => {
    const keys = Object.keys(FeedbackReceived.schema.shape);
    for (const pii of ["name", "email", "phone", "address", "message", "content"])
      expect(keys).not.toContain(pii);
    // unknown keys are stripped, so a producer cannot leak them by accident
    const event = createEvent(FeedbackReceived, { ...FeedbackReceived.example, email: "a@b.vn" } as never, {
      source,
    });
    expect(event.data).not.toHaveProperty("email");
  });

  it("carries an official's work address on a board membership only (R-BOARD digest, R-PII)", () => {
    const board = createEvent(MembershipGranted, MembershipGranted.example, { source });
    expect(board.data.email).toBe("tran.van.nam@stttt.bacgiang.gov.vn");
    const { email: _omit, ...noEmail } = MembershipGranted.example;
    expect(
      createEvent(MembershipGranted, { ...noEmail, role: "contributor" }, { source }).data,
    ).not.toHaveProperty("email");
    expect(() =>
      createEvent(MembershipGranted, { ...MembershipGranted.example, role: "focal-officer" }, { source }),
    ).toThrow(/only a board role/);
  });

  it("rejects an unknown event type and a message that is not a CloudEvent", () => {
    expect(() =>
      parseEvent({ ...createEvent(FeedbackReceived, FeedbackReceived.example, { source }), type: "x.y.v1" }),
    ).toThrow(/unknown event type/);
    expect(() => fromKafkaMessage({ key: "k", value: "{}", headers: {} })).toThrow(/CloudEvents/);
  });

  it("lists one dead-letter topic per consumer group, and consumer groups only consume known topics", () => {
    const names = allTopics().map((t) => t.name);
    for (const g of Object.values(ConsumerGroups)) expect(names).toContain(`${g.name}.dlt`);
    expect(new Set(names).size).toBe(names.length);
  });

  it("keeps the generated docs and chart topics in step with the contracts", () => {
    const root = path.resolve(__dirname, "../../..");
    for (const [rel, text] of Object.entries(generatedFiles())) {
      const file = path.join(root, rel);
      const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "(missing)";
      if (committed !== text) throw new Error(`${rel} is out of date: run pnpm --filter @cong/contracts gen`);
    }
  });
});

describe("API payloads between services", () => {
  it("the preview example is a valid preview, and its token pattern refuses a guessable value", () => {
    expect(ItemPreview.parse(examplePreview)).toMatchObject({ portalId: "tanyen" });
    expect(PreviewToken.safeParse("abc").success).toBe(false);
    expect(PreviewToken.safeParse("A".repeat(43)).success).toBe(true);
  });
});
