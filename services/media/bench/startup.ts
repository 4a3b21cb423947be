// How long media takes to start on an existing database, and which commands of the start cost it:
// every command slower than BENCH_SLOW_MS (200) is printed with its collection and filter, then the
// total. The service starts on a throw-away bucket and topic prefix; the database is only read
// (unless it has work left: deleted assets whose files remain, assets left processing).
//
//   cd services/media && BENCH_DB=bench_data_access_200000_media pnpm exec tsx bench/startup.ts
import { performance } from "node:perf_hooks";
import { createLogger } from "@cong/kit";
import { isolatedService, uniqueName } from "@cong/testing";
import { MongoClient } from "mongodb";
import { createMedia } from "../src/app";
import type { MediaConfig } from "../src/config";

const dbName = process.env.BENCH_DB ?? "bench_data_access_200000_media";
const slowMs = Number(process.env.BENCH_SLOW_MS ?? 200);
const t0 = performance.now();
const at = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

// every client the kit opens reports its commands
const connect = MongoClient.prototype.connect;
MongoClient.prototype.connect = function (this: MongoClient) {
  const started = new Map<number, { name: string; what: string; t: number }>();
  this.on("commandStarted", (e) => {
    const c = e.command as Record<string, unknown>;
    const what = JSON.stringify({ coll: c[e.commandName], filter: c.filter ?? c.query ?? c.indexes }).slice(
      0,
      160,
    );
    started.set(e.requestId, { name: e.commandName, what, t: performance.now() });
  });
  const done = (e: { requestId: number }) => {
    const s = started.get(e.requestId);
    started.delete(e.requestId);
    if (s && performance.now() - s.t >= slowMs)
      console.log(`${at()}  ${(performance.now() - s.t).toFixed(0).padStart(7)} ms  ${s.name} ${s.what}`);
  };
  this.on("commandSucceeded", done);
  this.on("commandFailed", done);
  return connect.call(this);
} as typeof connect;

async function main() {
  const { base, s3 } = isolatedService("bench-media-startup");
  const url = `${base.MONGO_URL.replace(/\/[^/]*$/, "")}/${dbName}?monitorCommands=true`;
  const config: MediaConfig = {
    ...base,
    ...s3,
    MONGO_URL: url,
    MEDIA_BUCKET: uniqueName("bench-startup").slice(0, 60),
    MEDIA_LIMIT_IMAGE: 20 * 1024 * 1024,
    MEDIA_LIMIT_DOCUMENT: 50 * 1024 * 1024,
    MEDIA_LIMIT_AUDIO: 200 * 1024 * 1024,
    MEDIA_LIMIT_VIDEO: 2048 * 1024 * 1024,
    MEDIA_PART_SIZE: 8 * 1024 * 1024,
    MEDIA_LINK_SECRET: "bench-startup-link-secret-of-32-characters",
    MEDIA_LINK_TTL_SECONDS: 600,
    FFPROBE_PATH: "ffprobe",
    FFMPEG_PATH: "ffmpeg",
  };
  const logger = createLogger({ service: "media", level: process.env.LOG_LEVEL ?? "info" });
  const media = await createMedia(config, { logger });
  console.log(`${at()}  started (createMedia returned)`);
  await media.svc.lifecycle.shutdown("bench");
  await media.s3.removeBucket(config.MEDIA_BUCKET).catch(() => undefined);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
