// Shared set-up of identity's integration tests, against the REAL local servers: a throw-away
// realm per test file (applied by the same code path as `cli.js apply-realm`), its own database
// and Kafka topic prefix, and the service started in-process on port 0.
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type CloudEvent, fromKafkaMessage, parseEvent, Topics } from "@cong/contracts";
import { createKafka, createLogger } from "@cong/kit";
import { checkConformance, isolatedService, serverEnv, uniqueName, waitFor } from "@cong/testing";
import { createIdentity, type Identity } from "../src/app";
import { createKeycloakAdmin, type KeycloakAdmin } from "../src/keycloak/admin";
import { buildRealmSpec, type PortalInfo, type RealmOptions, type RealmSpec } from "../src/realm/definition";
import { applyRealm, type PlanEntry } from "../src/realm/realm.applier";

export const env = serverEnv();
/**
 * Every answer an identity started by `startIdentity` gives this file's requests is checked
 * against identity's OpenAPI document (route, status, content type, JSON body schema), and the
 * file fails at its end naming each mismatch (issue 16).
 */
export const conformance = checkConformance({
  service: "identity",
  document: path.join(__dirname, "../openapi.yaml"),
});
export const PORTALS: PortalInfo[] = [
  { id: "alpha", name: "Cổng Thông tin điện tử thử nghiệm Alpha", agency: "Sở Alpha" },
  { id: "beta", name: "Cổng Thông tin điện tử thử nghiệm Beta", agency: "Sở Beta" },
];

export function admin(realm: string): KeycloakAdmin {
  return createKeycloakAdmin({
    url: env.KEYCLOAK_URL,
    realm,
    username: env.KEYCLOAK_ADMIN_USERNAME,
    password: env.KEYCLOAK_ADMIN_PASSWORD,
  });
}

export interface TestRealm {
  realm: string;
  kc: KeycloakAdmin;
  spec: RealmSpec;
  firstPlan: PlanEntry[];
  drop(): Promise<void>;
}

/** A throw-away realm with the platform's definition (demo users of PORTALS unless told). */
export async function throwawayRealm(prefix: string, opts: Partial<RealmOptions> = {}): Promise<TestRealm> {
  const realm = uniqueName(prefix);
  const kc = admin(realm);
  const spec = buildRealmSpec({ realm, portals: PORTALS, demo: true, demoUsers: true, ...opts });
  const firstPlan = await applyRealm(kc, spec);
  return {
    realm,
    kc,
    spec,
    firstPlan,
    drop: async () => {
      await kc.realms.del({ realm }).catch(() => undefined);
    },
  };
}

export async function tokenResponse(realm: string, username: string, password = env.DEMO_PASSWORD) {
  return fetch(`${env.KEYCLOAK_URL}/realms/${realm}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: "cong-cli", username, password }),
  });
}

export async function token(realm: string, username: string, password = env.DEMO_PASSWORD): Promise<string> {
  const res = await tokenResponse(realm, username, password);
  if (!res.ok) throw new Error(`token for ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
}

export interface RunningIdentity {
  base: string;
  identity: Identity;
  prefix: string;
  close(): Promise<void>;
}

export async function startIdentity(
  realm: string,
  opts: { monitorCommands?: boolean } = {},
): Promise<RunningIdentity> {
  const { prefix, base: shared } = isolatedService("identity");
  const identity = await createIdentity(
    {
      ...shared,
      // monitorCommands: the tests that prove every query of a list uses the `_id` index
      ...(opts.monitorCommands ? { MONGO_URL: `${shared.MONGO_URL}?monitorCommands=true` } : {}),
      KEYCLOAK_REALM: realm,
      KEYCLOAK_ADMIN_USERNAME: env.KEYCLOAK_ADMIN_USERNAME,
      KEYCLOAK_ADMIN_PASSWORD: env.KEYCLOAK_ADMIN_PASSWORD,
      ADMIN_PUBLIC_URL: "http://admin.bacgiang.localhost:3005",
      INVITATION_TTL_HOURS: 72,
      // invitations are mailed to the local Mailpit (its SMTP on loopback: no TLS)
      SMTP_URL: env.SMTP_URL,
      SMTP_RETRY_MAX_MS: 1000,
    },
    { logger: createLogger({ service: "identity-test", level: process.env.TEST_LOG_LEVEL ?? "silent" }) },
  );
  const { server } = await identity.svc.serve(identity.app, { host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  conformance.watch(base);
  return {
    base,
    identity,
    prefix,
    close: async () => {
      await identity.svc.db?.dropDatabase().catch(() => undefined);
      await identity.svc.lifecycle.shutdown("test").catch(() => undefined);
    },
  };
}

/** Reads identity's topic from the beginning and collects the events, validated by their contracts. */
export async function collectEvents(prefix: string) {
  const kafka = createKafka({
    brokers: env.KAFKA_BROKERS.split(","),
    clientId: "identity-test",
    logger: createLogger({ service: "identity-test", level: "silent" }),
  });
  const consumer = kafka.consumer({ groupId: `${prefix}test-reader` });
  const events: (CloudEvent<unknown> & { key: string })[] = [];
  const invalid: string[] = [];
  // the service creates its topics in the background at start (it serves while Kafka is away)
  const topic = `${prefix}${Topics.identity}`;
  const admin = kafka.admin();
  await admin.connect();
  await waitFor(
    async () => {
      const topics = await admin.listTopics();
      if (!topics.includes(topic)) return false;
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      return meta.topics[0]?.partitions.every((p) => p.leader >= 0) ?? false;
    },
    { timeoutMs: 60_000, what: `topic ${topic}` },
  );
  await admin.disconnect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      try {
        const e = parseEvent(fromKafkaMessage(message as never));
        events.push({ ...e, key: message.key?.toString() ?? "" });
      } catch (err) {
        invalid.push(String(err));
      }
    },
  });
  return { events, invalid, stop: () => consumer.disconnect() };
}

export function api(base: string) {
  return async (method: string, path: string, bearer?: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = { text };
    }
    return {
      status: res.status,
      type: res.headers.get("content-type") ?? "",
      body: json as Record<string, any>,
    };
  };
}
