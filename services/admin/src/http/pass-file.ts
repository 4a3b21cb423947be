// A file an API writes (a CSV statement, a PDF summary, an uploaded original), passed on to the
// browser with its type and file name, never cached; an API error becomes the usual ApiError.
import type { Request, Response } from "express";
import type { ServiceName } from "../api/client";

export async function passFile(
  req: Request,
  res: Response,
  service: ServiceName,
  path: string,
  opts: {
    query?: Record<string, string>;
    accept: string;
    /** the type and file name when the API sends none */
    fallbackType?: string;
    fallbackName?: string;
  },
): Promise<void> {
  const headers = await req.ctx.api.headers({ accept: opts.accept });
  const up = await fetch(req.ctx.api.url(service, path, opts.query), {
    headers,
    signal: AbortSignal.timeout(30_000),
  });
  if (!up.ok) {
    await req.ctx.api.read(service, up);
    return;
  }
  res.status(200);
  res.setHeader("Content-Type", up.headers.get("content-type") ?? opts.fallbackType ?? opts.accept);
  res.setHeader(
    "Content-Disposition",
    up.headers.get("content-disposition") ??
      (opts.fallbackName ? `attachment; filename="${opts.fallbackName}"` : "attachment"),
  );
  res.setHeader("Cache-Control", "no-store");
  res.send(Buffer.from(await up.arrayBuffer()));
}
