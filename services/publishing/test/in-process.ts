// The publishing app over an in-memory read model, on a random port (no servers): what the unit
// tests of the HTTP layer start. Plain values and Node's http client only.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "@cong/kit";
import { type AppSettings, createPublishingApp } from "../src/app";
import type { ReadModel } from "../src/readmodel/readmodel";

export const IN_PROCESS_SETTINGS: AppSettings = {
  PUBLIC_DOMAIN: "bacgiang.localhost",
  PRODUCTION_DOMAIN: "bacgiang.gov.vn",
  PROVINCIAL_PORTAL_ID: "bacgiang",
  CONTENT_API_URL: "http://127.0.0.1:9",
  MEDIA_PUBLIC_URL: "http://127.0.0.1:3002",
  FORM_SECRET: "a-secret-of-at-least-thirty-two-characters",
  PAGEVIEWS_TOKEN: undefined,
  RENDER_CACHE_MAX: 100,
  FORM_RATE_LIMIT: 50,
};

export interface InProcessAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
}

export interface InProcess {
  port: number;
  /** a request to `host` (a portal host under bacgiang.localhost), the body as bytes */
  request(
    method: string,
    host: string,
    path: string,
    o?: { body?: string; headers?: Record<string, string> },
  ): Promise<InProcessAnswer>;
  close(): Promise<void>;
}

export async function startInProcess(model: ReadModel, over: Partial<AppSettings> = {}): Promise<InProcess> {
  const { app } = createPublishingApp({
    settings: { ...IN_PROCESS_SETTINGS, ...over },
    model,
    logger: createLogger({ service: "t", level: "silent" }),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    request: (method, host, path, o = {}) =>
      new Promise((resolve, reject) => {
        const r = http.request(
          {
            host: "127.0.0.1",
            port,
            method,
            path,
            headers: {
              host: `${host}:${port}`,
              ...(o.body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
              ...o.headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }),
            );
          },
        );
        r.on("error", reject);
        r.end(o.body);
      }),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
