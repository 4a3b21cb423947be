// HTTP: the content API as a demo user, and public pages from publishing.

import http from "node:http";

// ------------------------------------------------------------------------------------------- HTTP

import { call, type Reply } from "../http";

export { call, type Reply };

export class Refused extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${step}: ${status} ${detail}`);
  }
}
export function want(r: Reply, status: number, step: string): Reply {
  if (r.status !== status) throw new Refused(step, r.status, JSON.stringify(r.body).slice(0, 300));
  return r;
}

export const liveAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
/** a page of publishing, as the bench's live check (not counted as a reader's request) */
export function pubGet(port: number, host: string, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: p,
        agent: liveAgent,
        headers: { host, accept: "text/html", "x-bench": "live-check" },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}
