// The admin under test, against the REAL servers: content and media in-process (their own
// databases and topic prefix), Keycloak's real login page, and a per-test-file OIDC client
// (a copy of the realm's `cong-admin`, with its own secret, redirect URIs and back-channel
// logout URL, removed afterwards) so several runs never share a session endpoint.
import { randomBytes } from "node:crypto";
import net from "node:net";
import { createLogger } from "@cong/kit";
import { serverEnv, uniqueName } from "@cong/testing";
import { generateSync } from "otplib";
import * as extras from "../../content/src/extras";
import {
  client as contentClient,
  createPortals,
  type Running,
  start as startContent,
  testConfig,
} from "../../content/test/helpers";
import { buildRealmSpec } from "../../identity/src/realm/definition";
import { type RunningMedia, startMedia } from "../../media/test/fixtures";
import { type AdminService, buildAdmin } from "../src/app";
import { type AdminConfig, loadAdminConfig } from "../src/config";

export const env = serverEnv();

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A token of the master realm's admin (local servers only), for the Admin REST API. */
async function kcAdminToken(): Promise<string> {
  const res = await fetch(`${env.KEYCLOAK_URL}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "password",
      client_id: "admin-cli",
      username: env.KEYCLOAK_ADMIN_USERNAME ?? "admin",
      password: env.KEYCLOAK_ADMIN_PASSWORD ?? "",
    }),
  });
  if (!res.ok) throw new Error(`Keycloak admin token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function kcAdmin(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${env.KEYCLOAK_URL}/admin/realms/${env.KEYCLOAK_REALM}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await kcAdminToken()}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return res;
}

export interface TestClient {
  clientId: string;
  secret: string;
  remove(): Promise<void>;
}

/** A copy of the realm's admin client for this test file, pointing at `adminUrl`. */
export async function createTestClient(adminUrl: string): Promise<TestClient> {
  const spec = buildRealmSpec({ portals: [], demo: true }).clients.find((c) => c.clientId === "cong-admin");
  if (!spec) throw new Error("the realm has no cong-admin client");
  const clientId = `cong-admin-${uniqueName("t")}`;
  const secret = randomBytes(24).toString("hex");
  const { serviceAccountRealmManagementRoles: _r, ...rep } = spec;
  const res = await kcAdmin("POST", "/clients", {
    ...rep,
    clientId,
    secret,
    protocol: "openid-connect",
    enabled: true,
    redirectUris: [`${adminUrl}/*`],
    attributes: {
      ...rep.attributes,
      "backchannel.logout.url": `${adminUrl}/auth/backchannel-logout`,
      "post.logout.redirect.uris": `${adminUrl}/*`,
    },
  });
  if (res.status !== 201) throw new Error(`create client: ${res.status} ${await res.text()}`);
  const id = res.headers.get("location")?.split("/").pop() ?? "";
  return { clientId, secret, remove: async () => void (await kcAdmin("DELETE", `/clients/${id}`)) };
}

export interface Services {
  /** the topic prefix the services share (publishing joins with it) */
  prefix: string;
  content: Running;
  media: RunningMedia;
  call: ReturnType<typeof contentClient>;
  stop(): Promise<void>;
}

/** A clock the content's extras (feedback, comments, ads) read: `now` null is the real time. */
export interface TestClock {
  now: Date | null;
}

/** content and media in-process, with the portals stttt and tanyen. */
export async function startServices(name: string, o: { clock?: TestClock } = {}): Promise<Services> {
  const cfg = testConfig(name);
  const media = await startMedia(name, { KAFKA_TOPIC_PREFIX: cfg.KAFKA_TOPIC_PREFIX ?? "" });
  const clock = o.clock;
  const withClock: typeof extras = clock
    ? {
        ...extras,
        mountExtras: (router, ctx) =>
          extras.mountExtras(router, {
            ...ctx,
            options: { now: () => clock.now ?? new Date() },
          }),
      }
    : extras;
  const content = await startContent({ ...cfg, MEDIA_API_URL: media.base }, { extras: withClock });
  const call = contentClient(() => content.base);
  await createPortals(call, ["stttt", "tanyen"]);
  return {
    prefix: cfg.KAFKA_TOPIC_PREFIX ?? "",
    content,
    media,
    call,
    async stop() {
      await media.close();
      await content.stop();
    },
  };
}

export interface RunningAdmin {
  admin: AdminService;
  url: string;
  kc: TestClient;
  config: AdminConfig;
  stop(): Promise<void>;
}

/** An admin at http://127.0.0.1:<port> with its own OIDC client, calling `s`'s APIs. */
export async function startAdmin(
  name: string,
  s: Pick<Services, "content" | "media">,
  extra: Record<string, string> = {},
): Promise<RunningAdmin> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const kc = await createTestClient(url);
  const db = uniqueName(`${name}-admin`).replaceAll("-", "_");
  const config = loadAdminConfig({
    PORT: String(port),
    MANAGEMENT_PORT: String(await freePort()),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
    MONGO_URL: `${env.MONGO_URL.replace(/\/$/, "")}/${db}`,
    KEYCLOAK_URL: env.KEYCLOAK_URL,
    KEYCLOAK_REALM: env.KEYCLOAK_REALM,
    ADMIN_PUBLIC_URL: url,
    ADMIN_OIDC_CLIENT_ID: kc.clientId,
    ADMIN_OIDC_CLIENT_SECRET: kc.secret,
    ADMIN_SESSION_SECRET: randomBytes(32).toString("hex"),
    CONTENT_API_URL: s.content.base,
    MEDIA_API_URL: s.media.base,
    MEDIA_PUBLIC_URL: s.media.base,
    ...extra,
  });
  const admin = await buildAdmin(config, {
    logger: createLogger({ service: "admin-test", level: config.LOG_LEVEL }),
  });
  await admin.serve("127.0.0.1");
  return {
    admin,
    url,
    kc,
    config,
    async stop() {
      await admin.stop().catch(() => undefined);
      await kc.remove().catch(() => undefined);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// a small browser without a browser: cookies per host, redirects followed, Keycloak's form filled

export interface Page {
  status: number;
  url: string;
  html: string;
  headers: Headers;
}

export class Agent {
  readonly cookies = new Map<string, Map<string, string>>();
  constructor(readonly origin: string) {}

  cookieHeader(url: URL): string {
    return [...(this.cookies.get(url.host) ?? new Map())].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(url: URL, res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, ...v] = (pair ?? "").split("=");
      if (!k) continue;
      const jar = this.cookies.get(url.host) ?? new Map<string, string>();
      const value = v.join("=");
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(c) || value === "") jar.delete(k.trim());
      else jar.set(k.trim(), value);
      this.cookies.set(url.host, jar);
    }
  }

  /** One request, redirects followed (303/302 as GET); `Origin` set on unsafe methods unless given. */
  async request(
    method: string,
    target: string,
    o: { form?: Record<string, string | string[]>; headers?: Record<string, string>; follow?: boolean } = {},
  ): Promise<Page> {
    let url = new URL(target, this.origin);
    let m = method;
    let body: string | undefined;
    if (o.form) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(o.form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
      body = p.toString();
    }
    const extra = { ...(o.headers ?? {}) };
    for (let hop = 0; hop < 12; hop++) {
      const headers: Record<string, string> = { cookie: this.cookieHeader(url), ...extra };
      if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
      if (m !== "GET" && !("origin" in extra)) headers.origin = url.origin;
      const res = await fetch(url, {
        method: m,
        headers,
        ...(body !== undefined ? { body } : {}),
        redirect: "manual",
      });
      this.keep(url, res);
      const loc = res.headers.get("location");
      if (o.follow !== false && loc && [301, 302, 303, 307].includes(res.status)) {
        url = new URL(loc, url);
        if (res.status !== 307) {
          m = "GET";
          body = undefined;
        }
        for (const k of Object.keys(extra)) if (k === "origin") delete extra[k];
        continue;
      }
      return { status: res.status, url: url.href, html: await res.text(), headers: res.headers };
    }
    throw new Error(`too many redirects from ${target}`);
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request("GET", path, { ...(headers ? { headers } : {}) });
  }

  post(path: string, form: Record<string, string | string[]>, headers?: Record<string, string>) {
    return this.request("POST", path, { form, ...(headers ? { headers } : {}) });
  }

  /** The CSRF token of a page (every admin page carries it). */
  static csrf(page: Page): string {
    const m = /data-csrf="([a-f0-9]+)"/.exec(page.html);
    if (!m?.[1]) throw new Error(`no CSRF token on ${page.url}`);
    return m[1];
  }

  /**
   * Signs in through Keycloak's own login page with a demo user's password. The realm is shared
   * with other test runs and Keycloak is busy: a login page that comes back instead of the admin
   * is tried again a few times, and the last Keycloak message is in the error.
   */
  async signIn(username: string, returnTo = "/"): Promise<Page> {
    let last = "";
    for (let attempt = 0; attempt < 4; attempt++) {
      const login = await this.get(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
      if (login.url.startsWith(this.origin)) return login; // Keycloak's session still knew the person
      const action = /<form[^>]+id="kc-form-login"[^>]+action="([^"]+)"/.exec(login.html)?.[1];
      if (!action) throw new Error(`no Keycloak login form at ${login.url} (${login.status})`);
      const page = await this.request("POST", action.replaceAll("&amp;", "&"), {
        form: { username, password: env.DEMO_PASSWORD ?? "", credentialId: "" },
        headers: { origin: new URL(login.url).origin },
      });
      if (page.url.startsWith(this.origin)) return page;
      last =
        /id="input-error"[^>]*>([^<]+)|class="[^"]*alert[^"]*"[^>]*>[\s\S]*?<span[^>]*>([^<]+)/
          .exec(page.html)
          ?.slice(1)
          .find(Boolean)
          ?.trim() ?? `${page.status} at ${page.url}`;
      await new Promise((r) => setTimeout(r, 2000 * (attempt + 1)));
    }
    throw new Error(`sign-in of ${username} failed: ${last}`);
  }
}

// ---------------------------------------------------------------------------------------------
// accounts of the console's tests (issue 19): fresh platform admins pass the one-time code set-up

/** A fresh Keycloak account of the shared realm (the caller removes it), with its password. */
export async function createUser(
  username: string,
  password: string,
  o: { groups?: string[]; realmRole?: string } = {},
): Promise<string> {
  const r = await kcAdmin("POST", "/users", {
    username,
    enabled: true,
    firstName: "Thị Hoa",
    lastName: "Nguyễn",
    email: `${username}@bacgiang.localhost`,
    emailVerified: true,
    groups: o.groups ?? [],
    credentials: [{ type: "password", value: password, temporary: false }],
  });
  if (r.status !== 201) throw new Error(`create ${username}: ${r.status} ${await r.text()}`);
  const id = r.headers.get("location")?.split("/").pop() ?? "";
  if (o.realmRole) {
    const role = await (await kcAdmin("GET", `/roles/${o.realmRole}`)).json();
    const m = await kcAdmin("POST", `/users/${id}/role-mappings/realm`, [role]);
    if (m.status !== 204) throw new Error(`role of ${username}: ${m.status}`);
  }
  return id;
}

/** RFC 4648 base32 of the raw secret Keycloak's form carries (what an authenticator app is given). */
function base32(raw: string): string {
  const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const b of Buffer.from(raw, "utf8")) bits += b.toString(2).padStart(8, "0");
  let out = "";
  for (let i = 0; i < bits.length; i += 5) out += A[Number.parseInt(bits.slice(i, i + 5).padEnd(5, "0"), 2)];
  return out;
}

/**
 * Signs in a user who must set up a one-time code (platform-admin): password on Keycloak's page,
 * then its CONFIGURE_TOTP form with the current code, as an authenticator app computes it. A code
 * typed as its 30-second window ends is refused: then the next window's code, once.
 */
export async function signInWithAuthenticator(
  agent: Agent,
  username: string,
  password: string,
): Promise<Page> {
  const login = await agent.get("/auth/login?returnTo=/");
  const action = /<form[^>]+id="kc-form-login"[^>]+action="([^"]+)"/.exec(login.html)?.[1] ?? "";
  let page = await agent.request("POST", action.replaceAll("&amp;", "&"), {
    form: { username, password, credentialId: "" },
    headers: { origin: new URL(login.url).origin },
  });
  for (let attempt = 0; attempt < 2 && !page.url.startsWith(agent.origin); attempt++) {
    const form = /<form[^>]+action="([^"]+)"[^>]*id="kc-totp-settings-form"/.exec(page.html)?.[1];
    const raw = /name="totpSecret" value="([^"]+)"/.exec(page.html)?.[1];
    if (!form || !raw) throw new Error(`no one-time code set-up at ${page.url} (${page.status})`);
    const code = generateSync({ secret: base32(raw), epoch: Math.floor(Date.now() / 1000) });
    page = await agent.request("POST", form.replaceAll("&amp;", "&"), {
      // a label per attempt: a retry after a first save Keycloak did not confirm would clash with it
      form: {
        totp: code,
        totpSecret: raw,
        userLabel: attempt === 0 ? "Điện thoại" : `Điện thoại (${attempt + 1})`,
      },
      headers: { origin: new URL(page.url).origin },
    });
  }
  if (!page.url.startsWith(agent.origin)) throw new Error(`sign-in of ${username} ended at ${page.url}`);
  return page;
}

/** A page's text without tags, entities undone, spaces collapsed. */
export const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&")
    .replaceAll("&#39;", "'")
    .replace(/\s+/g, " ");

export { createPortals };
