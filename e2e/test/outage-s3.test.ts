// The object store goes away under media (issue 15, "prove at platform level"): media runs
// in-process on a PRIVATE S3 server (versitygw, as locally; the shared one stays up) with the real
// FerretDB, Kafka and Keycloak. Uploads in flight and uploads sent while it is down get a clear
// answer — 201, or 503 problem+json in Vietnamese — never a 500 or a hang; files cannot be served
// meanwhile (503); nothing is left behind: no object without its asset, no unfinished multipart
// upload, no asset marked ready without its files; when the server is back uploads work again and
// what was accepted is processed, without restarting media.
import { demoToken, type PrivateServer, privateServer, waitFor } from "@cong/testing";
import sharp from "sharp";
import { form, type RunningMedia, startMedia } from "../../services/media/test/fixtures";

jest.setTimeout(400_000);

let s3: PrivateServer;
let m: RunningMedia;
let token = "";

beforeAll(async () => {
  s3 = await privateServer("s3");
  await s3.start();
  m = await startMedia("e2e-s3-down", {
    S3_ENDPOINT: s3.env.S3_ENDPOINT as string,
    S3_ACCESS_KEY: s3.env.S3_ACCESS_KEY as string,
    S3_SECRET_KEY: s3.env.S3_SECRET_KEY as string,
    S3_REGION: s3.env.S3_REGION as string,
  });
  token = await demoToken("stttt.focal-officer");
});
afterAll(async () => {
  await m?.close().catch(() => undefined);
  await s3?.destroy().catch(() => undefined);
});

interface Answer {
  status: number;
  type: string | null;
  body: Record<string, unknown>;
  ms: number;
}

let seq = 0;
/** A photo no earlier upload had (media refuses a portal's duplicate with 409). */
function photo(): Promise<Buffer> {
  const n = ++seq;
  return sharp({
    create: {
      width: 640,
      height: 400,
      channels: 3,
      background: { r: n % 256, g: (n * 7) % 256, b: (n * 13) % 256 },
    },
  })
    .jpeg()
    .toBuffer();
}

async function upload(n: string): Promise<Answer> {
  const image = await photo();
  const t0 = Date.now();
  try {
    const res = await fetch(`${m.base}/portals/stttt/assets`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: form(image, `anh-${n}.jpg`, "image/jpeg", { altText: `Ảnh thử ${n}` }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { text };
    }
    return { status: res.status, type: res.headers.get("content-type"), body, ms: Date.now() - t0 };
  } catch (e) {
    return { status: -1, type: null, body: { error: String(e) }, ms: Date.now() - t0 };
  }
}

const asset = async (id: string) =>
  (await (
    await fetch(`${m.base}/portals/stttt/assets/${id}`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { status: string; assetId: string };

async function ready(id: string): Promise<void> {
  let last: Record<string, unknown> = {};
  try {
    await waitFor(
      async () => {
        last = (await asset(id)) as unknown as Record<string, unknown>;
        return last.status === "ready";
      },
      { timeoutMs: 90_000, what: `asset ${id} ready` },
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; last seen: ${JSON.stringify(last).slice(0, 400)}`);
  }
}

it("answers uploads with 201 or 503 problem+json while S3 is down, leaves no orphan or half object, and works again after", async () => {
  const first = await upload("truoc");
  expect(first.status).toBe(201);
  const firstId = first.body.id as string;
  await ready(firstId);

  // three uploaders keep sending until two seconds after the server stopped
  let stopped = 0;
  const answers: Answer[] = [];
  const uploader = async (u: number) => {
    for (let n = 0; !stopped || Date.now() < stopped + 2000; n++) answers.push(await upload(`${u}-${n}`));
  };
  const uploaders = [0, 1, 2].map(uploader);
  await new Promise((r) => setTimeout(r, 500));
  await s3.stop();
  stopped = Date.now();
  await Promise.all(uploaders);

  // while it is down: an upload and a file answer 503 problem+json, in Vietnamese, within seconds
  const down = await upload("khi-mat-ket-noi");
  expect({ status: down.status, type: down.type }).toEqual({
    status: 503,
    type: expect.stringMatching(/^application\/problem\+json/),
  });
  expect(String(down.body.detail)).toMatch(/tạm thời|không truy cập được|thử lại/);
  expect(down.ms).toBeLessThan(30_000);
  const file = await fetch(`${m.base}/assets/${firstId}/w320.webp`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(30_000),
  });
  expect(file.status).toBe(503);
  expect(file.headers.get("content-type")).toMatch(/^application\/problem\+json/);

  // the answers of the uploads in flight: created or refused with 503 — no 500, no hang
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);

  // back, without restarting media
  await s3.start();
  const backAt = Date.now();
  let after: Answer = { status: 0, type: null, body: {}, ms: 0 };
  await waitFor(
    async () => {
      after = await upload("sau");
      return after.status === 201;
    },
    { timeoutMs: 60_000, intervalMs: 1000, what: "uploads accepted again" },
  );
  const recoveredMs = Date.now() - backAt;
  await ready(after.body.id as string);
  // every upload that was accepted is processed once the store is back
  const accepted = answers.filter((a) => a.status === 201).map((a) => a.body.id as string);
  for (const id of accepted) await ready(id);

  // nothing left behind: every object belongs to an asset of this portal, no unfinished multipart upload
  const ids = new Set([firstId, after.body.id as string, ...accepted]);
  const objects = await m.objects();
  const owners = new Set(objects.map((o) => o.split("/")[1]));
  expect([...owners].filter((o) => o && !ids.has(o))).toEqual([]);
  for (const id of ids) expect(objects.some((o) => o === `stttt/${id}/w320.webp`)).toBe(true);
  const unfinished: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const stream = m.media.s3.listIncompleteUploads(m.bucket, "", true);
    stream.on("data", (u: { key: string }) => unfinished.push(u.key));
    stream.on("end", () => resolve());
    stream.on("error", reject);
  });
  expect(unfinished).toEqual([]);
  process.stdout.write(
    `s3 outage: ${answers.length} uploads in flight, ${accepted.length} accepted / ${statuses.filter((s) => s === 503).length} refused 503; down answers: upload 503 in ${down.ms} ms, file ${file.status}; uploads accepted again ${recoveredMs} ms after the restart; ${objects.length} objects, 0 orphans, 0 unfinished uploads\n`,
  );
});
