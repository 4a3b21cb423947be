// Builds the content service from its parts, so main.ts and the tests start the same thing
// (tests: in-process on port 0 with their own database and topic prefix).
import path from "node:path";
import {
  AccountHandedOver,
  ContentExpired,
  ContentMailRequested,
  MembershipGranted,
  MembershipRevoked,
} from "@cong/contracts";
import {
  type Mailer,
  type Service,
  serializedWrites,
  serveOpenApi,
  serviceMailer,
  smtpSettings,
  startStoreService,
} from "@cong/kit";
import express, { type Express } from "express";
import type { Collection, Document } from "mongodb";
import { BoardRoster, type BoardRosterDoc } from "./board/roster";
import { addWorkingDays, createCalendar } from "./calendar";
import type { ContentConfig } from "./config";
import type { ExtrasContext, MountedExtras } from "./extras";
import { minutesOfDay } from "./feedback/digest.job";

import { draftsHandover, runHandover } from "./handover/drafts.handover";
import type { WorkingDays } from "./items/due-dates";
import type { ItemIndexEntry } from "./items/item.index";
import { ItemRepository } from "./items/item.repository";
import { itemRoutes } from "./items/item.routes";
import { ItemService } from "./items/item.service";
import type { ItemDoc } from "./items/item.types";
import type { ItemHead } from "./items/item-heads";
import { CategoryListing } from "./items/listing";
import { listingHooks } from "./items/listing.hooks";
import type { ItemHooks } from "./items/projector";
import { type SlugClaim, SlugRegistry } from "./items/slugs";
import { workRoutes } from "./items/work.routes";
import { HttpMediaLibrary } from "./media/media.client";
import { CompletenessService } from "./portals/completeness";
import { portalRoutes } from "./portals/portal.routes";
import { PortalService } from "./portals/portal.service";
import type { PortalDoc } from "./portals/portal.types";
import type { DigestRunner, HandoverParticipant, PortalInfo } from "./ports";
import { type PreviewIndexDoc, type PreviewLinkDoc, PreviewRepository } from "./previews/preview.repository";
import { previewRoutes, publicPreviewRoutes } from "./previews/preview.routes";
import { PreviewService } from "./previews/preview.service";
import { royaltyRoutes } from "./royalties/royalty.routes";
import { type RoyaltyDoc, RoyaltyService } from "./royalties/royalty.service";
import type { ScheduleIndexDoc } from "./scheduling/schedule.index";
import { scheduleRoutes } from "./scheduling/schedule.routes";
import { type MissedScheduleDoc, SchedulePoller } from "./scheduling/scheduler";
import { submissionRoutes } from "./submissions/submission.routes";
import { type FileChunkDoc, type StoredFileDoc, SubmissionFiles } from "./submissions/submission.service";

/** The extras module (feedback, comments, ad slots): mounted with the service's calendar and limits. */
export interface ExtrasModule {
  mountExtras(router: express.Router, ctx: ExtrasContext): MountedExtras | Promise<MountedExtras>;
}

export interface BuildOptions {
  calendar?: WorkingDays;
  extras?: ExtrasModule;
  /** don't start the scheduler nor the digest job (the seed CLI; tests run them by hand) */
  noScheduler?: boolean;
}

export interface ContentService {
  svc: Service;
  app: Express;
  portals: PortalService;
  items: ItemService;
  /** the items' collections and index (lists, maintenance, benchmarks) */
  itemRepository: ItemRepository;
  listing: CategoryListing;
  royalties: RoyaltyService;
  poller: SchedulePoller;
  /** the portals' boards, from identity's membership events (R-BOARD) */
  roster: BoardRoster;
  /** the board's daily digest mails; null without the extras module */
  digest: DigestRunner | null;
  /** sends the mails content staged (answers to citizens); null without SMTP_URL (they wait on the topic) */
  mailer: Mailer | null;
  /** listens (PORT 0 = any), starts the relay, consumers and the scheduler */
  serve(host?: string): Promise<{ port: number }>;
  stop(): Promise<void>;
}

export const OPENAPI_PATH = path.join(__dirname, "..", "openapi.yaml");

export async function buildContentService(
  config: ContentConfig,
  opts: BuildOptions = {},
): Promise<ContentService> {
  const { svc, db, outbox } = await startStoreService("content", config);
  const coll = <T extends Document>(name: string) => db.collection<T>(name);

  // collections carrying outbox entries: writes to one document run one at a time (db/serialized.ts)
  const portalsColl = serializedWrites(coll<PortalDoc>("portals"));
  const itemsColl = serializedWrites(coll<ItemDoc>("items"));
  await outbox.track(portalsColl as unknown as Collection<Document>);
  await outbox.track(itemsColl as unknown as Collection<Document>);

  const media = new HttpMediaLibrary(config.MEDIA_API_URL, config.MEDIA_API_TIMEOUT_MS, svc.logger);
  const portals = new PortalService(portalsColl, outbox, config.PORTAL_BASE_DOMAIN, media);
  const listing = CategoryListing.from(db);
  // once, on the first start of the version with keyed listing entries (listing.ts)
  const listed = await listing.backfill();
  if (listed) svc.logger.info({ entries: listed }, "category listing entries copied from the listing pages");
  const royalties = new RoyaltyService(coll<RoyaltyDoc>("royalties"), config.ROYALTY_RATES);
  const hooks: ItemHooks[] = [];
  // one working-day calendar: review due dates here, answer deadlines and the digest in the extras
  const workingCalendar = createCalendar(config.WORKING_CALENDAR_JSON);
  const calendar: WorkingDays = opts.calendar ?? {
    addWorkingDays: (date, n) => addWorkingDays(date, n, workingCalendar),
  };
  const slugs = new SlugRegistry(coll<SlugClaim>("slugs"));
  const claimed = await slugs.backfill(itemsColl);
  if (claimed) svc.logger.info({ claimed }, "slug claims backfilled from published items");
  const repo = new ItemRepository(
    itemsColl,
    coll<ItemIndexEntry>("item_index"),
    outbox,
    svc.logger,
    coll<ItemHead>("item_heads"),
  );
  const indexed = await repo.backfill({
    log: (n) => svc.logger.info({ items: n }, "item index: backfilling"),
  });
  if (indexed) svc.logger.info({ items: indexed }, "item index backfilled from existing items");
  const items = new ItemService(
    repo,
    coll<ScheduleIndexDoc>("schedules"),
    portals,
    calendar,
    hooks,
    svc.logger,
    slugs,
    media,
    itemsColl,
  );
  hooks.push(listingHooks(listing), royalties.hooks());
  const files = new SubmissionFiles(
    coll<StoredFileDoc>("submission_files"),
    coll<FileChunkDoc>("submission_file_chunks"),
  );
  const completeness = new CompletenessService(portals, listing, repo);
  const poller = new SchedulePoller(
    coll<ScheduleIndexDoc>("schedules"),
    coll<MissedScheduleDoc>("schedules_missed"),
    items,
    svc.logger,
    svc.metrics,
    { pollMs: config.SCHEDULE_POLL_MS, graceMs: config.SCHEDULE_MISS_GRACE_MS },
  );
  const rekeyed = await poller.backfill();
  if (rekeyed) svc.logger.info({ records: rekeyed }, "missed schedules keyed");

  const roster = new BoardRoster(coll<BoardRosterDoc>("board_roster"));

  // events in: account handovers (R-ACCOUNT), retention expiries (R-RETAIN), the boards'
  // memberships (the digest's recipients, R-BOARD)
  const participants: HandoverParticipant[] = [draftsHandover(items)];
  svc.consumer("content", {
    [AccountHandedOver.type]: async (event, ctx) => {
      const data = AccountHandedOver.schema.parse(event.data);
      const moved = await runHandover(participants, {
        portalIds: data.portalIds,
        from: data.from,
        to: data.to,
        eventId: event.id,
      });
      ctx.logger.info({ handoverId: data.handoverId, moved }, "account handed over");
    },
    [MembershipGranted.type]: async (event) => {
      const data = MembershipGranted.schema.parse(event.data);
      await roster.granted(data, new Date(data.grantedAt), event.id);
    },
    [MembershipRevoked.type]: async (event) => {
      const data = MembershipRevoked.schema.parse(event.data);
      await roster.revoked(data, new Date(data.revokedAt), event.id);
    },
    [ContentExpired.type]: async (event) => {
      const data = ContentExpired.schema.parse(event.data);
      const system = { id: "system:retention", username: "system:retention" };
      try {
        await items.archive(
          data.portalId,
          data.itemId,
          {},
          { actor: system, roles: new Set() },
          undefined,
          "expired",
        );
      } catch (e) {
        if ((e as { code?: string }).code === "not_found") return; // nothing to archive
        throw e;
      }
    },
  });

  const previews = new PreviewService(
    new PreviewRepository(coll<PreviewLinkDoc>("preview_links"), coll<PreviewIndexDoc>("preview_link_index")),
    items,
    portals,
    media,
  );

  // the mails content staged (answers to citizens), sent over SMTP once each (ADR 0007)
  const mailer = serviceMailer(svc, "contentMailer", [ContentMailRequested], smtpSettings(config));

  // rich articles and legal texts can be long; uploads read their own (multipart) bodies
  const app = svc.httpApp({ ownBodyPrefixes: ["/uploads"], bodyLimit: "4mb" });
  serveOpenApi(app, OPENAPI_PATH);
  let digest: DigestRunner | null = null;
  if (opts.extras) {
    // before authenticate(): the public routes (feedback intake, reader comments, ad slots) take no
    // token, and every staff route of the extras authenticates itself
    const router = express.Router();
    const extras = await opts.extras.mountExtras(router, {
      svc,
      portals,
      items,
      calendar: workingCalendar,
      rateLimit: { limit: config.FEEDBACK_RATE_LIMIT, windowMs: config.FEEDBACK_RATE_WINDOW_MS },
    });
    await extras.ready;
    app.use(router);
    participants.push(extras.handover);
    // the board's daily digest (R-BOARD), over the extras' feedback
    digest = await extras.digestJob({
      portals: { activePortals: () => activePortals(portals) },
      roster,
      sendAfterMinutes: minutesOfDay(config.DIGEST_SEND_AFTER),
      pollMs: config.DIGEST_POLL_MS,
    });
  }
  // preview links open without login (the token is the key), like the other public routes
  app.use(publicPreviewRoutes(previews));
  app.use(svc.authenticate());
  app.use(portalRoutes(portals, completeness));
  app.use(itemRoutes(items, listing));
  app.use(previewRoutes(previews));
  // uploads read their own (multipart) bodies, so they live under a prefix the JSON parser skips
  app.use("/uploads", submissionRoutes(items, files, config.UPLOAD_LIMIT_BYTES));
  app.use(royaltyRoutes(royalties));
  app.use(scheduleRoutes(poller));
  app.use(workRoutes(items, poller));

  return {
    svc,
    app,
    portals,
    items,
    itemRepository: repo,
    listing,
    royalties,
    poller,
    roster,
    digest,
    mailer,
    async serve(host) {
      const { server } = await svc.serve(app, host ? { host } : undefined);
      if (!opts.noScheduler) {
        poller.start();
        svc.lifecycle.onShutdown("scheduler", "drain", () => poller.stop());
        if (digest) {
          digest.start();
          svc.lifecycle.onShutdown("digest", "drain", () => digest.stop());
        }
      }
      // publications whose hooks may not have run (a crash between the item write and them):
      // soon after a start with a short grace (this process has nothing in flight; another
      // replica's hooks take milliseconds), then every PROJECTION_REPAIR_MS
      let repairing: Promise<unknown> | null = null;
      const runRepair = (graceMs: number) => {
        repairing ??= items
          .repairProjections(graceMs)
          .catch((e: unknown) => svc.logger.warn({ err: e }, "projecting publications again failed"))
          .finally(() => {
            repairing = null;
          });
      };
      const first = setTimeout(() => runRepair(5_000), 2_000);
      const repair = setInterval(() => runRepair(config.PROJECTION_REPAIR_MS), config.PROJECTION_REPAIR_MS);
      first.unref();
      repair.unref();
      svc.lifecycle.onShutdown("projections", "drain", async () => {
        clearTimeout(first);
        clearInterval(repair);
        await repairing;
        await items.projectionsSettled();
        await repo.flushReleases();
      });
      const addr = server.address();
      return { port: typeof addr === "object" && addr ? addr.port : config.PORT };
    },
    stop: () => svc.lifecycle.shutdown("stop"),
  };
}

/** The active portals as the digest knows them (ports.ts `PortalInfo`). */
async function activePortals(portals: PortalService): Promise<PortalInfo[]> {
  return (await portals.list())
    .filter((p) => p.active)
    .map((p) => ({
      portalId: p._id,
      kind: p.kind,
      name: p.name.vi,
      boardMailbox: p.boardMailbox,
      hotline: p.hotline,
      active: p.active,
    }));
}
