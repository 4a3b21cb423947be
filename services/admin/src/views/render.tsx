// Renders a page (a type-checked TSX tree, escaped by preact) with the request's context.
import type { Response } from "express";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { Ctx, type PageContext } from "./context";

export function renderPage(ctx: PageContext, page: VNode): string {
  return `<!doctype html>${renderToString(<Ctx.Provider value={ctx}>{page}</Ctx.Provider>)}`;
}

export function sendPage(res: Response, ctx: PageContext, page: VNode, status = 200): void {
  res.status(status).type("html").setHeader("Cache-Control", "no-store").send(renderPage(ctx, page));
}
