// The portal's library (R-STD, issue 21): list and find assets, where one is used, its text,
// alt text and title, WebVTT captions, deletion (refused while live content uses it), preview links.
import { AssetDeleted } from "@cong/contracts";
import { fail, mayAuthorContent, mayDeleteAnyAsset, mayReadPortalContent } from "@cong/kit";
import type { Request, Router } from "express";
import { z } from "zod";
import { cursor, keysOf } from "../assets/asset.keys";
import { type AssetDoc, assetView, keyOf, processedEvent } from "../assets/asset.types";
import { altTextRequired, NFC, TEXT_LIMITS } from "../assets/library";
import { isWebVtt } from "../assets/probe";
import { queryWords } from "../assets/words";
import { USED_BY_MAX, type Use } from "../refs/references";
import { AssetId, actor, assetLoader, parse, type RouteDeps, removeFiles } from "./common";

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

export function libraryRoutes(r: Router, d: RouteDeps): void {
  const load = assetLoader(d);

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
