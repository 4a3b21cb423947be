// HTTP: staff routes under /portals/:portalId/assets (bearer token, portal roles) and the public
// file route /assets/:assetId/:name (public once live content uses the asset; before that only
// with a preview link or a token of the portal's staff).
import type { Readable } from "node:stream";
import { AssetDeleted } from "@cong/contracts";
import {
  fail,
  type Logger,
  mayAuthorContent,
  mayDeleteAnyAsset,
  mayReadPortalContent,
  type Outbox,
  zodFieldErrors,
} from "@cong/kit";
import busboy from "busboy";
import { type Request, type RequestHandler, type Response, Router } from "express";
import type { Client } from "minio";
import { type Collection, ObjectId } from "mongodb";
import { z } from "zod";
import { type AssetKeys, cursor, keysOf } from "./assets/asset.keys";
import { type AssetDoc, assetView, keyOf, ORIGINAL, prefixOf, processedEvent } from "./assets/asset.types";
import { type Decided, type MediaKind, RefusedFile } from "./assets/inspect";
import { altTextRequired, Filename, NFC, register, TEXT_LIMITS } from "./assets/library";
import { isWebVtt } from "./assets/probe";
import type { Processor } from "./assets/processor";
import { parseRange } from "./assets/range";
import { removePrefix, streamUpload, TooLarge } from "./assets/store";
import type { Todo } from "./assets/todo";
import { queryWords } from "./assets/words";
import type { PreviewLinks } from "./links";
import { type References, USED_BY_MAX, type Use } from "./refs/references";

export interface RouteDeps {
  assets: Collection<AssetDoc>;
  texts: Collection<{ _id: string; portalId: string; text: string }>;
  outbox: Outbox;
  s3: Client;
  bucket: string;
  limits: Record<MediaKind, number>;
  partSize: number;
  processor: Processor;
  refs: References;
  keys: AssetKeys;
  links: PreviewLinks;
  /** markers of unfinished work (uploads to process, deleted assets' files to remove) */
  todo: Todo;
  /** verifies a bearer token when one is sent to the public route */
  authenticate: RequestHandler;
  log: Logger;
}

/** Paths whose bodies the routes read themselves (multipart upload, WebVTT). */
export const OWN_BODY = [
  /^\/portals\/[^/]+\/assets\/?$/,
  /^\/portals\/[^/]+\/assets\/[^/]+\/captions\/[^/]+$/,
];

const AssetId = z.string().regex(/^[0-9a-f]{24}$/);
const Lang = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/);
const Patch = z
  .object({
    altText: NFC(TEXT_LIMITS.altText).nullable().optional(),
    title: NFC(TEXT_LIMITS.title).optional(),
    decorative: z.boolean().optional(),
  })
  .strict();
/** `next` of a page (opaque), or — as before — the id of the last asset seen */
const Cursor = z
  .string()
  .max(64)
  .transform((s, ctx) => {
    const bound = cursor.decode(s);
    if (!bound) ctx.addIssue({ code: "custom", message: "`next` of a previous page" });
    return bound ?? { id: "", inclusive: false };
  });
const ListQuery = z
  .object({
    kind: z.enum(["image", "audio", "video", "document"]).optional(),
    q: NFC(TEXT_LIMITS.query).optional(),
    before: Cursor.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .strict();
const UsesQuery = z
  .object({
    after: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
const SVG = "image/svg+xml";
/**
 * For an SVG (none is served today: images are rasterised): no script, no loads, inline styles
 * only, a sandboxed document; never framed (as the API's own default policy).
 */
export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";
/** For every other file: the same, except that the browser's own image and media viewers may show it. */
export const FILE_CSP =
  "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

/** live uses shown with one asset (the rest: `…/uses`) */
const USES_SHOWN = 20;

/** "«Tin A»", "«Tin A» và 2 tin bài khác" — which published items use an asset (Vietnamese). */
export function usesPhrase(uses: Use[], more: boolean): string {
  const [first] = uses;
  if (!first) return "";
  const name = first.title ? `«${first.title}»` : `mã ${first.itemId}`;
  const others = uses.length - 1;
  if (more) return `${name} và hơn ${others} tin bài khác`;
  return others ? `${name} và ${others} tin bài khác` : name;
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw fail.validation(zodFieldErrors(r.error), "Dữ liệu chưa hợp lệ. / Invalid input.");
  return r.data;
}

function actor(req: Request) {
  const p = req.principal;
  if (!p) throw fail.unauthenticated("Cần đăng nhập. / Authentication required.");
  return { id: p.userId, username: p.username, ...(p.name ? { name: p.name } : {}) };
}

const sniff = async (head: Buffer): Promise<string | undefined> =>
  (await (await import("file-type/node")).fileTypeFromBuffer(head))?.mime;

const refused = (r: RefusedFile) =>
  fail.unsupported(`${r.refusal.vi} / ${r.refusal.en}`, { reason: r.refusal.code.toLowerCase() });
const tooLarge = (limit: number) =>
  fail.tooLarge(
    `Tệp vượt quá giới hạn ${Math.round(limit / 1024 / 1024)} MB cho loại này. / File exceeds the ${Math.round(limit / 1024 / 1024)} MB limit.`,
    { reason: "file_too_large", extra: { limitBytes: limit } },
  );

interface FilePart {
  stream: Readable;
  filename: string;
  mimeType: string;
}

/** Starts busboy on the request; resolves with the first `file` part (fields before it are in `fields`). */
function openUpload(req: Request) {
  let bb: busboy.Busboy;
  try {
    bb = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 4096, parts: 12 } });
  } catch {
    throw fail.unsupported("Cần gửi multipart/form-data. / multipart/form-data expected.", {
      reason: "multipart_only",
    });
  }
  const fields: Record<string, string> = {};
  let failed: unknown;
  const closed = new Promise<void>((resolve, reject) => {
    bb.on("close", () => (failed ? reject(failed) : resolve()));
    bb.on("error", (e) => reject(fail.malformed("Dữ liệu tải lên bị lỗi. / Broken upload.", { cause: e })));
  });
  closed.catch(() => undefined);
  const file = new Promise<FilePart | null>((resolve, reject) => {
    let seen = false;
    bb.on("field", (name, value, info) => {
      // a field over busboy's 4096 bytes is over every text limit: the same 422 as a long one
      if (info.valueTruncated)
        failed ??= fail.validation(
          [{ path: name, code: "too_big", message: "at most 4096 bytes" }],
          "Trường dữ liệu quá dài. / Field too long.",
        );
      fields[name] = value;
    });
    bb.on("file", (name, stream, info) => {
      if (name !== "file" || seen) {
        stream.resume();
        return;
      }
      seen = true;
      resolve({ stream, filename: (info.filename ?? "").normalize("NFC"), mimeType: info.mimeType });
    });
    bb.on("close", () => resolve(null));
    bb.on("error", reject);
  });
  req.pipe(bb);
  const stop = () => {
    req.unpipe(bb);
    req.resume();
  };
  return { fields, file, closed, stop };
}

export function routes(d: RouteDeps): Router {
  const r = Router();
  const maxLimit = Math.max(...Object.values(d.limits));

  const load = async (req: Request): Promise<AssetDoc> => {
    const id = parse(AssetId, req.params.assetId);
    const a = await d.assets.findOne({ _id: id });
    if (!a || a.portalId !== req.params.portalId || a.deletedAt)
      throw fail.notFound("Không tìm thấy tệp. / Asset not found.");
    return a;
  };

  // ---- upload (R-FMT): streamed to S3, type by bytes, limits per kind, duplicates found ----
  r.post("/portals/:portalId/assets", mayAuthorContent, async (req, res) => {
    const portalId = req.params.portalId as string;
    const by = actor(req);
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxLimit + 64 * 1024) {
      res.setHeader("Connection", "close");
      throw tooLarge(maxLimit);
    }
    const up = openUpload(req);
    const part = await up.file;
    if (!part) {
      await up.closed;
      throw fail.validation(
        [{ path: "file", code: "required", message: "a file field named `file`" }],
        "Cần đính kèm tệp (trường `file`). / A file is required.",
      );
    }
    // the filename is free text too: checked before a byte is stored
    const name = Filename.safeParse(part.filename);
    if (!name.success) {
      part.stream.resume();
      up.stop();
      res.setHeader("Connection", "close");
      throw fail.validation(
        zodFieldErrors(name.error).map((e) => ({ ...e, path: "filename" })),
        "Tên tệp quá dài. / Filename too long.",
      );
    }
    const id = new ObjectId().toHexString();
    const key = keyOf({ _id: id, portalId }, ORIGINAL);
    let stored: Awaited<ReturnType<typeof streamUpload>>;
    try {
      stored = await streamUpload({
        client: d.s3,
        bucket: d.bucket,
        key,
        body: part.stream,
        declaredMime: part.mimeType,
        filename: name.data,
        limitFor: (t: Decided | null) => (t ? d.limits[t.kind] : maxLimit),
        sniff,
        partSize: d.partSize,
      });
    } catch (e) {
      part.stream.resume();
      up.stop();
      res.setHeader("Connection", "close");
      if (e instanceof RefusedFile) throw refused(e);
      if (e instanceof TooLarge) throw tooLarge(e.limit);
      throw e;
    }
    try {
      await up.closed;
    } catch (e) {
      await d.s3.removeObject(d.bucket, key).catch(() => undefined);
      throw e;
    }
    const doc = await register(d, {
      id,
      portalId,
      stored,
      filename: name.data,
      fields: Object.fromEntries(Object.entries(up.fields).filter(([k]) => k !== "file")),
      by,
    });
    res.status(201).location(`/portals/${portalId}/assets/${id}`).json(assetView(doc));
  });

  // the library, newest first, from the keyed index: the same cost at 100 and 200,000 assets
  // (issue 21); a portal's keys hold only its own assets (R-ORG)
  r.get("/portals/:portalId/assets", mayReadPortalContent, async (req, res) => {
    const q = parse(ListQuery, req.query);
    const words = q.q ? queryWords(q.q) : [];
    // words were asked for, none of them can match (punctuation only, or over 32 characters)
    if (q.q?.trim() && !words.length) return void res.json({ items: [] });
    const page = await d.keys.page(req.params.portalId as string, {
      ...(q.kind ? { kind: q.kind } : {}),
      ...(words.length ? { words } : {}),
      ...(q.before ? { before: q.before } : {}),
      limit: q.limit,
    });
    res.json({ items: page.items.map(assetView), ...(page.next ? { next: page.next } : {}) });
  });

  r.get("/portals/:portalId/assets/:assetId", mayReadPortalContent, async (req, res) => {
    const a = await load(req);
    const uses = await d.refs.liveUses(a, USES_SHOWN);
    res.json({ ...assetView(a), uses: uses.items, moreUses: Boolean(uses.next) });
  });

  // where an asset is used: the live items of its portal, newest first, paged by item id
  r.get("/portals/:portalId/assets/:assetId/uses", mayReadPortalContent, async (req, res) => {
    const q = parse(UsesQuery, req.query);
    const a = await load(req);
    const page = await d.refs.liveUses(a, q.limit, q.after);
    res.json({ items: page.items, ...(page.next ? { next: page.next } : {}) });
  });

  r.get("/portals/:portalId/assets/:assetId/text", mayReadPortalContent, async (req, res) => {
    const a = await load(req);
    const t = await d.texts.findOne({ _id: a._id });
    if (!t) throw fail.notFound("Tệp không có văn bản trích xuất. / No extracted text.");
    res.json({ id: a._id, text: t.text });
  });

  r.patch("/portals/:portalId/assets/:assetId", mayAuthorContent, async (req, res) => {
    const p = parse(Patch, req.body ?? {});
    const id = parse(AssetId, req.params.assetId);
    // keyed changes of one asset run in turn: the keys of the state written are the ones kept
    res.json(await d.keys.inTurn(id, () => patchAsset(req, p)));
  });

  const patchAsset = async (req: Request, p: z.output<typeof Patch>) => {
    const a = await load(req);
    const decorative = p.decorative ?? a.decorative;
    const altText = p.altText === null ? undefined : (p.altText ?? a.altText);
    if (a.kind === "image" && !decorative && !altText) throw altTextRequired();
    const next: AssetDoc = {
      ...a,
      decorative,
      ...(p.title !== undefined ? { title: p.title } : {}),
    };
    if (altText && !decorative) next.altText = altText;
    else delete next.altText;
    const update = {
      $inc: { rev: 1 },
      $set: {
        decorative,
        ...(next.altText ? { altText: next.altText } : {}),
        ...(p.title ? { title: p.title } : {}),
      },
      ...(next.altText ? {} : { $unset: { altText: "" } }),
    };
    // keys of the new words first; those of the old words go once the asset is written (issue 21)
    await d.keys.add(next);
    const saved = await d.outbox.findOneAndUpdate(
      d.assets,
      { _id: a._id, deletedAt: { $exists: false } },
      update as never,
      // the whole current state again, the document's text included (publishing replaces its record)
      a.status === "ready" ? [processedEvent(next, (await d.texts.findOne({ _id: a._id }))?.text)] : [],
    );
    await d.keys.settle(a._id, [...keysOf(a), ...keysOf(next)]);
    if (!saved) throw fail.notFound("Không tìm thấy tệp. / Asset not found.");
    return assetView(saved as AssetDoc);
  };

  // ---- WebVTT captions for audio and video (R-STD) ----
  r.put("/portals/:portalId/assets/:assetId/captions/:lang", mayAuthorContent, async (req, res) => {
    const lang = parse(Lang, req.params.lang);
    const a = await load(req);
    if (a.kind !== "video" && a.kind !== "audio")
      throw fail.unsupported("Chỉ gắn phụ đề cho âm thanh, video. / Captions are for audio and video.", {
        reason: "captions_for_av_only",
      });
    if (!req.is(["text/vtt", "text/plain"]))
      throw fail.unsupported("Phụ đề phải là WebVTT (text/vtt). / Captions must be WebVTT.", {
        reason: "webvtt_only",
      });
    const text = await readText(req, 1024 * 1024);
    if (!isWebVtt(text))
      throw fail.validation(
        [{ path: "body", code: "invalid_webvtt", message: "must start with WEBVTT" }],
        "Tệp phụ đề không đúng định dạng WebVTT. / Not a WebVTT file.",
      );
    const label = parse(
      z.object({ label: NFC(TEXT_LIMITS.captionLabel).default(lang === "vi" ? "Tiếng Việt" : lang) }),
      { label: req.query.label },
    ).label;
    const body = Buffer.from(text.normalize("NFC"), "utf8");
    await d.s3.putObject(d.bucket, keyOf(a, `captions/${lang}.vtt`), body, body.length, {
      "Content-Type": "text/vtt; charset=utf-8",
    });
    const captions = [...a.captions.filter((c) => c.lang !== lang), { lang, label, sizeBytes: body.length }];
    const saved = await d.outbox.findOneAndUpdate(
      d.assets,
      { _id: a._id, deletedAt: { $exists: false } },
      { $set: { captions }, $inc: { rev: 1 } },
      a.status === "ready" ? [processedEvent({ ...a, captions })] : [],
    );
    res.json(assetView(saved as AssetDoc));
  });

  // ---- delete: refused while live content uses the asset ----
  r.delete("/portals/:portalId/assets/:assetId", mayAuthorContent, async (req, res) => {
    const id = parse(AssetId, req.params.assetId);
    await d.keys.inTurn(id, () => deleteAsset(req));
    res.status(204).end();
  });

  const deleteAsset = async (req: Request) => {
    const a = await load(req);
    const p = req.principal;
    const mayDelete = mayDeleteAnyAsset.allows(p, a.portalId) || a.uploadedBy.id === p?.userId;
    if (!mayDelete)
      throw fail.forbidden(
        "Chỉ người tải lên hoặc ban biên tập được xoá tệp. / Only the uploader or the board.",
        {
          reason: "not_uploader",
        },
      );
    // R-MODERATE, R-RETAIN: a file live content shows stays until the item stops using it; the
    // answer names the items, so the editor knows where to remove it (uses of the asset's portal
    // only: another portal's item never blocks it, issue 15.1)
    const uses = await d.refs.liveUses(a, USED_BY_MAX);
    if (uses.items.length)
      throw fail.conflict(
        `Không xoá được: tệp đang được dùng trong tin bài đã đăng ${usesPhrase(uses.items, Boolean(uses.next))}. Hãy gỡ tệp khỏi tin bài (hoặc gỡ tin bài xuống) rồi xoá lại. / The file is used by published content.`,
        { reason: "asset_in_use", extra: { usedBy: uses.items.map((u) => u.itemId), uses: uses.items } },
      );
    const by = actor(req);
    const now = new Date();
    // the marker first: if the files cannot be removed below, the next start finds them by it
    await d.todo.add("remove", a._id);
    const saved = await d.outbox.findOneAndUpdate(
      d.assets,
      { _id: a._id, deletedAt: { $exists: false } },
      { $set: { deletedAt: now, deletedBy: by }, $inc: { rev: 1 } },
      [
        {
          def: AssetDeleted,
          data: { assetId: a._id, portalId: a.portalId, deletedBy: by, deletedAt: now.toISOString() },
        },
      ],
    );
    if (!saved) {
      await d.todo.done("remove", a._id);
      throw fail.notFound("Không tìm thấy tệp. / Asset not found.");
    }
    // the deletion is recorded: its keys go (a crash leaves them stale, and readers skip them)
    await d.keys.settle(a._id, keysOf(a));
    // if S3 fails now, the files are removed at the next start
    await removeFiles(d, a).catch((e: unknown) =>
      d.log.warn({ err: e, assetId: a._id }, "files of a deleted asset left for the next start"),
    );
  };

  r.post("/portals/:portalId/assets/:assetId/links", mayReadPortalContent, async (req, res) => {
    const a = await load(req);
    const { token, expiresAt } = d.links.issue(a._id);
    const names = [...a.renditions.map((x) => x.name), ...a.captions.map((c) => `captions/${c.lang}.vtt`)];
    res.status(201).json({
      token,
      expiresAt: expiresAt.toISOString(),
      urls: Object.fromEntries(names.map((n) => [n, `/assets/${a._id}/${n}?token=${token}`])),
    });
  });

  // ---- the files themselves ----
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

  return r;
}

/** Removes a deleted asset's files and text, then records that they are gone (and drops its marker). */
export async function removeFiles(
  d: Pick<RouteDeps, "s3" | "bucket" | "assets" | "texts" | "todo">,
  a: AssetDoc,
) {
  await removePrefix(d.s3, d.bucket, prefixOf(a));
  await d.texts.deleteOne({ _id: a._id });
  await d.assets.updateOne({ _id: a._id }, { $set: { filesRemoved: true } });
  await d.todo.done("remove", a._id);
}

async function readText(req: Request, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) throw fail.tooLarge("Tệp phụ đề quá lớn (tối đa 1 MB). / Captions too large.");
    parts.push(c);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(parts));
}
