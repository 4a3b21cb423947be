// Ports a test restarts a server on stay out of the kernel's ephemeral range (ports.ts): a port from
// that range can be taken by an outgoing connection while its server is down — the private database
// of e2e/test/outage-mongo.test.ts once never came back because of that.
import net from "node:net";
import { ephemeralLow, freePort, portFree, stablePortRange } from "./ports";

it("hands out free ports below the ephemeral range, each one listenable", async () => {
  const { low, high } = stablePortRange();
  expect(high).toBeLessThanOrEqual(ephemeralLow());
  const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
  for (const p of ports) {
    expect(p).toBeGreaterThanOrEqual(low);
    expect(p).toBeLessThan(high);
  }
  expect(await portFree(ports[0] as number)).toBe(true);
});

it("does not hand out a port something listens on", async () => {
  const srv = net.createServer();
  const port = await freePort();
  await new Promise<void>((r) => srv.listen(port, "127.0.0.1", () => r()));
  try {
    expect(await portFree(port)).toBe(false);
  } finally {
    await new Promise((r) => srv.close(r));
  }
});
