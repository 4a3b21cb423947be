// Media upload (issue 5) on this machine, in one run: a 1 GB video (a real MP4 head, then filler)
// uploaded through the media service (multipart HTTP → type by bytes, SHA-256, 8 MiB parts to S3)
// and directly with the minio client (putObject of a file stream), alternating; prints both
// throughputs, their ratio (goal ≥ 0.8) and the service's peak RSS growth during its uploads
// (goal ≤ 64 MB), read from /proc of the service process.
// Needs the local servers and the realm's demo users (`./cong up`), and a built media service.
// Variables: BENCH_MB (default 1024), BENCH_ROUNDS (default 2).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createS3 } from "@cong/kit";
import { demoToken, repoRoot, serverEnv, uniqueName, waitFor } from "@cong/testing";
import { testClip } from "../../services/media/test/samples";
import { fmt, header, row } from "./report";

const MB = Number(process.env.BENCH_MB ?? 1024);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const env = serverEnv();
const root = repoRoot();
const mainJs = path.join(root, "services/media/dist/main.js");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

/** a playable MP4 head (moov first) followed by filler up to `mb` MiB */
function makeVideo(dir: string, mb: number): string {
  const clip = path.join(dir, "clip.mp4");
  testClip(clip, { seconds: 2 });
  const file = path.join(dir, "video.mp4");
  const fd = fs.openSync(file, "w");
  fs.writeSync(fd, fs.readFileSync(clip));
  const block = Buffer.alloc(4 * 1024 * 1024);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);
  const target = mb * 1024 * 1024;
  for (let size = fs.fstatSync(fd).size; size < target; size += block.length) {
    fs.writeSync(fd, block, 0, Math.min(block.length, target - size));
  }
  fs.closeSync(fd);
  return file;
}

async function main() {
  if (!fs.existsSync(mainJs)) throw new Error("build first: pnpm --filter @cong/media build");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-media-"));
  const file = makeVideo(dir, MB);
  const size = fs.statSync(file).size;
  const prefix = `${uniqueName("bench-media")}.`;
  const bucket = uniqueName("bench-media").slice(0, 60);
  const directBucket = uniqueName("bench-direct").slice(0, 60);
  const [port, mport] = [await freePort(), await freePort()];
  header("media upload: service vs minio client", { sizeMiB: MB, rounds: ROUNDS });

  const child: ChildProcess = spawn(process.execPath, [mainJs], {
    cwd: path.join(root, "services/media"),
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      MANAGEMENT_PORT: String(mport),
      LOG_LEVEL: "warn",
      MONGO_URL: `${env.MONGO_URL}/${prefix.replaceAll(/[.-]/g, "_").slice(0, 60)}`,
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_ENSURE_TOPICS: "true",
      MEDIA_BUCKET: bucket,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  const s3 = createS3({ ...env, S3_REGION: env.S3_REGION ?? "us-east-1" });
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${mport}/ready`).catch(() => null))?.ok, {
      timeoutMs: 60_000,
      what: "media ready",
    });
    await s3.makeBucket(directBucket, env.S3_REGION ?? "us-east-1");
    const token = await demoToken("stttt.focal-officer");
    const auth = { authorization: `Bearer ${token}` };
    const upload = async (name: string, data: Blob) => {
      const fd = new FormData();
      fd.append("title", "Bench");
      fd.append("file", data, name);
      const res = await fetch(`${base}/portals/stttt/assets`, { method: "POST", headers: auth, body: fd });
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    };
    const settle = async (id: string) => {
      await waitFor(
        async () => {
          const a = (await (await fetch(`${base}/portals/stttt/assets/${id}`, { headers: auth })).json()) as {
            status: string;
          };
          return a.status !== "processing";
        },
        { timeoutMs: 600_000, what: "processing" },
      );
      const del = await fetch(`${base}/portals/stttt/assets/${id}`, { method: "DELETE", headers: auth });
      if (del.status !== 204) throw new Error(`delete: ${del.status}`);
    };
    // warm-up: loads file-type, busboy and the S3 client paths once
    const clip = fs.readFileSync(path.join(dir, "clip.mp4"));
    await settle(await upload("warm.mp4", new Blob([clip], { type: "video/mp4" })));

    const service: number[] = [];
    const direct: number[] = [];
    let baseline = Number.POSITIVE_INFINITY;
    let peak = 0;
    for (let r = 0; r < ROUNDS; r++) {
      global.gc?.();
      const before = rssOf(child.pid as number);
      baseline = Math.min(baseline, before);
      let roundPeak = before;
      const sampler = setInterval(() => {
        roundPeak = Math.max(roundPeak, rssOf(child.pid as number));
      }, 50);
      let t0 = performance.now();
      const id = await upload("bench.mp4", await fs.openAsBlob(file, { type: "video/mp4" }));
      service.push(size / 2 ** 20 / ((performance.now() - t0) / 1000));
      clearInterval(sampler);
      peak = Math.max(peak, roundPeak - before);
      await settle(id);

      t0 = performance.now();
      await s3.putObject(directBucket, `bench-${r}`, fs.createReadStream(file), size);
      direct.push(size / 2 ** 20 / ((performance.now() - t0) / 1000));
      await s3.removeObject(directBucket, `bench-${r}`);
      row(
        `round ${r + 1}: service / direct (MiB/s)`,
        `${fmt(service[r] as number, 1)} / ${fmt(direct[r] as number, 1)}`,
      );
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ratio = mean(service) / mean(direct);
    row("service upload (MiB/s, mean)", fmt(mean(service), 1));
    row("direct minio putObject (MiB/s, mean)", fmt(mean(direct), 1));
    row("ratio service/direct (goal ≥ 0.8)", `${fmt(ratio, 2)} ${ratio >= 0.8 ? "✓" : "✗"}`);
    row("service RSS before an upload (MiB)", fmt(baseline / 2 ** 20, 1));
    row(
      "service peak RSS growth (MiB, goal ≤ 64 MB)",
      `${fmt(peak / 2 ** 20, 1)} ${peak <= 64 * 1e6 ? "✓" : "✗"}`,
    );
  } finally {
    child.kill("SIGTERM");
    await s3.removeBucket(directBucket).catch(() => undefined);
    const names: string[] = [];
    for await (const o of s3.listObjectsV2(bucket, "", true)) if (o.name) names.push(o.name);
    if (names.length) await s3.removeObjects(bucket, names).catch(() => undefined);
    await s3.removeBucket(bucket).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
