// media: uploads streamed to S3 with their type decided by their bytes, renditions, captions and
// serving with Range (R-FMT, R-STD, R-PII); see README.md.
import { createMedia } from "./app";
import { loadMediaConfig } from "./config";

async function main() {
  const config = loadMediaConfig();
  const { svc, app } = await createMedia(config);
  await svc.serve(app);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
