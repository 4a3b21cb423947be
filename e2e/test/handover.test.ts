// R-ACCOUNT end to end: a board head hands an officer's account over in the identity service (real
// Keycloak); the old account can no longer log in, and the content service — consuming the event
// from the real Kafka — shows the successor as owner of the leaving officer's drafts.
// A throw-away realm built from the platform's realm definition keeps the shared realm untouched.
import { waitFor } from "@cong/testing";
import * as extras from "../../services/content/src/extras";
import { type Running, start, testConfig } from "../../services/content/test/helpers";
import {
  api,
  type RunningIdentity,
  startIdentity,
  type TestRealm,
  throwawayRealm,
  token,
  tokenResponse,
} from "../../services/identity/test/fixtures";

let realm: TestRealm;
let identity: RunningIdentity;
let content: Running;
const PASSWORD = "Mật-khẩu-bàn-giao-2026";

beforeAll(async () => {
  realm = await throwawayRealm("e2e-handover");
  identity = await startIdentity(realm.realm);
  content = await start(
    testConfig("e2e-handover", { KAFKA_TOPIC_PREFIX: identity.prefix, KEYCLOAK_REALM: realm.realm }),
    { extras },
  );
});
afterAll(async () => {
  await content?.stop();
  await identity?.close();
  await realm?.drop();
});

async function newUser(username: string, groups: string[] = []) {
  const { id } = await realm.kc.users.create({
    username,
    enabled: true,
    emailVerified: true,
    firstName: "Thử",
    lastName: "Nghiệm",
    email: `${username}@bacgiang.localhost`,
    credentials: [{ type: "password", value: PASSWORD, temporary: false }],
    groups,
  });
  return id;
}

it("hands over an account: the old one cannot log in and content shows the successor as owner of the drafts (R-ACCOUNT)", async () => {
  const toContent = api(content.base);
  const toIdentity = api(identity.base);
  const admin = await token(realm.realm, "platform.admin");
  const portal = (body: Record<string, unknown>) =>
    toContent("POST", "/portals", admin, {
      name: { vi: "Cổng Thông tin điện tử thử nghiệm" },
      agency: { vi: "Cơ quan thử nghiệm" },
      languages: ["vi"],
      boardMailbox: "banbientap@bacgiang.gov.vn",
      hotline: "0204 3854 485",
      ...body,
    });
  expect((await portal({ kind: "province", placeName: "Bắc Giang" })).status).toBe(201);
  expect((await portal({ kind: "department", abbreviation: "ALPHA" })).status).toBe(201);

  await newUser("roi.vi.tri", ["/portals/alpha/focal-officer"]);
  const successorId = await newUser("nguoi.ke.nhiem");
  const leaving = await token(realm.realm, "roi.vi.tri", PASSWORD);
  const draft = await toContent("POST", "/portals/alpha/items", leaving, {
    kind: "article",
    categoryIds: ["cat-tin-tuc-su-kien"],
    locales: { vi: { title: "Dự thảo kế hoạch chuyển đổi số năm 2027", bodyHtml: "<p>Nội dung.</p>" } },
  });
  expect(draft.status).toBe(201);
  expect(draft.body.owner.username).toBe("roi.vi.tri");

  const handover = await toIdentity("POST", "/handovers", await token(realm.realm, "alpha.board-head"), {
    from: { username: "roi.vi.tri" },
    to: { username: "nguoi.ke.nhiem" },
    reason: "Điều động công tác",
  });
  expect(handover.status).toBe(201);
  expect((await tokenResponse(realm.realm, "roi.vi.tri", PASSWORD)).ok).toBe(false);

  const boardHead = await token(realm.realm, "alpha.board-head");
  const owner = await waitFor(
    async () => {
      const item = await toContent("GET", `/portals/alpha/items/${draft.body.itemId}`, boardHead);
      return item.body.owner?.id === successorId ? item.body.owner : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 500, what: "the draft owned by the successor" },
  );
  expect(owner.username).toBe("nguoi.ke.nhiem");
});
