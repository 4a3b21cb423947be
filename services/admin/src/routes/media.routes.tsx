// The media library through the admin (R-FMT): the upload's body streams through to media as
// it arrives (never buffered; media decides the type by the bytes and the limits per kind);
// private files (drafts) are shown to staff through the admin with their token; alt text,
// captions and delete go to media's API.
import http from "node:http";
import https from "node:https";
import { pipeline } from "node:stream/promises";
import Busboy from "busboy";
import { type Request, Router } from "express";
import { ApiError, passThroughHeaders } from "../api/client";
import type { Asset } from "../api/types";
import type { AdminConfig } from "../config";
import { canAct } from "../http/console";
import { flash } from "../http/context";
import { portalOf, portalScope } from "../http/portal";
import { TtlCache } from "../http/ttl-cache";
import type { FormErrors } from "../views/components";
import { ErrorPage } from "../views/pages/auth";
import { AssetPage, MediaLibraryPage } from "../views/pages/media";
import { sendPage } from "../views/render";

const ASSET_ID = /^[A-Za-z0-9_-]{8,64}$/;
const FILE_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const KINDS = ["image", "video", "audio", "document"];

/**
 * The editor's picker lists (images, documents) per portal, kept a few seconds: every editor page
 * shows them; this admin's own uploads and changes drop them at once.
 */
const pickerLists = new TtlCache<{ assets: Asset[]; next?: string | undefined }>(15_000);
const forgetPickers = (portalId: string) => {
  for (const kind of ["image", "document"]) pickerLists.delete(`${portalId}:${kind}`);
};

export function loadPickerAssets(req: Request, kind: "image" | "document", limit: number) {
  return pickerLists.get(`${portalOf(req)}:${kind}`, () => loadAssets(req, { kind, limit }));
}

export async function loadAssets(
  req: Request,
  q: { kind?: string | undefined; limit?: number; before?: string | undefined },
): Promise<{ assets: Asset[]; next?: string | undefined }> {
  try {
    const { data } = await req.ctx.api.get<{ items: Asset[]; next?: string }>(
      "media",
      `/portals/${portalOf(req)}/assets`,
      {
        query: { kind: q.kind, limit: q.limit ?? 40, before: q.before },
      },
    );
    return { assets: data.items, next: data.next };
  } catch (e) {
    // the editor still opens when media is away; the library says so itself
    if (e instanceof ApiError) throw e;
    return { assets: [] };
  }
}

function wantsJson(req: Request): boolean {
  return (
    req.headers["x-requested-with"] === "XMLHttpRequest" ||
    /application\/json/.test(String(req.headers.accept ?? ""))
  );
}

function uploadErrors(req: Request, e: ApiError): FormErrors {
  const t = req.ctx.page.t;
  if (e.reason === "alt_text_required" || e.errors.some((x) => x.path === "alt" || x.path === "altText"))
    return { altText: t.fieldErrors.alt_required };
  if (e.status === 413) return { file: e.detailFor(req.ctx.lang) ?? t.errors.tooLarge };
  if (e.errors.some((x) => x.path === "file" && x.code === "required"))
    return { file: t.fieldErrors.file_required };
  return { file: e.detailFor(req.ctx.lang) ?? t.media.uploadFailed };
}

export function mediaRoutes(config: AdminConfig): Router {
  const r = Router({ mergeParams: true });
  r.use("/p/:portalId", portalScope);

  r.get("/p/:portalId/media", async (req, res) => {
    const kind =
      typeof req.query.kind === "string" && KINDS.includes(req.query.kind) ? req.query.kind : undefined;
    const before =
      typeof req.query.before === "string" && /^[A-Za-z0-9_:|.~=-]{1,400}$/.test(req.query.before)
        ? req.query.before
        : undefined;
    const page = await loadAssets(req, { kind, before, limit: 24 });
    const qs = new URLSearchParams({
      ...(kind ? { kind } : {}),
      ...(page.next ? { before: page.next } : {}),
    });
    sendPage(
      res,
      req.ctx.page,
      <MediaLibraryPage
        assets={page.assets}
        kind={kind}
        nextHref={page.next ? `/p/${portalOf(req)}/media?${qs}` : undefined}
        errors={{}}
        values={{}}
      />,
    );
  });

  // the multipart body goes to media byte for byte, with the person's token (no buffering here)
  r.post("/p/:portalId/media/upload", async (req, res) => {
    const t = req.ctx.page.t;
    const declared = Number(req.headers["content-length"]);
    const fail = (status: number, errors: FormErrors) => {
      if (wantsJson(req)) res.status(status).json({ errors });
      else sendPage(res, req.ctx.page, <MediaLibraryPage assets={[]} errors={errors} values={{}} />, status);
    };
    if (Number.isFinite(declared) && declared > config.ADMIN_UPLOAD_LIMIT_BYTES) {
      res.setHeader("Connection", "close");
      fail(413, { file: t.errors.tooLarge });
      req.resume();
      return;
    }
    if (!/^multipart\/form-data;/i.test(String(req.headers["content-type"] ?? ""))) {
      fail(415, { file: t.fieldErrors.file_required });
      return;
    }
    const target = new URL(req.ctx.api.url("media", `/portals/${portalOf(req)}/assets`));
    const headers = await req.ctx.api.headers(passThroughHeaders(req.headers));
    const client = target.protocol === "https:" ? https : http;
    const upstream = client.request(target, { method: "POST", headers });
    const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
      upstream.on("response", resolve);
      upstream.on("error", reject);
    });
    // media may answer early (a refused type after the first bytes): stop sending, keep reading
    const sending = pipeline(req, upstream).catch(() => undefined);
    let up: http.IncomingMessage;
    try {
      up = await answered;
    } catch {
      req.unpipe(upstream);
      req.resume();
      fail(503, { file: t.errors.unavailable });
      return;
    }
    if ((up.statusCode ?? 500) >= 400) {
      req.unpipe(upstream);
      req.resume();
    }
    const chunks: Buffer[] = [];
    for await (const c of up) chunks.push(c as Buffer);
    await Promise.race([sending, new Promise((r) => setTimeout(r, 50))]);
    const text = Buffer.concat(chunks).toString("utf8");
    const status = up.statusCode ?? 500;
    if (status === 401) {
      fail(401, { file: t.editor.sessionExpiredSave });
      return;
    }
    if (status >= 500) {
      fail(503, { file: t.errors.unavailable });
      return;
    }
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (status >= 400) {
      const e = new ApiError(
        status,
        String(body.code ?? status),
        body.reason as string | undefined,
        body.detail as string | undefined,
        (body.errors as never) ?? [],
        body,
      );
      fail(status === 409 ? 409 : status, uploadErrors(req, e));
      return;
    }
    const asset = body as unknown as Asset;
    forgetPickers(portalOf(req));
    const href = `/p/${portalOf(req)}/media/${asset.id}`;
    if (wantsJson(req)) {
      res.status(201).json({ id: asset.id, href, message: t.media.uploaded });
      return;
    }
    flash(req, "success", t.media.uploaded);
    res.redirect(303, href);
  });

  const loadAsset = async (
    req: Request,
  ): Promise<Asset & { uses?: { itemId: string; title?: string }[] }> => {
    const id = String(req.params.assetId);
    if (!ASSET_ID.test(id)) throw new ApiError(404, "not_found", undefined, undefined, [], {});
    return (
      await req.ctx.api.get<Asset & { uses?: { itemId: string; title?: string }[] }>(
        "media",
        `/portals/${portalOf(req)}/assets/${id}`,
      )
    ).data;
  };

  const usesOf = (a: Asset & { uses?: { itemId: string; title?: string }[] }) =>
    (a.uses ?? (a.usedBy ?? []).map((itemId) => ({ itemId, title: undefined }))).map((u) => ({
      itemId: u.itemId,
      title: u.title ?? u.itemId,
    }));

  r.get("/p/:portalId/media/:assetId", async (req, res) => {
    const a = await loadAsset(req);
    sendPage(res, req.ctx.page, <AssetPage asset={a} uses={usesOf(a)} errors={{}} />);
  });

  r.post("/p/:portalId/media/:assetId", async (req, res) => {
    const t = req.ctx.page.t;
    const a = await loadAsset(req);
    const body = (req.body ?? {}) as Record<string, string>;
    const decorative = body.decorative === "true";
    const alt = String(body.altText ?? "").trim();
    const title = String(body.title ?? "").trim();
    if (a.kind === "image" && !decorative && !alt) {
      sendPage(
        res,
        req.ctx.page,
        <AssetPage asset={a} uses={usesOf(a)} errors={{ altText: t.fieldErrors.alt_required }} />,
        422,
      );
      return;
    }
    try {
      await req.ctx.api.patch("media", `/portals/${portalOf(req)}/assets/${a.id}`, {
        json: {
          ...(title ? { title } : {}),
          ...(a.kind === "image" ? { decorative, altText: decorative ? null : alt } : {}),
        },
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      sendPage(
        res,
        req.ctx.page,
        <AssetPage asset={a} uses={usesOf(a)} errors={uploadErrors(req, e)} />,
        e.status,
      );
      return;
    }
    forgetPickers(portalOf(req));
    flash(req, "success", t.media.savedMeta);
    res.redirect(303, `/p/${portalOf(req)}/media/${a.id}`);
  });

  // the platform team makes an image of the library the portal's emblem (content decides: an
  // image of this portal's own library, processed; issue 17)
  r.post("/p/:portalId/media/:assetId/emblem", async (req, res) => {
    const t = req.ctx.page.t;
    if (!canAct(req)) {
      sendPage(res, req.ctx.page, <ErrorPage kind="forbidden" />, 403);
      return;
    }
    const a = await loadAsset(req);
    const again = (refusal: string, status: number) =>
      sendPage(
        res,
        req.ctx.page,
        <AssetPage asset={a} uses={usesOf(a)} errors={{}} refusal={refusal} />,
        status,
      );
    if (a.kind !== "image" || a.status !== "ready") return again(t.media.emblemNotReady, 422);
    const portalId = portalOf(req);
    try {
      await req.ctx.api.patch("content", `/portals/${portalId}`, { json: { emblemAssetId: a.id } });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status >= 500) return again(t.errors.unavailable, 503);
      // content refuses an emblem that is not a processed image of this portal's library
      return again(t.media.emblemNotReady, 422);
    }
    const name = req.ctx.page.portals.find((x) => x.id === portalId)?.name ?? portalId;
    flash(req, "success", t.media.emblemDone(name));
    res.redirect(303, `/platform/portals/${portalId}/edit`);
  });

  // captions are small WebVTT files: read the form here (≤ 1 MB), send the text to media
  r.post("/p/:portalId/media/:assetId/captions", async (req, res) => {
    const t = req.ctx.page.t;
    const a = await loadAsset(req);
    const form = await readSmallForm(req, 1024 * 1024);
    const lang = form.fields.lang === "en" ? "en" : "vi";
    if (!form.file) {
      sendPage(
        res,
        req.ctx.page,
        <AssetPage asset={a} uses={usesOf(a)} errors={{ "captions-file": t.fieldErrors.file_required }} />,
        422,
      );
      return;
    }
    const headers = await req.ctx.api.headers({ "content-type": "text/vtt; charset=utf-8" });
    const up = await fetch(
      req.ctx.api.url("media", `/portals/${portalOf(req)}/assets/${a.id}/captions/${lang}`),
      {
        method: "PUT",
        headers,
        body: new Uint8Array(form.file),
      },
    );
    try {
      await req.ctx.api.read("media", up);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      sendPage(
        res,
        req.ctx.page,
        <AssetPage
          asset={a}
          uses={usesOf(a)}
          errors={{ "captions-file": e.detailFor(req.ctx.lang) ?? t.errors.generic }}
        />,
        e.status,
      );
      return;
    }
    flash(req, "success", t.media.captionsSaved);
    res.redirect(303, `/p/${portalOf(req)}/media/${a.id}`);
  });

  r.post("/p/:portalId/media/:assetId/delete", async (req, res) => {
    const t = req.ctx.page.t;
    const a = await loadAsset(req);
    try {
      await req.ctx.api.delete("media", `/portals/${portalOf(req)}/assets/${a.id}`);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 409) throw e;
      sendPage(
        res,
        req.ctx.page,
        <AssetPage asset={a} uses={usesOf(a)} errors={{}} refusal={t.media.deleteRefused} />,
        409,
      );
      return;
    }
    forgetPickers(portalOf(req));
    flash(req, "success", t.media.deleted);
    res.redirect(303, `/p/${portalOf(req)}/media`);
  });

  // a private file (a draft's image) shown to the staff member through the admin, with their token
  r.get("/p/:portalId/media/:assetId/file/:name", async (req, res) => {
    const id = String(req.params.assetId);
    const name = String(req.params.name);
    if (!ASSET_ID.test(id) || !FILE_NAME.test(name)) {
      res.status(404).end();
      return;
    }
    const headers = await req.ctx.api.headers();
    const up = await fetch(req.ctx.api.url("media", `/assets/${id}/${name}`), {
      headers: { authorization: headers.authorization ?? "" },
    });
    if (!up.ok || !up.body) {
      res.status(up.status === 404 ? 404 : 502).end();
      return;
    }
    res.status(200);
    res.setHeader("Content-Type", up.headers.get("content-type") ?? "application/octet-stream");
    res.setHeader("Cache-Control", "private, max-age=300");
    res.setHeader("X-Content-Type-Options", "nosniff");
    const len = up.headers.get("content-length");
    if (len) res.setHeader("Content-Length", len);
    const { Readable } = await import("node:stream");
    await pipeline(Readable.fromWeb(up.body as never), res);
  });

  return r;
}

/** A small multipart form (captions): fields and one file, refused beyond `limit` bytes. */
function readSmallForm(
  req: Request,
  limit: number,
): Promise<{ fields: Record<string, string>; file?: Buffer }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: Buffer | undefined;
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: req.headers, limits: { fileSize: limit, files: 1, fields: 10 } });
    } catch (e) {
      reject(e);
      return;
    }
    bb.on("field", (k, v) => {
      fields[k] = v.normalize("NFC");
    });
    bb.on("file", (_name, stream) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (chunks.length) file = Buffer.concat(chunks);
      });
    });
    bb.on("close", () => resolve({ fields, ...(file ? { file } : {}) }));
    bb.on("error", reject);
    req.pipe(bb);
  });
}
