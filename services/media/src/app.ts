// Builds the media service from its config, so main.ts, the CLI and the integration tests (port 0,
// their own database, topic prefix and bucket) start it the same way.
import path from "node:path";
import {
  ContentArchived,
  ContentPublished,
  ContentUnpublished,
  type EventData,
  PortalUpdated,
} from "@cong/contracts";
import {
  createS3,
  type Logger,
  type Service,
  serializedWrites,
  serveOpenApi,
  startStoreService,
} from "@cong/kit";
import type { Express } from "express";
import type * as Minio from "minio";
import { AssetKeys, type KeyDoc } from "./assets/asset.keys";
import type { AssetDoc } from "./assets/asset.types";
import { Processor } from "./assets/processor";
import { STALE_MARK_MS, Todo, type TodoDoc } from "./assets/todo";
import type { MediaConfig } from "./config";
import { PreviewLinks } from "./links";
import { emblemRef, type RefDoc, References, type UseDoc } from "./refs/references";
import { OWN_BODY, type RouteDeps, removeFiles, routes } from "./routes";

export const OPENAPI_FILE = path.join(__dirname, "..", "openapi.yaml");

export interface Media {
  svc: Service;
  app: Express;
  deps: RouteDeps;
  s3: Minio.Client;
  processor: Processor;
}

export async function ensureBucket(s3: Minio.Client, bucket: string, region: string): Promise<void> {
  if (await s3.bucketExists(bucket)) return;
  await s3.makeBucket(bucket, region).catch(async (e: unknown) => {
    if (!(await s3.bucketExists(bucket))) throw e;
  });
}

export async function createMedia(config: MediaConfig, opts: { logger?: Logger } = {}): Promise<Media> {
  const begun = Date.now();
  const { svc, db, outbox } = await startStoreService("media", config, opts.logger);
  // each phase of the start is timed in the log (a start that reads a collection whole shows here)
  let mark = begun;
  const phase = (name: string) => {
    svc.logger.debug({ phase: name, ms: Date.now() - mark }, "start-up phase done");
    mark = Date.now();
  };
  phase("connect (mongo, kafka, auth)");
  const s3 = createS3(config);
  await ensureBucket(s3, config.MEDIA_BUCKET, config.S3_REGION);
  svc.checks.set("s3", {
    critical: true,
    fn: async () => {
      await s3.bucketExists(config.MEDIA_BUCKET);
    },
  });

  const assets = serializedWrites(db.collection<AssetDoc>("assets"));
  await outbox.track(assets as never);
  await assets.createIndex({ portalId: 1, sha256: 1 }, { name: "portal_sha256" });
  await assets.createIndex({ status: 1 }, { name: "status" });
  const texts = db.collection<{ _id: string; portalId: string; text: string }>("texts");
  const todo = new Todo(db.collection<TodoDoc>("todo"));
  const log = svc.logger;
  phase("bucket and indexes");
  const keys = new AssetKeys(db.collection<KeyDoc>("asset_keys"), assets);
  const refs = new References(
    serializedWrites(db.collection<RefDoc>("refs")),
    db.collection<UseDoc>("uses"),
    assets,
    log.child({ component: "refs" }),
  );
  // one-time migrations, before the routes and the consumer start (a marker per migration in `meta`)
  const meta = db.collection<{ _id: string; at: Date; count?: number }>("meta");
  const once = async (name: string, fn: () => Promise<number>) => {
    if (await meta.findOne({ _id: name })) return;
    const started = Date.now();
    const count = await fn();
    await meta.updateOne({ _id: name }, { $set: { at: new Date(), count } }, { upsert: true });
    log.info({ migration: name, count, ms: Date.now() - started }, "migration done");
  };
  // the library's keyed index (issue 21)
  await once("asset_keys.v1", () => keys.backfill());
  // keyed uses from the refs of live items, then every live flag recomputed from them, counting
  // only references of the asset's own portal (issue 15.1)
  await once("uses.v1", async () => {
    const n = await refs.backfill();
    const live = await assets.find({ live: true }, { projection: { _id: 1 } }).toArray();
    await refs.recompute(live.map((a) => a._id));
    return n;
  });
  // unfinished work is found by markers from now on (src/assets/todo.ts); those a version
  // without markers left behind are marked once: the only pass over `assets` at a start
  await once("todo.v1", async () => {
    const left = await assets
      .find(
        { $or: [{ status: "processing" }, { deletedAt: { $exists: true }, filesRemoved: { $ne: true } }] },
        { projection: { _id: 1, status: 1, deletedAt: 1 } },
      )
      .toArray();
    for (const a of left) await todo.add(a.deletedAt ? "remove" : "process", a._id);
    return left.length;
  });
  phase("one-time migrations");
  const processor = new Processor({
    assets,
    texts,
    outbox,
    s3,
    bucket: config.MEDIA_BUCKET,
    log: log.child({ component: "processor" }),
    ffprobe: config.FFPROBE_PATH,
    ffmpeg: config.FFMPEG_PATH,
    todo,
    metrics: svc.metrics,
  });
  svc.lifecycle.onShutdown("processor", "drain", () => processor.stop());

  svc.consumer("media", {
    [ContentPublished.type]: async (e) => {
      const d = e.data as EventData<typeof ContentPublished>;
      // a snapshot of another portal than its event's makes nothing public (issue 15.1)
      const same = d.snapshot.portalId === d.portalId && d.snapshot.itemId === d.itemId;
      if (!same)
        log.warn(
          { itemId: d.itemId, portalId: d.portalId, snapshotPortalId: d.snapshot.portalId },
          "content.published whose snapshot names another item or portal: its media are ignored",
        );
      const vi = d.snapshot.locales.vi;
      await refs.published(
        d.itemId,
        d.portalId,
        d.revision,
        same ? d.snapshot.media.map((m) => m.assetId) : [],
        { title: vi.title, slug: vi.slug, publishedAt: d.publishedAt },
      );
    },
    [ContentUnpublished.type]: async (e) => {
      const d = e.data as EventData<typeof ContentUnpublished>;
      await refs.takenDown(d.itemId, d.portalId, d.revision);
    },
    [ContentArchived.type]: async (e) => {
      const d = e.data as EventData<typeof ContentArchived>;
      await refs.takenDown(d.itemId, d.portalId);
    },
    // a portal's emblem is on every page of it: public while set, like a live item's image (issue 17);
    // the portal's own asset only, as for items (references.ts), ordered by the change's time
    [PortalUpdated.type]: async (e) => {
      const d = e.data as EventData<typeof PortalUpdated>;
      const { portalId, emblem, name } = d.portal;
      const revision = Date.parse(d.updatedAt);
      if (emblem)
        await refs.published(emblemRef(portalId), portalId, revision, [emblem.assetId], {
          title: `Biểu trưng của ${name.vi}`,
        });
      else await refs.takenDown(emblemRef(portalId), portalId, revision);
    },
  });

  const deps: RouteDeps = {
    assets,
    texts,
    outbox,
    s3,
    bucket: config.MEDIA_BUCKET,
    limits: {
      image: config.MEDIA_LIMIT_IMAGE,
      document: config.MEDIA_LIMIT_DOCUMENT,
      audio: config.MEDIA_LIMIT_AUDIO,
      video: config.MEDIA_LIMIT_VIDEO,
    },
    partSize: config.MEDIA_PART_SIZE,
    processor,
    refs,
    keys,
    links: new PreviewLinks(config.MEDIA_LINK_SECRET, config.MEDIA_LINK_TTL_SECONDS),
    todo,
    authenticate: svc.authenticate(),
    log,
  };

  const app = svc.httpApp({ ownBodyPrefixes: OWN_BODY });
  serveOpenApi(app, OPENAPI_FILE);
  app.use("/portals", svc.authenticate());
  app.use(routes(deps));
  phase("consumer and routes");
  // files of deleted assets that S3 did not remove at the time (the deletion itself is recorded),
  // found by their `remove|` markers: an `_id` range, not a scan of `assets`
  const removals = await todo.list("remove", 1000);
  const marked = removals.length
    ? await assets.find({ _id: { $in: removals.map((r) => r.assetId) } }).toArray()
    : [];
  const byId = new Map(marked.map((a) => [a._id, a]));
  for (const r of removals) {
    const a = byId.get(r.assetId);
    if (a?.deletedAt && !a.filesRemoved)
      await removeFiles(deps, a).catch((e: unknown) =>
        log.warn({ err: e, assetId: a._id }, "files still not removed"),
      );
    // removed already, or a deletion that never got recorded (one under way elsewhere is young)
    else if (a?.filesRemoved || Date.now() - r.at.getTime() > STALE_MARK_MS)
      await todo.done("remove", r.assetId);
  }
  phase("files of deleted assets");
  const left = await processor.recover();
  if (left) log.info({ assets: left }, "resuming processing left by a previous run");
  phase("processing left by a previous run");
  log.info({ ms: Date.now() - begun }, "media started");
  return { svc, app, deps, s3, processor };
}
