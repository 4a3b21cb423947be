// A raw HTTP client for the kit's tests: exact paths (no URL normalisation), any header (Host,
// X-Forwarded-*), and bodies as bytes.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): Record<string, any>;
}

export async function listen(
  app: Express,
  host = "127.0.0.1",
): Promise<{ port: number; close(): Promise<void> }> {
  const server = app.listen(0, host);
  await new Promise((r) => server.once("listening", r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export function rawRequest(
  port: number,
  o: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    /** the address to connect to (default 127.0.0.1) */
    address?: string;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = typeof o.body === "string" ? Buffer.from(o.body, "utf8") : o.body;
    const req = http.request(
      {
        host: o.address ?? "127.0.0.1",
        port,
        method: o.method ?? (body ? "POST" : "GET"),
        path: o.path,
        headers: { ...(body ? { "content-length": String(body.length) } : {}), ...o.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
