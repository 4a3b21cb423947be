// Issue 15.2: forwarded headers are believed only from the configured proxies. A client that
// reaches a service directly cannot pick its address (the rate-limit bucket), its scheme (links,
// HSTS) or its host by sending X-Forwarded-*.
import os from "node:os";
import { listen, rawRequest } from "../../test/http-client";
import { ConfigError, loadConfig, proxyConfig } from "../config";
import { createLogger } from "../logger";
import { startService } from "../service";
import { createHttpApp, finishHttpApp, type HttpAppOptions } from "./app";
import { DEFAULT_TRUSTED_PROXIES, parseTrustedProxies } from "./trust-proxy";

const logger = createLogger({ service: "t", level: "silent" });
const SPOOF = {
  host: "stttt.bacgiang.localhost:3000",
  "x-forwarded-for": "203.0.113.9",
  "x-forwarded-proto": "https",
  "x-forwarded-host": "evil.example",
};

function whoami(opts: Partial<HttpAppOptions> = {}) {
  const app = createHttpApp({ logger, ...opts });
  app.get("/whoami", (req, res) => {
    res.json({
      ip: req.ip,
      ips: req.ips,
      protocol: req.protocol,
      secure: req.secure,
      hostname: req.hostname,
    });
  });
  finishHttpApp(app, logger);
  return app;
}

async function ask(opts: Partial<HttpAppOptions>) {
  const s = await listen(whoami(opts));
  try {
    return (await rawRequest(s.port, { path: "/whoami", headers: SPOOF })).json();
  } finally {
    await s.close();
  }
}

const DIRECT = { ip: "127.0.0.1", protocol: "http", secure: false, hostname: "stttt.bacgiang.localhost" };

describe("trusted proxies (issue 15.2)", () => {
  it.each([
    ["none", []],
    ["a proxy elsewhere", ["10.0.0.0/8"]],
    ["an IPv6 proxy", ["fd00::/8", "2001:db8::1"]],
  ])("with %s, a direct client's X-Forwarded-* are ignored", async (_name, trustProxy) => {
    expect(await ask({ trustProxy })).toMatchObject(DIRECT);
  });

  it("believes them from a listed proxy: the client's address, scheme and host", async () => {
    expect(await ask({ trustProxy: ["127.0.0.1"] })).toMatchObject({
      ip: "203.0.113.9",
      protocol: "https",
      secure: true,
      hostname: "evil.example",
    });
  });

  it("walks X-Forwarded-For only through trusted hops: a spoofed entry before the proxy's is not the client", async () => {
    const s = await listen(whoami({ trustProxy: ["loopback", "10.0.0.0/8"] }));
    try {
      const r = await rawRequest(s.port, {
        path: "/whoami",
        // the client said 198.51.100.1; the ingress (10.1.2.3) appended the address it saw
        headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.9, 10.1.2.3" },
      });
      expect(r.json().ip).toBe("203.0.113.9");
    } finally {
      await s.close();
    }
  });

  it("defaults to loopback only, so nothing outside the machine is believed", async () => {
    expect(DEFAULT_TRUSTED_PROXIES).toEqual(["loopback"]);
    expect(await ask({})).toMatchObject({ ip: "203.0.113.9", protocol: "https" });
  });

  // a client from another machine: this host's own non-loopback address (skipped without one)
  const lan = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
  (lan ? it : it.skip)("by default, a client from another machine is not believed", async () => {
    const s = await listen(whoami({}), "0.0.0.0");
    try {
      const r = await rawRequest(s.port, { path: "/whoami", headers: SPOOF, address: lan as string });
      expect(r.json()).toMatchObject({
        ip: lan,
        protocol: "http",
        secure: false,
        hostname: "stttt.bacgiang.localhost",
      });
    } finally {
      await s.close();
    }
  });

  it("refuses a list entry that is not an address at start", () => {
    expect(() => whoami({ trustProxy: ["ingress"] })).toThrow(/not an IP address/);
  });

  it("a service's httpApp() takes TRUST_PROXY from its config, else from the environment", async () => {
    const base = { PORT: 1, MANAGEMENT_PORT: 1, LOG_LEVEL: "silent", SHUTDOWN_TIMEOUT_MS: 1000 };
    const svc = await startService({ name: "t", config: { ...base, TRUST_PROXY: [] }, logger });
    const app = svc.httpApp();
    app.get("/whoami", (req, res) => res.json({ ip: req.ip, protocol: req.protocol }));
    let s = await listen(app);
    expect((await rawRequest(s.port, { path: "/whoami", headers: SPOOF })).json()).toEqual({
      ip: "127.0.0.1",
      protocol: "http",
    });
    await s.close();

    const saved = process.env.TRUST_PROXY;
    process.env.TRUST_PROXY = "none";
    try {
      const fromEnv = (await startService({ name: "t", config: base, logger })).httpApp();
      fromEnv.get("/whoami", (req, res) => res.json({ ip: req.ip }));
      s = await listen(fromEnv);
      expect((await rawRequest(s.port, { path: "/whoami", headers: SPOOF })).json().ip).toBe("127.0.0.1");
      await s.close();
      process.env.TRUST_PROXY = "1";
      await expect(startService({ name: "t", config: base, logger })).rejects.toThrow(
        /TRUST_PROXY.*hop count/s,
      );
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = saved;
    }
  });
});

describe("TRUST_PROXY", () => {
  it("takes addresses, CIDRs, range names and none", () => {
    expect(parseTrustedProxies("10.42.0.0/16, fd00::/8 ,loopback,192.0.2.7")).toEqual([
      "10.42.0.0/16",
      "fd00::/8",
      "loopback",
      "192.0.2.7",
    ]);
    expect(parseTrustedProxies("none")).toEqual([]);
    expect(loadConfig(proxyConfig, {}).TRUST_PROXY).toEqual(["loopback"]);
  });

  it.each([
    ["1", /hop count/],
    ["true", /not an IP address/],
    ["0.0.0.0/0", /trusts every address/],
    ["::/0", /trusts every address/],
    ["10.0.0.0/33", /prefix length/],
    ["ingress-nginx", /not an IP address/],
  ])("refuses %s, naming the key", (value, message) => {
    let err: ConfigError | undefined;
    try {
      loadConfig(proxyConfig, { TRUST_PROXY: value });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.problems[0]?.key).toBe("TRUST_PROXY");
    expect(err?.problems[0]?.message).toMatch(message);
  });
});
