// HTTP: staff routes under /portals/:portalId/assets (bearer token, the kit's guards) and the public
// file route /assets/:assetId/:name, one module per family.
import { Router } from "express";
import type { RouteDeps } from "./common";
import { fileRoutes } from "./files.routes";
import { libraryRoutes } from "./library.routes";
import { uploadRoutes } from "./upload.routes";

export { OWN_BODY, type RouteDeps, removeFiles } from "./common";
export { FILE_CSP, SVG_CSP } from "./files.routes";
export { usesPhrase } from "./library.routes";

export function routes(d: RouteDeps): Router {
  const r = Router();
  uploadRoutes(r, d);
  libraryRoutes(r, d);
  fileRoutes(r, d);
  return r;
}
