// media's command line: `node dist/cli.js seed-demo` (the launcher's `seed` runs it).
import { createMedia } from "./app";
import { loadMediaConfig } from "./config";
import { seedDemo } from "./seed/seed-demo";

export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command !== "seed-demo") {
    process.stderr.write("usage: cli seed-demo\n");
    return 2;
  }
  const config = loadMediaConfig({ PORT: "3002", MANAGEMENT_PORT: "9302", ...process.env });
  const media = await createMedia(config);
  media.svc.outbox?.start(); // no HTTP server here: the relay still sends the seed's events
  try {
    const r = await seedDemo(media.deps, (l) => process.stdout.write(`  ${l}\n`));
    await media.svc.outbox?.drained(120_000);
    process.stdout.write(`media seed-demo: ${r.created.length} created, ${r.unchanged} unchanged\n`);
    return 0;
  } finally {
    await media.svc.lifecycle.shutdown("cli").catch(() => undefined);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
