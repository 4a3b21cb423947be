// WORK IN PROGRESS (issue 5): not run by jest yet — every case timed out against versitygw on
// 2026-11-29 and the cause is not found. Rename to quarantine.test.ts once streamToQuarantine passes.
// Integration against the real S3 (versitygw): R-FMT refusals leave nothing in the bucket.
import { Readable } from "node:stream";
import { serverEnv, uniqueName } from "@cong/testing";
import { Client } from "minio";
import { RefusedFile } from "../src/assets/inspect";
import { streamToQuarantine, TooLarge } from "../src/assets/store";

const env = serverEnv();
const url = new URL(env.S3_ENDPOINT as string);
const client = new Client({
  endPoint: url.hostname,
  port: Number(url.port),
  useSSL: url.protocol === "https:",
  accessKey: env.S3_ACCESS_KEY as string,
  secretKey: env.S3_SECRET_KEY as string,
  region: env.S3_REGION,
  pathStyle: true,
});
const bucket = uniqueName("media-quarantine");
const sniff = async (head: Buffer) =>
  (await import("file-type")).fileTypeFromBuffer(head).then((r) => r?.mime);

async function listAll(): Promise<string[]> {
  const names: string[] = [];
  for await (const o of client.listObjectsV2(bucket, "", true)) names.push((o as { name: string }).name);
  return names;
}

beforeAll(async () => {
  await client.makeBucket(bucket, env.S3_REGION);
});
afterAll(async () => {
  for (const n of await listAll()) await client.removeObject(bucket, n);
  await client.removeBucket(bucket);
});

const run = (body: Buffer, declaredMime: string, filename: string, limit = 20 * 1024 * 1024) =>
  streamToQuarantine({
    client,
    bucket,
    body: Readable.from([body]),
    declaredMime,
    filename,
    limitFor: () => limit,
    sniff,
  });

describe("streamToQuarantine (R-FMT)", () => {
  it.each([
    [
      "an .exe renamed .jpg",
      Buffer.concat([Buffer.from("MZ"), Buffer.alloc(5000, 1)]),
      "image/jpeg",
      "anh.jpg",
      "EXECUTABLE",
    ],
    [
      "HTML declared as PDF",
      Buffer.from("<!DOCTYPE html><html><script>alert(1)</script></html>"),
      "application/pdf",
      "a.pdf",
      "HTML",
    ],
  ])("refuses %s and leaves nothing in S3", async (_n, body, mime, name, code) => {
    await expect(run(body, mime, name)).rejects.toMatchObject({ refusal: { code } });
    expect(await listAll()).toEqual([]);
  });
  it("aborts an oversize body and leaves nothing in S3", async () => {
    const big = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(9 * 1024 * 1024, 0x20)]);
    await expect(run(big, "application/pdf", "lon.pdf", 1024 * 1024)).rejects.toBeInstanceOf(TooLarge);
    expect(await listAll()).toEqual([]);
  });
  it("stores an accepted PDF with its sha256", async () => {
    const pdf = Buffer.from("%PDF-1.4\n%%EOF\n");
    const q = await run(pdf, "application/pdf", "van-ban.pdf");
    expect(q.decided.kind).toBe("document");
    expect(q.sha256).toBe(require("node:crypto").createHash("sha256").update(pdf).digest("hex"));
    expect(await listAll()).toEqual([q.key]);
    expect(RefusedFile).toBeDefined();
  });
});
