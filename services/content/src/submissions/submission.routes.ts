// Streaming multipart upload of a .docx/.pdf submission (R-SUBMIT) with busboy: one file field
// `file` (≤ UPLOAD_LIMIT_BYTES, else 413) and optional fields `title`, `kind`, `categoryId`.

import { fail } from "@cong/kit";
import busboy from "busboy";
import { type Request, Router } from "express";
import { callerOf, mayReadPortalContent, maySubmitFiles } from "../auth";
import { itemView } from "../items/item.routes";
import type { ItemService } from "../items/item.service";
import { convert, type SubmissionFiles, sniff } from "./submission.service";

interface Upload {
  fields: Record<string, string>;
  file?: { filename: string; data: Buffer };
}

function readUpload(req: Request, limit: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { fileSize: limit, files: 1, fields: 10, fieldSize: 4096 },
      });
    } catch {
      reject(
        fail.unsupported("Cần gửi multipart/form-data. / multipart/form-data expected.", {
          reason: "multipart_only",
        }),
      );
      return;
    }
    const out: Upload = { fields: {} };
    let failed: unknown;
    bb.on("field", (name, value) => {
      out.fields[name] = value.normalize("NFC");
    });
    bb.on("file", (name, stream, info) => {
      if (name !== "file" || out.file) {
        stream.resume();
        return;
      }
      const parts: Buffer[] = [];
      stream.on("data", (d: Buffer) => parts.push(d));
      stream.on("limit", () => {
        failed = fail.tooLarge(`Tệp vượt quá ${Math.round(limit / 1024 / 1024)} MB. / File too large.`);
        stream.resume();
      });
      stream.on("end", () => {
        if (!failed) out.file = { filename: info.filename || "tep", data: Buffer.concat(parts) };
      });
    });
    bb.on("error", (e) => reject(fail.malformed("Dữ liệu tải lên bị lỗi. / Broken upload.", { cause: e })));
    bb.on("close", () => (failed ? reject(failed) : resolve(out)));
    req.pipe(bb);
  });
}

export function submissionRoutes(items: ItemService, files: SubmissionFiles, limitBytes: number): Router {
  const r = Router();

  r.post("/portals/:portalId/submissions", maySubmitFiles, async (req, res) => {
    const portalId = req.params.portalId as string;
    const caller = callerOf(req);
    const upload = await readUpload(req, limitBytes);
    if (!upload.file || upload.file.data.length === 0)
      throw fail.validation(
        [{ path: "file", code: "required", message: "a .docx or .pdf file" }],
        "Cần đính kèm tệp .docx hoặc .pdf.",
      );
    const type = sniff(upload.file.data);
    if (!type)
      throw fail.unsupported(
        "Chỉ nhận tệp Word (.docx) hoặc PDF thật (kiểm tra theo nội dung tệp). / Only real .docx or PDF files.",
        {
          reason: "file_type",
        },
      );
    let converted: Awaited<ReturnType<typeof convert>>;
    try {
      converted = await convert(type, upload.file.data);
    } catch (e) {
      throw fail.validation(
        [{ path: "file", code: "unreadable", message: "the file could not be read" }],
        "Không đọc được nội dung tệp. / Unreadable file.",
        { cause: e },
      );
    }
    const kind = upload.fields.kind ?? "article";
    const title = (upload.fields.title ?? converted.firstLine) || upload.file.filename;
    const doc = await items.create(
      portalId,
      {
        kind,
        ...(upload.fields.categoryId ? { categoryIds: [upload.fields.categoryId] } : {}),
        locales: { vi: { title: title.slice(0, 500), bodyHtml: converted.html } },
        ...(kind === "legal-document" || kind === "draft-for-comment" ? {} : {}),
      },
      caller,
    );
    const stored = await files.store(portalId, upload.file.filename, type, upload.file.data, caller.actor.id);
    const sourceFile = {
      fileId: stored._id,
      filename: stored.filename,
      contentType: stored.contentType,
      size: stored.size,
    };
    await items.attachSource(doc, sourceFile);
    res.status(201).location(`/portals/${portalId}/items/${doc._id}`).setHeader("ETag", `"${doc.version}"`);
    res.json({
      ...itemView({ ...doc, working: doc.working ? { ...doc.working, sourceFile } : null }),
      sourceType: type,
    });
  });

  r.get("/portals/:portalId/submissions/:fileId", mayReadPortalContent, async (req, res) => {
    const { meta, data } = await files.read(req.params.portalId as string, req.params.fileId as string);
    res
      .setHeader("Content-Type", meta.contentType)
      .setHeader("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(meta.filename)}`)
      .setHeader("X-Content-Type-Options", "nosniff")
      .send(data);
  });

  return r;
}
