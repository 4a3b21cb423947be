// One jest run over every package, so CI prints one summary. Each package also has its own
// jest.config.js and `pnpm --filter <pkg> test` runs it alone.
const fs = require("node:fs");
const path = require("node:path");

const roots = ["packages", "services", "infra", "e2e", "bench", "charts"];
const projects = [];
for (const root of roots) {
  const dir = path.join(__dirname, root);
  if (!fs.existsSync(dir)) continue;
  const candidates = fs.existsSync(path.join(dir, "jest.config.js"))
    ? [dir]
    : fs.readdirSync(dir).map((d) => path.join(dir, d));
  for (const c of candidates) {
    if (fs.existsSync(path.join(c, "jest.config.js"))) projects.push(c);
  }
}

/** @type {import('jest').Config} */
module.exports = {
  projects,
  // Integration tests share real servers; two workers fit this 2-core machine.
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
  // integration tests talk to real servers; a per-test bound still catches a hang
  testTimeout: 120_000,
};
