// Every page of every demo portal, as a citizen meets it (issue 17 "Done when"; R-CONTENT, R-STD,
// R-FMT, R-DOM): media, content and publishing run as child processes from their builds (as
// `./cong up` starts them) on the REAL Kafka, FerretDB, S3 and Keycloak, with a database, topic
// prefix and bucket of this file's own, and the DEMO data loaded by the services' own CLIs
// (`seed-demo`, as `./cong up`'s seed runs them). Then a crawl, breadth-first from each portal's
// home in each of its languages, follows every link to any demo portal's host, each page once:
// every page answers 200 (the 404 page only where one is asked for); every link, image, stylesheet,
// feed and sitemap entry answers < 400 (checked from Node, once per target); in Debian's Chromium
// at 320 CSS px no page is wider than the screen (WCAG 1.4.10); no internal code, raw date or
// template leftover in the text a citizen reads or hears; every mandatory category is linked from
// the home's navigation; every published item and every category listing is reached. Then axe-core
// (WCAG 2.0/2.1 A and AA) at 1366 and 320 CSS px on a home, category, item, registry, search,
// feedback, Q&A, contact and 404 page of the provincial portal (both languages) and a department's.
// Every failure is printed with its page; the test fails on any.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { connectMongo, createLogger, createS3 } from "@cong/kit";
import { CHROMIUM_ARGS, CHROMIUM_PATH, repoRoot, serverEnv, uniqueName, waitFor } from "@cong/testing";
import axe from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";
import { client } from "../../services/content/test/helpers";
import { freePort } from "../../services/publishing/test/helpers";
import { ChildService, tail } from "./child-service";

jest.setTimeout(900_000);

const env = serverEnv();
const run = uniqueName("e2e-crawl");
const db = run.replaceAll("-", "_");
const dbs = { media: `${db}_media`, content: `${db}_content`, publishing: `${db}_pub` };
const bucket = run.slice(0, 60);
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "cong-e2e-crawl-"));
const quiet = createLogger({ service: "e2e-crawl", level: "silent" });
const DEMO = JSON.parse(fs.readFileSync(path.join(repoRoot(), "infra/demo/portals.json"), "utf8")) as {
  portals: { id: string; kind: string }[];
};
const PORTAL_IDS = DEMO.portals.map((p) => p.id);
const PROVINCE = DEMO.portals.find((p) => p.kind === "province")?.id ?? "bacgiang";
const DEPARTMENT = DEMO.portals.find((p) => p.kind === "department")?.id ?? "stttt";
/** a path no portal has: its 404 page is crawled and audited like any other page */
const MISSING = "/khong-co-trang-nay";
/** more pages than this on one portal and language means the crawl is running away: a failure */
const PAGE_CAP = 1500;
const WIDTH = 320;

/** Text a citizen must never read: internal codes, programming leftovers, raw dates. */
const LEAKS: [RegExp, string][] = [
  [/\bR-[A-Z]{2,}[A-Z0-9-]*/, "a requirement code"],
  [/\bundefined\b/, "“undefined”"],
  [/\[object\b/, "“[object …]”"],
  [/\bNaN\b/, "“NaN”"],
  [/\bnull\b/, "“null”"],
  [/Invalid Date/, "“Invalid Date”"],
  [/\d{4}-\d{2}-\d{2}T\d{2}/, "a raw ISO timestamp"],
  [/\b\d{4}-\d{2}-\d{2}\b/, "a date written yyyy-MM-dd (dd/MM/yyyy expected)"],
  [/\{\{|\}\}|\$\{/, "a template placeholder"],
  [/\bcat-[a-z0-9]+(?:-[a-z0-9]+)*/, "a category id"],
  [/\bseed-[a-z]/, "a seed id"],
  [/\b[0-9a-f]{24}\b/, "an internal object id"],
  [/\b[a-z]{2,}_[a-z][a-z_]*\b/, "a snake_case code"],
];

interface PortalFacts {
  id: string;
  host: string;
  languages: string[];
  categories: { slug: string; name: { vi: string; en?: string }; mandatory: boolean }[];
  items: { kind: string; categoryIds: string[]; slugs: Record<string, string>; covers: string[] }[];
  emblem?: string;
}

let media: ChildService;
let content: ChildService;
let publishing: ChildService;
let browser: Browser | undefined;
const portals = new Map<string, PortalFacts>();
const figures: string[] = [];
const call = client(() => `http://127.0.0.1:${content.port}`);

const hostOf = (id: string) => (id === PROVINCE ? "bacgiang.localhost" : `${id}.bacgiang.localhost`);
const origin = (id: string) => `http://${hostOf(id)}:${publishing.port}`;
const prefixOf = (lang: string) => (lang === "vi" ? "" : `/${lang}`);

// ---------------------------------------------------------------------------------------------
// HTTP from Node: a portal host is asked on 127.0.0.1 with its Host header (Node's fetch neither
// resolves *.localhost nor lets a Host header through); other loopback URLs (media) directly.
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
interface Answer {
  status: number;
  type: string;
  location?: string;
  body: string;
}
function get(url: string): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: Number(u.port || 80),
        method: "GET",
        path: `${u.pathname}${u.search}`,
        headers: { host: u.host, "accept-language": "vi" },
        agent,
        timeout: 30_000,
      },
      (res) => {
        const type = String(res.headers["content-type"] ?? "");
        const keep = /html|xml|json/.test(type);
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => {
          if (keep) chunks.push(c);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            type,
            ...(res.headers.location ? { location: String(res.headers.location) } : {}),
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer in 30 s from ${url}`)));
    req.on("error", reject);
    req.end();
  });
}

/** `fn` over `items`, `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** A service's CLI from its build (`node dist/cli.js <args>`), with the service's settings. */
function cli(svc: ChildService, settings: Record<string, string>, args: string[]): Promise<string> {
  const dir = path.join(repoRoot(), "services", svc.name);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(dir, "dist/cli.js"), ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? os.homedir(),
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
        ...settings,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    proc.stdout.on("data", (c) => {
      out += String(c);
    });
    proc.stderr.on("data", (c) => {
      out += String(c);
    });
    const t = setTimeout(() => proc.kill("SIGKILL"), 300_000);
    proc.on("error", reject);
    proc.on("exit", (code, signal) => {
      clearTimeout(t);
      fs.appendFileSync(path.join(logDir, `${svc.name}-cli.log`), out);
      if (code === 0) resolve(out);
      else
        reject(
          new Error(
            `${svc.name} ${args.join(" ")} failed (${code ?? signal}):\n${out.split("\n").slice(-25).join("\n")}`,
          ),
        );
    });
  });
}

// ---------------------------------------------------------------------------------------------
beforeAll(async () => {
  const [mPort, mMgmt, cPort, cMgmt, pPort, pMgmt] = [
    await freePort(),
    await freePort(),
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
    KAFKA_TOPIC_PREFIX: `${run}.`,
  };
  const mediaSettings = {
    ...base,
    MONGO_URL: `${mongo}/${dbs.media}`,
    S3_ENDPOINT: env.S3_ENDPOINT,
    S3_ACCESS_KEY: env.S3_ACCESS_KEY,
    S3_SECRET_KEY: env.S3_SECRET_KEY,
    S3_REGION: env.S3_REGION,
    MEDIA_BUCKET: bucket,
    MEDIA_LINK_SECRET: "e2e-crawl-media-link-secret-not-secret",
  };
  const contentSettings = {
    ...base,
    MONGO_URL: `${mongo}/${dbs.content}`,
    MEDIA_API_URL: `http://127.0.0.1:${mPort}`,
  };
  media = new ChildService("media", mPort, mMgmt, logDir, mediaSettings);
  content = new ChildService("content", cPort, cMgmt, logDir, contentSettings);
  publishing = new ChildService("publishing", pPort, pMgmt, logDir, {
    ...base,
    MONGO_URL: `${mongo}/${dbs.publishing}`,
    CONTENT_API_URL: `http://127.0.0.1:${cPort}`,
    MEDIA_PUBLIC_URL: `http://127.0.0.1:${mPort}`,
    PUBLIC_DOMAIN: `bacgiang.localhost:${pPort}`,
    PAGEVIEWS_FLUSH_MS: "600000",
  });
  const t0 = Date.now();
  await media.start();
  await content.start();
  await publishing.start();
  // the demo data as `./cong up` loads it: media's images first (content's seed uses them)
  const [cliPort, cliMgmt] = [await freePort(), await freePort()];
  const ports = { PORT: String(cliPort), MANAGEMENT_PORT: String(cliMgmt) };
  await cli(media, { ...mediaSettings, ...ports }, ["seed-demo"]);
  await cli(content, { ...contentSettings, ...ports }, ["seed-demo"]);
  const seeded = Date.now();

  // what content holds: each demo portal's languages, categories and published items
  for (const id of PORTAL_IDS) {
    const user = `${id}.board-member`;
    const portal = await call<{ languages: string[]; emblem?: { assetId: string } }>(
      "GET",
      `/portals/${id}`,
      user,
    );
    if (portal.status !== 200) throw new Error(`content has no portal ${id}: ${portal.status}`);
    const cats = await call<{ items: PortalFacts["categories"] }>("GET", `/portals/${id}/categories`, user);
    if (cats.status !== 200) throw new Error(`categories of ${id}: ${cats.status}`);
    const items: PortalFacts["items"] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: {
        status: number;
        body: {
          items: {
            kind: string;
            live?: {
              categoryIds: string[];
              locales: Record<string, { slug: string }>;
              media?: { assetId: string; role: string }[];
            };
          }[];
          nextCursor: string | null;
        };
      } = await call(
        "GET",
        `/portals/${id}/items?state=published&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        user,
      );
      if (page.status !== 200) throw new Error(`published items of ${id}: ${page.status}`);
      for (const it of page.body.items)
        if (it.live)
          items.push({
            kind: it.kind,
            categoryIds: it.live.categoryIds,
            slugs: Object.fromEntries(Object.entries(it.live.locales).map(([l, v]) => [l, v.slug])),
            covers: (it.live.media ?? []).filter((m) => m.role === "cover").map((m) => m.assetId),
          });
      cursor = page.body.nextCursor;
    }
    portals.set(id, {
      id,
      host: hostOf(id),
      languages: portal.body.languages,
      categories: cats.body.items,
      items,
      ...(portal.body.emblem?.assetId ? { emblem: portal.body.emblem.assetId } : {}),
    });
  }
  if ([...portals.values()].some((p) => p.items.length === 0))
    throw new Error(`a demo portal without published items: ${[...portals.keys()].join(", ")}`);

  // publishing serves every demo portal with every item (in each language it offers), covers in place
  await waitFor(
    async () => {
      for (const p of portals.values()) {
        const home = await get(`${origin(p.id)}/`);
        if (home.status !== 200 || (p.emblem && !home.body.includes(`/assets/${p.emblem}/`))) return false;
        for (const it of p.items)
          for (const lang of p.languages) {
            const slug = it.slugs[lang];
            if (!slug) continue;
            const page = await get(`${origin(p.id)}${prefixOf(lang)}/tin/${slug}`);
            if (page.status !== 200) return false;
            if (lang === "vi" && it.covers.some((a) => !page.body.includes(`/assets/${a}/`))) return false;
          }
      }
      return true;
    },
    { timeoutMs: 240_000, intervalMs: 2000, what: "every demo portal and item served by publishing" },
  ).catch((e: unknown) => {
    throw new Error(`${String(e)}\n${tail(publishing.log)}`);
  });
  figures.push(
    `services started and demo seeded in ${((seeded - t0) / 1000).toFixed(0)} s, served in ${((Date.now() - seeded) / 1000).toFixed(0)} s more; ` +
      [...portals.values()]
        .map(
          (p) =>
            `${p.id}: ${p.items.length} items, ${p.categories.length} categories, ${p.languages.join("+")}`,
        )
        .join("; "),
  );
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 720_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  agent.destroy();
  await publishing?.stop().catch(() => undefined);
  await content?.stop().catch(() => undefined);
  await media?.stop().catch(() => undefined);
  const conn = await connectMongo({ url: env.MONGO_URL, dbName: dbs.content, logger: quiet }).catch(
    () => null,
  );
  if (conn) {
    for (const name of Object.values(dbs))
      await conn
        .useDb(name)
        .dropDatabase()
        .catch(() => undefined);
    await conn.close();
  }
  const s3 = createS3({ ...env, S3_REGION: env.S3_REGION ?? "us-east-1" });
  const names: string[] = [];
  try {
    for await (const o of s3.listObjectsV2(bucket, "", true)) {
      const n = (o as { name?: string }).name;
      if (n) names.push(n);
    }
    if (names.length) await s3.removeObjects(bucket, names);
    await s3.removeBucket(bucket);
  } catch {
    /* nothing stored */
  }
  fs.rmSync(logDir, { recursive: true, force: true });
  // the figures a reader compares runs by
  process.stdout.write(`\nportal crawl figures:\n  ${figures.join("\n  ")}\n`);
});

// ---------------------------------------------------------------------------------------------
interface Seen {
  links: string[];
  resources: string[];
  /** GET forms: their action, and one URL per option of each of their selects (filters) */
  forms: string[];
  scrollWidth: number;
  wide: string[];
  texts: { where: string; text: string }[];
  nav: { href: string; text: string }[];
}

/** In the page: what it links to and loads, its width, and the text a citizen reads or hears. */
function readPage(width: number): Seen {
  // (no DOM iterables in this project's lib: NodeLists go through Array.from)
  const all = <T extends Element>(sel: string, root: ParentNode = document) =>
    Array.from(root.querySelectorAll(sel)) as T[];
  const abs = (u: string) => new URL(u, document.baseURI).href;
  const links = all<HTMLAnchorElement>("a[href], area[href]").map((a) => a.href);
  const resources = all<HTMLLinkElement>("link[href]").map((l) => l.href);
  for (const el of all("img, source")) {
    const src = el.getAttribute("src");
    if (src) resources.push(abs(src));
    for (const part of (el.getAttribute("srcset") ?? "").split(",")) {
      const u = part.trim().split(/\s+/)[0];
      if (u) resources.push(abs(u));
    }
  }
  for (const v of all("video[poster]")) resources.push(abs(v.getAttribute("poster") ?? ""));
  const forms: string[] = [];
  for (const f of all<HTMLFormElement>("form")) {
    if ((f.getAttribute("method") ?? "get").toLowerCase() !== "get") continue;
    forms.push(f.action);
    for (const s of all<HTMLSelectElement>("select[name]", f))
      for (const o of Array.from(s.options))
        if (o.value) {
          const u = new URL(f.action);
          u.searchParams.set(s.name, o.value);
          forms.push(u.href);
        }
  }
  // what sticks out on the right (the outermost such elements), for the reader who has to fix it
  const wide: string[] = [];
  if (document.documentElement.scrollWidth > width)
    for (const el of all("*", document.body)) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 1 || r.width === 0) continue;
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 1) continue;
      const cls =
        typeof el.className === "string" && el.className.trim()
          ? `.${el.className.trim().split(/\s+/).join(".")}`
          : "";
      wide.push(
        `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${cls}> right edge ${Math.round(r.right)} px`,
      );
      if (wide.length >= 4) break;
    }
  const attrs = (sel: string, name: string) =>
    all(sel)
      .map((e) => e.getAttribute(name) ?? "")
      .join(" | ");
  const texts = [
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a citizen reads
    { where: "text", text: document.body.innerText },
    { where: "title", text: document.title },
    { where: "meta description", text: attrs('meta[name="description"]', "content") },
    { where: "alt text", text: attrs("img[alt]", "alt") },
    { where: "aria-label", text: attrs("[aria-label]", "aria-label") },
    { where: "placeholder", text: attrs("[placeholder]", "placeholder") },
    { where: "field value", text: attrs('input[value]:not([type="hidden"])', "value") },
  ];
  const nav = all<HTMLAnchorElement>("nav a[href]").map((a) => ({
    href: a.href,
    text: (a.textContent ?? "").trim(),
  }));
  return { links, resources, forms, scrollWidth: document.documentElement.scrollWidth, wide, texts, nav };
}

/** kinds of page, for the figures and to know every kind was crawled */
function kindOf(u: URL): string {
  const p = u.pathname.replace(/^\/en(?=\/|$)/, "") || "/";
  if (p === "/") return "home";
  if (p === MISSING) return "404";
  if (/^\/chuyen-muc\/[^/]+\/(rss|atom)\.xml$/.test(p)) return "feed";
  if (p.startsWith("/chuyen-muc/")) return "category";
  if (p.endsWith("/ban-in")) return "print";
  if (p.startsWith("/tin/")) return "item";
  if (/\.(xml|txt)$/.test(p)) return "feed";
  return p.slice(1).split("/")[0] ?? p;
}

it("every page of every demo portal, in each of its languages, has no broken link, fits 320 CSS px, shows no internal code, and links every mandatory category from the navigation", async () => {
  if (!browser) throw new Error("no browser");
  const started = Date.now();
  const failures: string[] = [];
  const fail = (where: string, what: string) => failures.push(`${where}\n      ${what}`);
  const portalHosts = new Map([...portals.values()].map((p) => [`${p.host}:${publishing.port}`, p]));
  const portalOfUrl = (u: URL) => portalHosts.get(u.host);
  const langOf = (u: URL) => (/^\/en(\/|$)/.test(u.pathname) ? "en" : "vi");

  // where every link, resource and form target came from (one page is enough to name)
  const referrers = new Map<string, Set<string>>();
  const refer = (target: string, from: string) => {
    let s = referrers.get(target);
    if (!s) {
      s = new Set();
      referrers.set(target, s);
    }
    s.add(from);
  };
  const queue: string[] = [];
  const queued = new Set<string>();
  const enqueue = (url: string) => {
    if (!queued.has(url)) {
      queued.add(url);
      queue.push(url);
    }
  };
  const norm = (href: string): URL | undefined => {
    try {
      const u = new URL(href);
      u.hash = "";
      return u;
    } catch {
      return undefined;
    }
  };
  const expected404 = new Set<string>();
  const starts: string[] = [];
  for (const p of portals.values())
    for (const lang of p.languages) {
      const home = `${origin(p.id)}${prefixOf(lang)}/`;
      starts.push(home);
      // a search's results (the form is crawled without words): words of the portal's first item
      const words = (p.items.find((it) => it.slugs[lang])?.slugs[lang] ?? "").split("-").slice(0, 2);
      starts.push(`${origin(p.id)}${prefixOf(lang)}/tim-kiem?q=${encodeURIComponent(words.join(" "))}`);
      const missing = `${origin(p.id)}${prefixOf(lang)}${MISSING}`;
      starts.push(missing);
      expected404.add(missing);
    }
  for (const s of starts) enqueue(s);

  const crawled = new Map<string, { status: number; kind: string; html: boolean }>();
  const perPortal = new Map<string, number>();
  const outside = new Set<string>(); // links to hosts that are neither a portal nor media: not fetched
  const mediaOrigin = `http://127.0.0.1:${media.port}`;
  const toCheck = new Set<string>(); // targets answered from Node without crawling them (media)
  let navChecked = 0;

  const context = await browser.newContext({
    viewport: { width: WIDTH, height: 800 },
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
  });
  const tab: Page = await context.newPage();
  let current = "";
  tab.on("response", (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== "document")
      fail(current, `the browser got ${r.status()} loading ${r.url()}`);
  });
  tab.on("requestfailed", (r) => {
    // ERR_ABORTED: a request the next navigation cancelled (every resource is also asked from Node)
    if (r.resourceType() !== "document" && r.failure()?.errorText !== "net::ERR_ABORTED")
      fail(current, `the browser could not load ${r.url()}: ${r.failure()?.errorText ?? "?"}`);
  });
  tab.on("pageerror", (e) => fail(current, `script error: ${e.message}`));

  const visit = async (url: string, unlinked: boolean) => {
    const u = new URL(url);
    const portal = portalOfUrl(u);
    if (!portal) return;
    const key = `${portal.id}${prefixOf(langOf(u))}`;
    const n = (perPortal.get(key) ?? 0) + 1;
    perPortal.set(key, n);
    if (n === PAGE_CAP + 1)
      fail(
        `${origin(portal.id)}${prefixOf(langOf(u))}/`,
        `more than ${PAGE_CAP} pages: the crawl stopped here`,
      );
    if (n > PAGE_CAP) return;
    const answer = await get(url).catch((e: unknown) => ({
      status: 0,
      type: "",
      body: String(e),
      location: undefined,
    }));
    const kind = kindOf(u);
    crawled.set(url, { status: answer.status, kind, html: /text\/html/.test(answer.type) });
    if (unlinked) fail(url, "no link of any crawled page leads here");
    if (answer.status >= 300 && answer.status < 400 && answer.location) {
      const to = norm(new URL(answer.location, url).href);
      if (to) {
        refer(to.href, url);
        if (portalOfUrl(to)) enqueue(to.href);
        else if (to.origin === mediaOrigin) toCheck.add(to.href);
        else outside.add(to.href);
      }
      return;
    }
    const ok = answer.status === 200 || (answer.status === 404 && expected404.has(url));
    if (!ok) {
      // a start page is named here; a page something links to is named with its referrer below
      if (!referrers.has(url)) fail(url, `answers ${answer.status}`);
      return;
    }
    if (expected404.has(url) && answer.status !== 404) fail(url, `answers ${answer.status}, not 404`);
    if (/xml/.test(answer.type)) {
      // feeds and sitemaps: the pages they name are links too
      for (const m of answer.body.matchAll(
        /<(?:loc|link|id)>\s*(https?:\/\/[^<\s]+)\s*<\/|<link[^>]*\shref="(https?:\/\/[^"]+)"/g,
      )) {
        const to = norm((m[1] ?? m[2] ?? "").replaceAll("&amp;", "&"));
        if (!to) continue;
        refer(to.href, url);
        if (portalOfUrl(to)) enqueue(to.href);
        else if (to.origin === mediaOrigin) toCheck.add(to.href);
        else outside.add(to.href);
      }
      return;
    }
    if (!/text\/html/.test(answer.type)) return;

    current = url;
    const res = await tab.goto(url, { waitUntil: "load" });
    if (res?.status() !== answer.status)
      fail(url, `answers ${answer.status} to Node, ${res?.status()} to the browser`);
    const seen = await tab.evaluate(readPage, WIDTH);
    if (seen.scrollWidth > WIDTH)
      fail(url, `${seen.scrollWidth} CSS px wide at ${WIDTH} (WCAG 1.4.10): ${seen.wide.join("; ") || "?"}`);
    // the text checks below read something (a page without text is a failure of its own)
    if ((seen.texts[0]?.text.trim().length ?? 0) < 100) fail(url, "the page shows (almost) no text");
    for (const { where, text } of seen.texts)
      for (const [re, what] of LEAKS) {
        const m = re.exec(text);
        if (m)
          fail(
            url,
            `${what} in the ${where}: “…${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 30).replaceAll(/\s+/g, " ")}…”`,
          );
      }
    // the home's navigation links every mandatory category's listing (R-CONTENT)
    if (kind === "home") {
      navChecked++;
      const lang = langOf(u) as "vi" | "en";
      const nav = new Set(seen.nav.map((l) => l.href));
      for (const c of portal.categories.filter((x) => x.mandatory)) {
        const listing = `${origin(portal.id)}${prefixOf(lang)}/chuyen-muc/${c.slug}`;
        if (!nav.has(listing))
          fail(
            url,
            `the mandatory category “${c.name[lang] ?? c.name.vi}” (${listing}) is not linked from <nav>`,
          );
      }
    }
    for (const href of [...seen.links, ...seen.resources, ...seen.forms]) {
      const to = norm(href);
      if (!to || !/^https?:$/.test(to.protocol)) continue;
      refer(to.href, url);
      const target = portalOfUrl(to);
      if (target) {
        // a portal without English offers no English page
        if (langOf(to) !== "vi" && !target.languages.includes(langOf(to)))
          fail(url, `links ${to.href}, but ${target.id} offers no ${langOf(to)}`);
        enqueue(to.href);
      } else if (to.origin === mediaOrigin) toCheck.add(to.href);
      else outside.add(to.href);
    }
  };

  while (queue.length) await visit(queue.shift() as string, false);
  const linkedPhase = crawled.size;
  // every published item (in each language its portal offers) and every category listing is a
  // page of the portal: one no link leads to is crawled now, and named
  for (const p of portals.values())
    for (const lang of p.languages) {
      const expected = [
        ...p.items
          .filter((it) => it.slugs[lang])
          .map((it) => `${origin(p.id)}${prefixOf(lang)}/tin/${it.slugs[lang]}`),
        ...p.categories.map((c) => `${origin(p.id)}${prefixOf(lang)}/chuyen-muc/${c.slug}`),
      ];
      for (const e of expected) if (!queued.has(e)) enqueue(e);
    }
  while (queue.length) {
    const next = queue.shift() as string;
    // what the crawl found only now (linked from an unlinked page) is no longer "unlinked"
    await visit(next, !referrers.has(next));
  }
  await context.close();

  // targets answered from Node once each: the portal pages' answers are the crawl's own
  const media404: string[] = [];
  const answers = new Map<string, number>();
  await pool([...toCheck], 8, async (t) => {
    const a = await get(t).catch(() => ({ status: 0 }));
    answers.set(t, a.status);
    if (a.status >= 400 || a.status === 0) media404.push(t);
  });
  let brokenLinks = 0;
  for (const [target, from] of referrers) {
    const status = crawled.get(target)?.status ?? answers.get(target);
    if (status === undefined) continue; // outside the platform, or past the cap
    const fine = (status > 0 && status < 400) || (status === 404 && expected404.has(target));
    if (!fine) {
      brokenLinks++;
      const pages = [...from];
      fail(
        pages[0] as string,
        `links ${target}, which answers ${status || "nothing"}${pages.length > 1 ? ` (${pages.length - 1} more pages link it, e.g. ${pages.slice(1, 3).join(", ")})` : ""}`,
      );
    }
  }

  // every kind of page was crawled on every portal (else the crawl missed a part of the site)
  const kinds = new Map<string, Map<string, number>>();
  let others = 0;
  for (const [url, { kind, html }] of crawled) {
    if (!html) {
      others++;
      continue;
    }
    const u = new URL(url);
    const key = `${portalOfUrl(u)?.id}${prefixOf(langOf(u))}`;
    const k = kinds.get(key) ?? new Map<string, number>();
    k.set(kind, (k.get(kind) ?? 0) + 1);
    kinds.set(key, k);
  }
  for (const p of portals.values())
    for (const lang of p.languages) {
      const k = kinds.get(`${p.id}${prefixOf(lang)}`) ?? new Map();
      for (const must of [
        "home",
        "category",
        "item",
        "van-ban",
        "hoi-dap",
        "gop-y",
        "lien-he",
        "tim-kiem",
        "404",
      ])
        if (!k.get(must))
          fail(`${origin(p.id)}${prefixOf(lang)}/`, `no ${must} page was reached by the crawl`);
    }

  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  figures.push(
    `crawl: ${crawled.size - others} HTML pages and ${others} feeds, sitemaps and static files (${crawled.size} in all, ${linkedPhase} reached by links) in ${seconds} s, at ${WIDTH} CSS px; ` +
      `${referrers.size} distinct link targets checked (${toCheck.size} on media), ${outside.size} outside the platform not fetched (${[...new Set([...outside].map((o) => new URL(o).origin))].join(", ") || "none"}); ` +
      `${brokenLinks} broken; navigation checked on ${navChecked} home pages`,
  );
  for (const [key, k] of kinds)
    figures.push(
      `${key}: ${[...k.values()].reduce((a, b) => a + b, 0)} pages — ${[...k].map(([kind, n]) => `${kind} ${n}`).join(", ")}`,
    );
  if (failures.length)
    process.stdout.write(
      `\nportal crawl: ${failures.length} failures\n  ${[...new Set(failures)].join("\n  ")}\n`,
    );
  expect([...new Set(failures)]).toEqual([]);
  expect(crawled.size - others).toBeGreaterThan(PORTAL_IDS.length * 20);
});

it("axe-core finds no WCAG 2.1 A/AA violation on the home, category, item, registry, search, feedback, Q&A, contact and 404 pages at 1366 and 320 CSS px", async () => {
  if (!browser) throw new Error("no browser");
  const started = Date.now();
  const failures: string[] = [];
  const cases: string[] = [];
  for (const id of [PROVINCE, DEPARTMENT]) {
    const p = portals.get(id) as PortalFacts;
    for (const lang of p.languages) {
      const news =
        p.items.find((it) => it.kind === "article" && it.slugs[lang] && it.covers.length) ??
        p.items.find((it) => it.slugs[lang]);
      if (!news) throw new Error(`${id} has no item in ${lang}`);
      const words = (news.slugs[lang] ?? "").split("-").slice(0, 2).join(" ");
      const cat = p.categories.find((c) => c.slug === "tin-tuc-su-kien") ?? p.categories[0];
      const pre = `${origin(id)}${prefixOf(lang)}`;
      cases.push(
        `${pre}/`,
        `${pre}/chuyen-muc/${cat?.slug}`,
        `${pre}/tin/${news.slugs[lang]}`,
        `${pre}/van-ban`,
        `${pre}/tim-kiem?q=${encodeURIComponent(words)}`,
        `${pre}/gop-y`,
        `${pre}/hoi-dap`,
        `${pre}/lien-he`,
        `${pre}${MISSING}`,
      );
    }
  }
  const context = await browser.newContext({ locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
  const tab = await context.newPage();
  let audits = 0;
  for (const url of cases)
    for (const width of [1366, 320]) {
      await tab.setViewportSize({ width, height: width > 1000 ? 900 : 800 });
      const res = await tab.goto(url, { waitUntil: "load" });
      const status = res?.status();
      if (status !== (url.endsWith(MISSING) ? 404 : 200))
        failures.push(`${url} at ${width} px\n      answers ${status}`);
      // evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not block
      await tab.evaluate(axe.source);
      const result = await tab.evaluate(() => {
        const g = globalThis as unknown as { axe: typeof axe };
        return g.axe
          .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
          .then((r) => ({
            passes: r.passes.length,
            violations: r.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              nodes: v.nodes
                .slice(0, 4)
                .map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n")[1]?.trim() ?? ""}`),
              count: v.nodes.length,
            })),
          }));
      });
      audits++;
      if (result.passes < 10)
        failures.push(`${url} at ${width} px\n      axe-core passed only ${result.passes} rules`);
      for (const v of result.violations)
        failures.push(
          `${url} at ${width} px\n      axe ${v.id} (${v.impact}): ${v.help} — ${v.count} element(s): ${v.nodes.join("; ")}`,
        );
    }
  await context.close();
  figures.push(
    `axe-core: ${audits} audits (${cases.length} pages × 2 widths) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  if (failures.length)
    process.stdout.write(`\naxe-core: ${failures.length} failures\n  ${failures.join("\n  ")}\n`);
  expect(failures).toEqual([]);
  expect(audits).toBe(cases.length * 2);
});
