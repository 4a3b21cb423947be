// The baseline of `pnpm cached-page`: a plain express hello-world in its own process, on the port
// given as the first argument (express resolved from the publishing service, the same version).
const { createRequire } = require("node:module");
const path = require("node:path");
const express = createRequire(path.join(__dirname, "../../services/publishing/package.json"))("express");
const app = express();
app.get("/", (_req, res) => res.send("hello world"));
const server = app.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
