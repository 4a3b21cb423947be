// The files themselves, /assets/:assetId/:name: public once live content uses the asset; before
// that only with a preview link or a token of the portal's staff. Ranges, ETags, a sandboxing CSP.
import { fail, mayReadPortalContent } from "@cong/kit";
import type { Request, RequestHandler, Response, Router } from "express";
import { keyOf, ORIGINAL } from "../assets/asset.types";
import { parseRange } from "../assets/range";
import { AssetId, type RouteDeps } from "./common";

const SVG = "image/svg+xml";
/**
 * For an SVG (none is served today: images are rasterised): no script, no loads, inline styles
 * only, a sandboxed document; never framed (as the API's own default policy).
 */
export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";
/** For every other file: the same, except that the browser's own image and media viewers may show it. */
export const FILE_CSP =
  "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

export function fileRoutes(r: Router, d: RouteDeps): void {
  const optionalAuth: RequestHandler = (req, res, next) =>
    req.headers.authorization ? d.authenticate(req, res, next) : next();
  const serve = async (req: Request, res: Response, name: string) => {
    const id = AssetId.safeParse(req.params.assetId);
    if (!id.success) throw fail.notFound("Không tìm thấy tệp. / Not found.");
    const a = await d.assets.findOne({ _id: id.data });
    if (!a) throw fail.notFound("Không tìm thấy tệp. / Not found.");
    const staff = mayReadPortalContent.allows(req.principal, a.portalId);
    // deleted: "gone" to its portal's staff; strangers learn nothing about files never public
    if (a.deletedAt) {
      if (staff) throw fail.gone("Tệp đã bị xoá. / The file was deleted.");
      throw fail.notFound("Không tìm thấy tệp. / Not found.");
    }
    const allowed = a.live || staff || d.links.valid(a._id, req.query.token);
    if (!allowed) {
      // not public yet: say "not found" to strangers, as if it did not exist
      throw fail.notFound("Không tìm thấy tệp. / Not found.");
    }
    const cap = /^captions\/([a-z]{2,3}(?:-[A-Z]{2})?)\.vtt$/.exec(name);
    const file = cap
      ? a.captions.find((c) => c.lang === cap[1]) && {
          mimeType: "text/vtt; charset=utf-8",
          sizeBytes: (a.captions.find((c) => c.lang === cap[1]) as { sizeBytes: number }).sizeBytes,
        }
      : a.renditions.find((x) => x.name === name);
    if (!file) throw fail.notFound("Không tìm thấy tệp. / Not found.");
    const etag = `"${a.sha256.slice(0, 16)}-${name.replace(/[^A-Za-z0-9.-]/g, "_")}-${file.sizeBytes}"`;
    res.setHeader("Content-Type", file.mimeType);
    res.setHeader("X-Content-Type-Options", "nosniff");
    // defence in depth (issue 15 class 6): a file opened on its own is a sandboxed document that
    // runs nothing and loads nothing; embedding (img, video, track) is not affected
    res.setHeader("Content-Security-Policy", file.mimeType === SVG ? SVG_CSP : FILE_CSP);
    // portals on other hosts embed these files (img, video, track)
    res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    res.setHeader("Accept-Ranges", "bytes");
    res.setHeader("ETag", etag);
    res.setHeader("Cache-Control", a.live ? "public, max-age=31536000, immutable" : "private, no-store");
    if (!a.live) res.setHeader("Vary", "Authorization");
    const download = a.kind === "document" && !cap;
    const filename = name === ORIGINAL ? a.filename : name;
    res.setHeader(
      "Content-Disposition",
      `${download ? "attachment" : "inline"}; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
    if (req.headers["if-none-match"] === etag) {
      res.status(304).end();
      return;
    }
    const range = parseRange(req.headers.range, file.sizeBytes);
    if (range && !range.ok) {
      res.status(416).setHeader("Content-Range", `bytes */${file.sizeBytes}`).end();
      return;
    }
    const start = range?.ok ? range.start : 0;
    const end = range?.ok ? range.end : file.sizeBytes - 1;
    res.status(range?.ok ? 206 : 200);
    if (range?.ok) res.setHeader("Content-Range", `bytes ${start}-${end}/${file.sizeBytes}`);
    res.setHeader("Content-Length", String(end - start + 1));
    if (req.method === "HEAD" || file.sizeBytes === 0) {
      res.end();
      return;
    }
    const body = await d.s3.getPartialObject(d.bucket, keyOf(a, name), start, end - start + 1);
    body.on("error", (e) => {
      d.log.warn({ err: e, assetId: a._id, name }, "reading from S3 failed mid-response");
      res.destroy(e);
    });
    res.on("close", () => body.destroy());
    body.pipe(res);
  };
  r.get("/assets/:assetId/captions/:file", optionalAuth, (req, res) =>
    serve(req, res, `captions/${req.params.file as string}`),
  );
  r.get("/assets/:assetId/:name", optionalAuth, (req, res) => serve(req, res, req.params.name as string));
}
