// The upload (R-FMT): multipart streamed to S3, the type decided by the bytes, limits per kind,
// duplicates within the portal found; then registered as an asset (assets/library.ts).
import type { Readable } from "node:stream";
import { fail, mayAuthorContent, zodFieldErrors } from "@cong/kit";
import busboy from "busboy";
import type { Request, Router } from "express";
import { ObjectId } from "mongodb";
import { assetView, keyOf, ORIGINAL } from "../assets/asset.types";
import { type Decided, RefusedFile } from "../assets/inspect";
import { Filename, register } from "../assets/library";
import { streamUpload, TooLarge } from "../assets/store";
import { actor, type RouteDeps } from "./common";

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

export function uploadRoutes(r: Router, d: RouteDeps): void {
  const maxLimit = Math.max(...Object.values(d.limits));

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
}
