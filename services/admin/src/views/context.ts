// What every page knows about the request: the person, their portal, the language, the CSRF
// token, the session's timing (for the idle warning) and the built static files.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { SessionUser } from "../auth/session";
import type { Lang, Messages } from "../i18n";

export interface Flash {
  kind: "success" | "info" | "error";
  text: string;
}

export interface PortalChoice {
  id: string;
  name: string;
  roles: string[];
}

export interface StaticFiles {
  css: string;
  icon?: string;
  /** island name → URL of its bundle */
  js: Record<string, string>;
}

export interface PageContext {
  t: Messages;
  lang: Lang;
  csrf: string;
  path: string;
  user?: SessionUser | undefined;
  portal?: PortalChoice | undefined;
  portals: PortalChoice[];
  flash: Flash[];
  files: StaticFiles;
  session?: { idleSeconds: number; warningSeconds: number; autosaveSeconds: number } | undefined;
}

export const Ctx = createContext<PageContext | null>(null);

export function useCtx(): PageContext {
  const c = useContext(Ctx);
  if (!c) throw new Error("a page rendered outside renderPage()");
  return c;
}

/** True when the person holds one of `roles` on the current portal. */
export function holds(ctx: PageContext, ...roles: string[]): boolean {
  return !!ctx.portal && roles.some((r) => ctx.portal?.roles.includes(r));
}

export const BOARD = ["board-head", "board-deputy", "board-member"];
export const AUTHORS = ["focal-officer", "contributor", ...BOARD];
