// Ports for servers a test starts, stops and starts again on the same port (a private Kafka or
// database, a service killed and restarted). They are taken BELOW the kernel's ephemeral range:
// a port from that range (what `listen(0)` hands out) can be taken, while its server is down, by
// any outgoing connection — even by the client retrying to reach it (a TCP self-connect) — and the
// server then cannot bind it again, or the client talks to itself and never recovers.
import fs from "node:fs";
import net from "node:net";

const LOW = 10_000;

/** The first port of the kernel's ephemeral range (32768 when it cannot be read). */
export function ephemeralLow(): number {
  try {
    const [low] = fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/);
    const n = Number(low);
    return Number.isInteger(n) && n > LOW ? n : 32_768;
  } catch {
    return 32_768;
  }
}

/** The range ports are drawn from: [10000, 20000) — below the ephemeral range and clear of the
 * local stack's ports (1025–27017, and the same shifted by a CONG_PORT_OFFSET of 20000). */
export function stablePortRange(): { low: number; high: number } {
  return { low: LOW, high: Math.min(20_000, ephemeralLow()) };
}

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/** A free port outside the ephemeral range, safe to listen on again after a stop. */
export async function freePort(): Promise<number> {
  const { low, high } = stablePortRange();
  for (let i = 0; i < 200; i++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await portFree(port)) return port;
  }
  throw new Error(`no free port in ${low}–${high - 1}`);
}
