// content CLI:  node dist/cli.js seed-demo        demo portals and content (idempotent)
//               node dist/cli.js rebuild-listings  rebuild the category listing pages from the items
//               node dist/cli.js reindex-items     add the admin list's index entries every item should
//                                                  have (after writers of an older version ran)
import { loadContentConfig } from "./config";
import { createContentService } from "./content";
import type { ItemDoc } from "./items/item.types";
import { seedDemo } from "./seed/seed-demo";

async function main(argv: string[]) {
  const cmd = argv[0];
  if (cmd !== "seed-demo" && cmd !== "rebuild-listings" && cmd !== "reindex-items") {
    process.stderr.write("usage: cli.js seed-demo | rebuild-listings | reindex-items\n");
    process.exit(2);
  }
  const config = loadContentConfig({ PORT: "3001", MANAGEMENT_PORT: "9301", ...process.env });
  const content = await createContentService(config, { noScheduler: true });
  const outbox = content.svc.outbox;
  outbox?.start();
  try {
    if (cmd === "seed-demo") {
      const report = await seedDemo(content, (m) => process.stdout.write(`${m}\n`));
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else if (cmd === "reindex-items") {
      const n = await content.itemRepository.backfill({
        force: true,
        log: (k) => process.stdout.write(`items indexed: ${k}\n`),
      });
      process.stdout.write(`items indexed: ${n}\n`);
    } else {
      const n = await rebuildListings(content);
      process.stdout.write(`rebuilt listing entries: ${n}\n`);
    }
    // every event reaches Kafka before we leave (they are safe in Mongo either way)
    await outbox?.drained(120_000);
  } finally {
    await content.stop();
  }
}

async function rebuildListings(content: Awaited<ReturnType<typeof createContentService>>): Promise<number> {
  const db = content.svc.db;
  if (!db) return 0;
  let n = 0;
  const cursor = db
    .collection("items")
    .find({ status: "published" }, { projection: { _outbox: 0, audit: 0 } });
  for await (const doc of cursor) {
    const item = doc as unknown as ItemDoc;
    const entry = content.items.listingEntry(item);
    if (!entry || !item.live) continue;
    for (const c of item.live.categoryIds) {
      await content.listing.upsert(item.portalId, c, entry);
      n++;
    }
  }
  return n;
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
  },
);
