// Debian's chromium, driven by playwright-core (never a downloaded browser): the binary and the
// flags every browser test uses; `*.localhost` portal hosts resolve to this machine.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--host-resolver-rules=MAP *.localhost 127.0.0.1",
];
