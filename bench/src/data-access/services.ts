// The four services in this process against one size's databases, the commands they send
// (command monitoring), CPU marks from /proc, and HTTP calls as the demo users.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Actor } from "@cong/contracts";
import { demoToken, isolatedService, type RecordedQuery } from "@cong/testing";
import type { Db } from "mongodb";
import { type Archive, createArchive } from "../../../services/archive/src/app";
import type { ArchiveConfig } from "../../../services/archive/src/config";
import * as contentExtras from "../../../services/content/src/extras";
import {
  type Running as RunningContent,
  start as startContent,
  testConfig,
} from "../../../services/content/test/helpers";
import { createIdentity, type Identity } from "../../../services/identity/src/app";
import { createMedia, type Media } from "../../../services/media/src/app";
import type { MediaConfig } from "../../../services/media/src/config";
import { cpuSeconds, machineBusySeconds } from "../cpu";
import { call, type Reply } from "../http";
import { removeTopics as removeTopicsOf } from "../kafka-cleanup";
import { fmt } from "../report";
import { dbName, dbUrl, env, type Json, LOG_LEVEL, logger, note, root, type ServiceName } from "./config";

// ------------------------------------------------------------------------------------- /proc

/** the local MongoDB-wire server's pid (infra/local), when MONGO_URL is that server */
export function serverPid(): number | undefined {
  try {
    const local = fs.readFileSync(path.join(root, ".env.local"), "utf8").match(/^MONGO_URL=(.*)$/m)?.[1];
    if (local && local.trim() !== env.MONGO_URL.trim()) return undefined;
    return Number(fs.readFileSync(path.join(root, ".run/local/mongo.pid"), "utf8").trim()) || undefined;
  } catch {
    return undefined;
  }
}
export const SERVER_PID = serverPid();
export interface CpuMark {
  at: number;
  machine: number;
  server: number;
  self: number;
}
export const cpuMark = (): CpuMark => ({
  at: performance.now(),
  machine: machineBusySeconds(),
  server: SERVER_PID ? cpuSeconds(SERVER_PID) : Number.NaN,
  self: cpuSeconds(process.pid),
});
export function cpuBetween(a: CpuMark, b: CpuMark): string {
  const wall = (b.at - a.at) / 1000;
  const server = (b.server - a.server) / wall;
  const self = (b.self - a.self) / wall;
  const rest = (b.machine - a.machine) / wall - (Number.isFinite(server) ? server : 0) - self;
  return [
    Number.isFinite(server) ? `mongo server ${fmt(server, 2)}` : null,
    `this process (4 services + client) ${fmt(self, 2)}`,
    Number.isFinite(rest) ? `rest of machine ${fmt(Math.max(0, rest), 2)}` : null,
  ]
    .filter(Boolean)
    .join(", ");
}

// ------------------------------------------------------------------------------------- commands

export interface Cmd {
  at: number;
  ms: number;
  svc: ServiceName;
  name: string;
  coll: string;
  sweep: boolean;
  query?: RecordedQuery;
  /** sent by the service answering a timed request, while it ran */
  mine?: boolean;
}
/** every command the services sent, with its duration (the driver's command monitoring) */
export const commands: Cmd[] = [];
export type MonitoredClient = {
  on(
    ev: "commandStarted",
    fn: (e: { requestId: number; commandName: string; command: Record<string, unknown> }) => void,
  ): unknown;
  on(
    ev: "commandSucceeded" | "commandFailed",
    fn: (e: { requestId: number; duration: number }) => void,
  ): unknown;
};

export function monitor(svc: ServiceName, client: MonitoredClient | undefined) {
  if (!client) throw new Error(`${svc}: no database client`);
  const open = new Map<number, Cmd>();
  client.on("commandStarted", (e) => {
    const c = e.command as Record<string, Json>;
    const coll = String(c[e.commandName] ?? "");
    const filter = (c.filter ?? c.query ?? c.updates?.[0]?.q ?? c.deletes?.[0]?.q) as
      | Record<string, unknown>
      | undefined;
    const cmd: Cmd = {
      at: performance.now(),
      ms: Number.NaN,
      svc,
      name: e.commandName,
      coll,
      sweep: JSON.stringify(filter ?? {}).includes('"_outbox.'),
    };
    if (filter && ["find", "update", "delete", "findAndModify"].includes(e.commandName))
      cmd.query = {
        command: e.commandName,
        collection: coll,
        filter,
        ...(c.sort ? { sort: c.sort } : {}),
        ...(c.limit ? { limit: c.limit } : {}),
      };
    open.set(e.requestId, cmd);
    commands.push(cmd);
  });
  const done = (e: { requestId: number; duration: number }) => {
    const cmd = open.get(e.requestId);
    if (cmd) {
      cmd.ms = e.duration;
      open.delete(e.requestId);
    }
  };
  client.on("commandSucceeded", done);
  client.on("commandFailed", done);
}

// ------------------------------------------------------------------------------------- services

export interface Running {
  media: Media;
  identity: Identity;
  archive: Archive;
  content: RunningContent;
  urls: Record<ServiceName, string>;
  dbs: Record<ServiceName, Db>;
  stop(): Promise<void>;
}

export const listen = async (svc: { serve: Media["svc"]["serve"] }, app: Media["app"]) => {
  const { server } = await svc.serve(app, { host: "127.0.0.1" });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** The four services in this process on the size's databases, as their integration tests start them. */
export async function startServices(
  size: number,
  prefix: string,
  buckets: { media: string; archive: string },
) {
  const url = (s: ServiceName) => dbUrl(env.MONGO_URL, dbName(size, s), "monitorCommands=true");
  const isolated = isolatedService("bench-data-access");
  const shared = { ...isolated.base, KAFKA_TOPIC_PREFIX: prefix };
  const { s3 } = isolated;
  const times: Record<string, number> = {};
  let t = performance.now();
  // media (services/media/test/fixtures.ts)
  const mediaConfig: MediaConfig = {
    ...shared,
    ...s3,
    MONGO_URL: url("media"),
    MEDIA_BUCKET: buckets.media,
    MEDIA_LIMIT_IMAGE: 20 * 1024 * 1024,
    MEDIA_LIMIT_DOCUMENT: 50 * 1024 * 1024,
    MEDIA_LIMIT_AUDIO: 200 * 1024 * 1024,
    MEDIA_LIMIT_VIDEO: 2048 * 1024 * 1024,
    MEDIA_PART_SIZE: 8 * 1024 * 1024,
    MEDIA_LINK_SECRET: randomBytes(24).toString("hex"),
    MEDIA_LINK_TTL_SECONDS: 600,
    FFPROBE_PATH: "ffprobe",
    FFMPEG_PATH: "ffmpeg",
  };
  const media = await createMedia(mediaConfig, { logger: logger.child({ service: "media" }) });
  const mediaBase = await listen(media.svc, media.app);
  times.media = performance.now() - t;
  // identity (services/identity/test/fixtures.ts), on the demo realm
  t = performance.now();
  const identity = await createIdentity(
    {
      ...shared,
      MONGO_URL: url("identity"),
      KEYCLOAK_REALM: env.KEYCLOAK_REALM,
      KEYCLOAK_ADMIN_USERNAME: env.KEYCLOAK_ADMIN_USERNAME,
      KEYCLOAK_ADMIN_PASSWORD: env.KEYCLOAK_ADMIN_PASSWORD,
      ADMIN_PUBLIC_URL: "http://admin.bacgiang.localhost:3005",
      INVITATION_TTL_HOURS: 72,
    },
    { logger: logger.child({ service: "identity" }) },
  );
  const identityBase = await listen(identity.svc, identity.app);
  times.identity = performance.now() - t;
  // archive (services/archive/test/fixtures.ts: background jobs off)
  t = performance.now();
  const archiveConfig: ArchiveConfig = {
    ...shared,
    ...s3,
    MONGO_URL: url("archive"),
    ARCHIVE_BUCKET: buckets.archive,
    RETENTION_CHECK_INTERVAL_MS: 60_000,
    MEDIA_BUCKET: buckets.media,
    MEDIA_RETRY_INTERVAL_MS: 60_000,
    MEDIA_RETRY_MAX_AGE_MS: 7 * 86_400_000,
    AVAILABILITY_PROBE_INTERVAL_MS: 60_000,
  };
  const archive = await createArchive(archiveConfig, {
    logger: logger.child({ service: "archive" }),
    scheduler: false,
    mediaRetry: false,
    probe: false,
    chainVerify: false,
  });
  const archiveBase = await listen(archive.svc, archive.app);
  times.archive = performance.now() - t;
  // content (services/content/test/helpers.ts), with the extras module as deployed
  t = performance.now();
  const content = await startContent(
    testConfig("bench-data-access", {
      MONGO_URL: url("content"),
      KAFKA_TOPIC_PREFIX: prefix,
      SCHEDULE_POLL_MS: "5000",
      MEDIA_API_URL: mediaBase,
      LOG_LEVEL,
    }),
    { extras: contentExtras },
  );
  times.content = performance.now() - t;
  monitor("media", media.svc.mongo?.getClient() as unknown as MonitoredClient);
  monitor("identity", identity.svc.mongo?.getClient() as unknown as MonitoredClient);
  monitor("archive", archive.svc.mongo?.getClient() as unknown as MonitoredClient);
  monitor("content", content.content.svc.mongo?.getClient() as unknown as MonitoredClient);
  const db = (s: { db?: Db }, name: string) => {
    if (!s.db) throw new Error(`${name}: no database`);
    return s.db;
  };
  const running: Running = {
    media,
    identity,
    archive,
    content,
    urls: { content: content.base, identity: identityBase, media: mediaBase, archive: archiveBase },
    dbs: {
      content: db(content.content.svc, "content"),
      identity: db(identity.svc, "identity"),
      media: db(media.svc, "media"),
      archive: db(archive.svc, "archive"),
    },
    async stop() {
      await content.stop().catch((e: unknown) => note(`content stop: ${String(e)}`));
      for (const s of [archive.svc, identity.svc, media.svc])
        await s.lifecycle.shutdown("bench").catch((e: unknown) => note(`${s.name} stop: ${String(e)}`));
    },
  };
  return { running, times };
}

/** every object version (the archive bucket is versioned: object lock), then the bucket */
export async function removeBucket(s3: Media["s3"], bucket: string) {
  try {
    if (!(await s3.bucketExists(bucket))) return;
    const versions: { name: string; versionId?: string }[] = [];
    const listing = s3.listObjects(bucket, "", true, { IncludeVersion: true }) as AsyncIterable<{
      name?: string;
      versionId?: string | null;
    }>;
    for await (const o of listing)
      if (o.name) versions.push({ name: o.name, ...(o.versionId ? { versionId: o.versionId } : {}) });
    for (let k = 0; k < versions.length; k += 1000)
      await s3.removeObjects(bucket, versions.slice(k, k + 1000));
    await s3.removeBucket(bucket);
  } catch (e) {
    note(`bucket ${bucket} not removed: ${String(e)}`);
  }
}

export const removeTopics = (prefix: string) =>
  removeTopicsOf({ brokers: env.KAFKA_BROKERS, prefix, clientId: "bench-data-access", logger, note });

// ------------------------------------------------------------------------------------- HTTP

export { call, type Reply };
export function expect(r: Reply, status: number, what: string): Reply {
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
  return r;
}
export const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as {
    sub: string;
    preferred_username: string;
    name?: string;
  };
export async function actorOf(user: string): Promise<Actor> {
  const c = claimsOf(await demoToken(user));
  return { id: c.sub, username: c.preferred_username, ...(c.name ? { name: c.name } : {}) };
}
