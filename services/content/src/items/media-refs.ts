// R-ORG (issue 15, class 1): an item may reference only its own portal's media. Publishing an item
// makes its assets public and blocks their deletion, so an stttt asset in a lucngan item would let
// lucngan publish stttt's private file. Every asset NEWLY referenced by a create or an edit is
// looked up in media with the caller's own token before anything is written; assets the item
// already carried were checked when they were added.
import type { MediaUse } from "@cong/contracts";
import { type FieldError, fail } from "@cong/kit";
import type { MediaLibrary } from "../media/media.client";

/** How a caller proves the assets it references (see `Caller` in caller.ts). */
export interface AssetCredentials {
  /** the request's `Authorization` header, forwarded to media as it is */
  authorization?: string;
  /**
   * Platform jobs that act without a token (the demo seed) name the assets they may use and the
   * portal each belongs to; any other asset is refused. Jobs with neither cannot add media.
   */
  declaredAssets?: ReadonlyMap<string, string>;
}

export const UNKNOWN_ASSET_VI = "Tệp không có trong thư viện của cổng này.";

const LOOKUPS_AT_ONCE = 8;

/** The assets among `ids` that are not `portalId`'s own or that the caller may not use. */
async function unknownAssets(
  library: MediaLibrary,
  portalId: string,
  ids: readonly string[],
  who: AssetCredentials,
): Promise<Set<string>> {
  const unknown = new Set<string>();
  if (who.authorization) {
    const auth = who.authorization;
    for (let i = 0; i < ids.length; i += LOOKUPS_AT_ONCE) {
      const batch = ids.slice(i, i + LOOKUPS_AT_ONCE);
      const answers = await Promise.all(batch.map((id) => library.lookUp(portalId, id, auth)));
      batch.forEach((id, j) => {
        if (answers[j] !== "found") unknown.add(id);
      });
    }
  } else {
    // no token: only what the job declared for this very portal
    for (const id of ids) if (who.declaredAssets?.get(id) !== portalId) unknown.add(id);
  }
  return unknown;
}

const unknownAsset = (errors: FieldError[]) =>
  fail.validation(errors, `${UNKNOWN_ASSET_VI} / The file is not in this portal's library.`, {
    reason: "unknown_asset",
  });

/** Throws 422 `unknown_asset` (per `media.<i>.assetId`) or 503 `media_unavailable`; writes nothing. */
export async function checkNewMedia(
  library: MediaLibrary,
  portalId: string,
  media: readonly MediaUse[],
  already: Iterable<string>,
  who: AssetCredentials,
): Promise<void> {
  const known = new Set(already);
  const fresh = [...new Set(media.map((m) => m.assetId))].filter((id) => !known.has(id));
  if (!fresh.length) return;
  const unknown = await unknownAssets(library, portalId, fresh, who);
  if (!unknown.size) return;
  const errors: FieldError[] = [];
  media.forEach((m, i) => {
    if (unknown.has(m.assetId))
      errors.push({ path: `media.${i}.assetId`, code: "unknown_asset", message: UNKNOWN_ASSET_VI });
  });
  throw unknownAsset(errors);
}

/** The same check for one asset named by a field (a portal's emblem): 422 `unknown_asset` at `path`. */
export async function checkOwnAsset(
  library: MediaLibrary,
  portalId: string,
  assetId: string,
  who: AssetCredentials,
  path: string,
): Promise<void> {
  if (!(await unknownAssets(library, portalId, [assetId], who)).size) return;
  throw unknownAsset([{ path, code: "unknown_asset", message: UNKNOWN_ASSET_VI }]);
}
