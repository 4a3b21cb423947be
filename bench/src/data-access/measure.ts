// Timed operations: write rounds (the workflow of a draft) and the list operations measured.
import { randomBytes } from "node:crypto";
import { demoToken, type RecordedQuery } from "@cong/testing";

import { type Json, LIMIT, MEASURED, type ServiceName, USERS } from "./config";
import { type Cmd, call, commands, expect, type Reply, type Running } from "./services";
import { ARCHIVE_QUERY } from "./world";

// ------------------------------------------------------------------------------------- measuring

export type Kind = "write" | "list";
export interface Sample {
  ms: number;
  db: number;
  rows?: number;
  cmds: Cmd[];
}
export interface OpResult {
  name: string;
  kind: Kind;
  samples: Sample[];
  note?: string;
  queries: Map<string, RecordedQuery & { svc: ServiceName }>;
}
export class Results {
  readonly ops = new Map<string, OpResult>();
  add(name: string, kind: Kind, svc: ServiceName, r: Reply, t0: number, rows?: number) {
    const t1 = t0 + r.ms + 1;
    const cmds = commands.filter((c) => c.svc === svc && c.at >= t0 && c.at <= t1 && !c.sweep);
    for (const c of cmds) c.mine = true;
    let op = this.ops.get(name);
    if (!op) {
      op = { name, kind, samples: [], queries: new Map() };
      this.ops.set(name, op);
    }
    op.samples.push({
      ms: r.ms,
      db: cmds.reduce((a, c) => a + (Number.isFinite(c.ms) ? c.ms : 0), 0),
      ...(rows !== undefined ? { rows } : {}),
      cmds,
    });
    for (const c of cmds)
      if (c.query) op.queries.set(`${c.svc}|${JSON.stringify(c.query)}`, { ...c.query, svc: c.svc });
  }
}

/** one request, timed and attributed (the commands started while it ran are its own) */
export async function timed(
  res: Results | null,
  name: string,
  kind: Kind,
  svc: ServiceName,
  base: string,
  method: string,
  p: string,
  user: string,
  body?: unknown,
  want = 200,
  rowsOf?: (b: Json) => number,
): Promise<Reply> {
  await demoToken(user);
  const t0 = performance.now();
  const r = expect(await call(base, method, p, user, body), want, name);
  res?.add(name, kind, svc, r, t0, rowsOf?.(r.body));
  return r;
}

export const draft = (round: number, size: number) => ({
  kind: "article",
  categoryIds: ["cat-tin-tuc-su-kien"],
  locales: {
    vi: {
      title: `Tin đo tải dữ liệu ${size} lượt ${round} ${randomBytes(3).toString("hex")}`,
      summary: "Tin dùng để đo thời gian ghi của quy trình biên tập.",
      bodyHtml: Array.from(
        { length: 6 },
        (_, k) => `<p>Đoạn ${k + 1} của tin đo tải, viết bằng tiếng Việt có dấu.</p>`,
      ).join(""),
    },
  },
});

/** create → edit → stale edit (409) → submit → approve → publish, each a request */
export async function writeRound(run: Running, res: Results | null, round: number, size: number) {
  const c = run.urls.content;
  const p = `/portals/${MEASURED}/items`;
  const created = await timed(
    res,
    "create",
    "write",
    "content",
    c,
    "POST",
    p,
    USERS.officer,
    draft(round, size),
    201,
  );
  const id = created.body.itemId as string;
  let v = created.body.version as number;
  const edited = await timed(res, "edit", "write", "content", c, "PUT", `${p}/${id}`, USERS.officer, {
    ...draft(round, size),
    kind: undefined,
    version: v,
  });
  const stale = v;
  v = edited.body.version;
  await timed(
    res,
    "edit, stale version (409)",
    "write",
    "content",
    c,
    "PUT",
    `${p}/${id}`,
    USERS.officer,
    {
      ...draft(round, size),
      kind: undefined,
      version: stale,
    },
    409,
  );
  v = (
    await timed(res, "submit", "write", "content", c, "POST", `${p}/${id}/submit`, USERS.officer, {
      version: v,
    })
  ).body.version;
  v = (
    await timed(res, "approve", "write", "content", c, "POST", `${p}/${id}/approve`, USERS.board, {
      version: v,
    })
  ).body.version;
  await timed(res, "publish", "write", "content", c, "POST", `${p}/${id}/publish`, USERS.board, {
    version: v,
  });
}

export interface ListOp {
  name: string;
  svc: ServiceName;
  user: string;
  path: string;
  /** the query parameter that carries a cursor, and where the next one is in the answer */
  cursorParam: "cursor" | "before";
  next: (b: Json) => string | null | undefined;
  rows: (b: Json) => number;
  deep?: boolean;
}

export function listOps(itemWithAudit: string): ListOp[] {
  const items = (q: string): Pick<ListOp, "svc" | "user" | "path" | "cursorParam" | "next" | "rows"> => ({
    svc: "content",
    user: USERS.board,
    path: `/portals/${MEASURED}/items?view=summary&limit=${LIMIT}${q}`,
    cursorParam: "cursor",
    next: (b) => b.nextCursor,
    rows: (b) => b.items.length,
  });
  const ops: ListOp[] = [
    { name: "item list", ...items(""), deep: true },
    { name: "item list, state=published", ...items("&state=published"), deep: true },
    { name: "item list, state=draft", ...items("&state=draft"), deep: true },
    { name: "item list, category", ...items("&categoryId=cat-tin-tuc-su-kien"), deep: true },
    { name: "item list, state + category", ...items("&state=published&categoryId=cat-tin-tuc-su-kien") },
    { name: "review queue (submitted, by due date)", ...items("&state=submitted&sort=due"), deep: true },
    {
      name: "feedback inbox",
      svc: "content",
      user: USERS.officer,
      path: `/portals/${MEASURED}/feedback?limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.items.length,
      deep: true,
    },
    {
      name: "feedback inbox, unanswered by due date",
      svc: "content",
      user: USERS.officer,
      path: `/portals/${MEASURED}/feedback?sort=due&limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.items.length,
    },
    {
      name: "comment moderation (held)",
      svc: "content",
      user: USERS.officer,
      path: `/portals/${MEASURED}/comments?status=held&limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.items.length,
    },
    {
      name: "an item's audit (content)",
      svc: "content",
      user: USERS.board,
      path: `/portals/${MEASURED}/items/${itemWithAudit}/audit`,
      cursorParam: "cursor",
      next: () => null,
      rows: (b) => b.audit.length,
    },
    {
      name: "audit trail of the portal (identity)",
      svc: "identity",
      user: USERS.board,
      path: `/portals/${MEASURED}/audit?limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.entries.length,
      deep: true,
    },
    {
      name: "audit trail, platform-wide (identity)",
      svc: "identity",
      user: USERS.auditor,
      path: `/audit?limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.entries.length,
      deep: true,
    },
    {
      name: "media library",
      svc: "media",
      user: USERS.officer,
      path: `/portals/${MEASURED}/assets?limit=${LIMIT}`,
      cursorParam: "before",
      next: (b) => b.next,
      rows: (b) => b.items.length,
      deep: true,
    },
    {
      name: "media library, images",
      svc: "media",
      user: USERS.officer,
      path: `/portals/${MEASURED}/assets?kind=image&limit=${LIMIT}`,
      cursorParam: "before",
      next: (b) => b.next,
      rows: (b) => b.items.length,
    },
    {
      name: `archive search q="${ARCHIVE_QUERY}"`,
      svc: "archive",
      user: USERS.board,
      path: `/archive/search?portalId=${MEASURED}&q=${encodeURIComponent(ARCHIVE_QUERY)}&limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.items.length,
      deep: true,
    },
    {
      name: "archive search, newest",
      svc: "archive",
      user: USERS.board,
      path: `/archive/search?portalId=${MEASURED}&limit=${LIMIT}`,
      cursorParam: "cursor",
      next: (b) => b.nextCursor,
      rows: (b) => b.items.length,
    },
  ];
  return ops;
}

/** the cursor of page 51 (a thousand rows in) when the list is longer, else of its middle page */
export async function deepCursor(run: Running, op: ListOp): Promise<{ cursor: string; page: number } | null> {
  const cursors: string[] = [];
  let cursor: string | null | undefined = null;
  let ended = false;
  while (cursors.length < 50) {
    const sep = op.path.includes("?") ? "&" : "?";
    const r = expect(
      await call(
        run.urls[op.svc],
        "GET",
        `${op.path}${cursor ? `${sep}${op.cursorParam}=${encodeURIComponent(cursor)}` : ""}`,
        op.user,
      ),
      200,
      `${op.name}: paging`,
    );
    cursor = op.next(r.body);
    if (!cursor) {
      ended = true;
      break;
    }
    cursors.push(cursor);
  }
  if (!cursors.length) return null;
  // cursors[k] opens page k + 2
  const k = ended ? Math.floor((cursors.length - 1) / 2) : cursors.length - 1;
  return { cursor: cursors[k] as string, page: k + 2 };
}
