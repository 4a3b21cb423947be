// What media's route modules share: their dependencies, how an asset id and a body are parsed,
// who is acting, and the asset of the route's portal (404 for another portal's, R-ORG).
import { fail, type Logger, type Outbox, zodFieldErrors } from "@cong/kit";
import type { Request, RequestHandler } from "express";
import type { Client } from "minio";
import type { Collection } from "mongodb";
import { z } from "zod";
import type { AssetKeys } from "../assets/asset.keys";
import { type AssetDoc, prefixOf } from "../assets/asset.types";
import type { MediaKind } from "../assets/inspect";
import type { Processor } from "../assets/processor";
import { removePrefix } from "../assets/store";
import type { Todo } from "../assets/todo";
import type { PreviewLinks } from "../links";
import type { References } from "../refs/references";

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

export const AssetId = z.string().regex(/^[0-9a-f]{24}$/);

export function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw fail.validation(zodFieldErrors(r.error), "Dữ liệu chưa hợp lệ. / Invalid input.");
  return r.data;
}

export function actor(req: Request) {
  const p = req.principal;
  if (!p) throw fail.unauthenticated("Cần đăng nhập. / Authentication required.");
  return { id: p.userId, username: p.username, ...(p.name ? { name: p.name } : {}) };
}

/** The asset named by `:assetId` on the route's portal; 404 when it is another portal's or deleted. */
export function assetLoader(d: Pick<RouteDeps, "assets">) {
  return async (req: Request): Promise<AssetDoc> => {
    const id = parse(AssetId, req.params.assetId);
    const a = await d.assets.findOne({ _id: id });
    if (!a || a.portalId !== req.params.portalId || a.deletedAt)
      throw fail.notFound("Không tìm thấy tệp. / Asset not found.");
    return a;
  };
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
