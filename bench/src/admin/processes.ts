// The admin process under test (its memory from /proc), the editors' tokens and draft, and the
// upload's video file.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { demoToken } from "@cong/testing";
import { env, freePort } from "../../../services/admin/test/fixtures";
import { testClip } from "../../../services/media/test/samples";
import { ready } from "../children";
import { APIS, adminJs, DRAFT_TITLE, MiB, PORTAL, root, traceCjs } from "./settings";

// ------------------------------------------------------------------------------------------- /proc

export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

// ------------------------------------------------------------------------------------------- processes

export interface AdminSettings {
  port: number;
  url: string;
  db: string;
  clientId: string;
  secret: string;
  sessionSecret: string;
  mediaUrl: string;
  trace?: string;
  /** write a V8 CPU profile of the admin into this directory when it exits */
  cpuProfileDir?: string;
}

/** The built admin in its own process. Sessions live in its database, so a restart keeps them. */
export async function startAdminProcess(
  s: AdminSettings,
): Promise<{ child: ChildProcess; managementPort: number }> {
  const managementPort = await freePort();
  const flags = [
    ...(s.trace ? ["--require", traceCjs] : []),
    ...(s.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${s.cpuProfileDir}`] : []),
  ];
  const child = spawn(process.execPath, [...flags, adminJs], {
    cwd: path.join(root, "services/admin"),
    env: {
      ...process.env,
      ...env,
      PORT: String(s.port),
      MANAGEMENT_PORT: String(managementPort),
      LOG_LEVEL: "warn",
      SHUTDOWN_TIMEOUT_MS: "5000",
      MONGO_URL: `${env.MONGO_URL.replace(/\/$/, "")}/${s.db}`,
      KEYCLOAK_URL: env.KEYCLOAK_URL,
      KEYCLOAK_REALM: env.KEYCLOAK_REALM,
      ADMIN_PUBLIC_URL: s.url,
      ADMIN_OIDC_CLIENT_ID: s.clientId,
      ADMIN_OIDC_CLIENT_SECRET: s.secret,
      ADMIN_SESSION_SECRET: s.sessionSecret,
      CONTENT_API_URL: APIS.content,
      MEDIA_API_URL: s.mediaUrl,
      MEDIA_PUBLIC_URL: s.mediaUrl,
      IDENTITY_API_URL: APIS.identity,
      ARCHIVE_API_URL: APIS.archive,
      ...(s.trace
        ? {
            BENCH_TRACE_FILE: s.trace,
            BENCH_TRACE_NAMES: JSON.stringify(
              Object.fromEntries([
                ...Object.entries(APIS).map(([k, v]) => [new URL(v).origin, k]),
                [new URL(env.KEYCLOAK_URL).origin, "keycloak"],
              ]),
            ),
          }
        : {}),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await ready(child, managementPort, "admin ready");
  return { child, managementPort };
}

// ------------------------------------------------------------------------------------------- drafts

export async function bearer(user: string) {
  return { authorization: `Bearer ${await demoToken(user)}` };
}

export const sampleBody = [
  "<h2>Khánh thành cầu Đình Nẻo</h2>",
  ...Array.from(
    { length: 6 },
    (_, i) =>
      `<p>Đoạn ${i + 1}: Sáng nay, Ủy ban nhân dân huyện Tân Yên tổ chức lễ khánh thành và đưa vào sử dụng ` +
      "cầu Đình Nẻo, công trình có tổng mức đầu tư hơn 45 tỷ đồng từ ngân sách tỉnh và huyện. Cây cầu nối " +
      "hai xã Ngọc Thiện và Ngọc Vân, rút ngắn quãng đường đi lại của người dân và thúc đẩy giao thương.</p>",
  ),
  "<ul><li>Chiều dài: 120 m</li><li>Bề rộng: 9 m</li><li>Tải trọng: HL93</li></ul>",
].join("");

/** a draft of `user` in tanyen (made once; found by its title on later runs) */
export async function ensureDraft(user: string): Promise<string> {
  const auth = await bearer(user);
  const q = new URLSearchParams({ owner: "me", state: "draft", q: "đo tải trang quản trị", limit: "50" });
  const found = await fetch(`${APIS.content}/portals/${PORTAL}/items?${q}`, { headers: auth });
  if (found.ok) {
    const { items } = (await found.json()) as {
      items: {
        itemId: string;
        title?: string;
        owner?: { username?: string };
        working?: { locales?: { vi?: { title?: string } } };
      }[];
    };
    // the owner checked here too: a content build without the owner filter answers everyone's
    const mine = items.find(
      (x) => x.owner?.username === user && (x.title ?? x.working?.locales?.vi?.title) === DRAFT_TITLE,
    );
    if (mine) return mine.itemId;
  }
  const portal = (await (await fetch(`${APIS.content}/portals/${PORTAL}`, { headers: auth })).json()) as {
    categories: { categoryId: string; order: number; kinds?: string[] }[];
  };
  const category = [...portal.categories]
    .sort((a, b) => a.order - b.order)
    .find((c) => !c.kinds || c.kinds.includes("article"));
  const res = await fetch(`${APIS.content}/portals/${PORTAL}/items`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({
      kind: "article",
      categoryIds: category ? [category.categoryId] : [],
      locales: {
        vi: { title: DRAFT_TITLE, summary: "Bản nháp dùng để đo tải trang biên tập.", bodyHtml: sampleBody },
      },
      contributors: [{ name: "Nguyễn Văn Bench", role: "tác giả" }],
    }),
  });
  if (res.status !== 201) throw new Error(`draft of ${user}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { itemId: string }).itemId;
}

// ------------------------------------------------------------------------------------------- upload

/** a playable MP4 head (moov first) followed by filler up to `mb` MiB (as media-upload.ts) */
export function makeVideo(dir: string, mb: number): string {
  const clip = path.join(dir, "clip.mp4");
  testClip(clip, { seconds: 2 });
  const file = path.join(dir, "video.mp4");
  const fd = fs.openSync(file, "w");
  fs.writeSync(fd, fs.readFileSync(clip));
  const block = Buffer.alloc(4 * MiB);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  const target = mb * MiB;
  for (let size = fs.fstatSync(fd).size; size < target; size += block.length) {
    fs.writeSync(fd, block, 0, Math.min(block.length, target - size));
  }
  fs.closeSync(fd);
  return file;
}
