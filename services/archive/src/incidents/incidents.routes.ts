// HTTP of the incident register (R-OPS-247, R-SEC; the admin's incident screen, issue 19 screen 5):
// platform admins record and update incidents, platform admins and auditors read them. The
// register is incidents.ts's; the reports read it too (reports/data.ts).
import { PortalId } from "@cong/contracts";
import { fail } from "@cong/kit";
import { Router } from "express";
import { z } from "zod";
import type { Clock } from "../clock";
import { parse, withRealmRole } from "../http";
import { INCIDENT_ID, type Incident, type IncidentPatch, type IncidentRegister } from "./incidents";

const ADMINS = "Chỉ quản trị nền tảng được ghi sự cố / platform-admin only";
const READERS = "Chỉ quản trị nền tảng hoặc kiểm toán / platform-admin or auditor only";
const LIMIT = "một số nguyên từ 1 đến 50 / a whole number from 1 to 50";
/** a date-time with its offset: 2026-11-28T02:05:00Z, 2026-11-28T09:05:00+07:00 */
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

const dateTime = (clock: Clock) =>
  z.string().transform((s, ctx) => {
    const at = new Date(s);
    // Date reads 2026-02-30 as 2 March: the day it gives back must be the day written (in UTC for `Z`)
    const ok =
      DATE_TIME.test(s) &&
      !Number.isNaN(at.getTime()) &&
      (!s.endsWith("Z") || at.toISOString().slice(0, 10) === s.slice(0, 10));
    if (!ok) {
      ctx.addIssue({
        code: "custom",
        params: { code: "invalid_date" },
        message: "thời điểm dạng 2026-11-28T09:05:00+07:00 / a date-time with its offset",
      });
      return z.NEVER;
    }
    if (at.getTime() > clock.now().getTime()) {
      ctx.addIssue({
        code: "custom",
        params: { code: "in_future" },
        message: "không được ở tương lai / must not be in the future",
      });
      return z.NEVER;
    }
    return at;
  });

/** plain text, NFC, no markup (`<` or `>`), no control characters other than line breaks in `multiline` */
const text = (max: number, multiline = false) =>
  z
    .string()
    .transform((s) => s.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .max(max, `tối đa ${max} ký tự / at most ${max} characters`)
        .refine((s) => !/[<>]/.test(s), {
          message: "chỉ văn bản thuần, không có HTML / plain text only, no HTML",
          params: { code: "html_not_allowed" },
        })
        .refine(
          (s) =>
            ![...s].some((c) => {
              const n = c.charCodeAt(0);
              return (n < 32 || n === 127) && !(multiline && (c === "\n" || c === "\r"));
            }),
          {
            message: "có ký tự điều khiển / control characters",
            params: { code: "control_characters" },
          },
        ),
    );
const Title = text(200).pipe(z.string().min(1, "cần tiêu đề / a title is required"));
const Notified = z.array(text(200).pipe(z.string().min(1))).max(20, "tối đa 20 / at most 20");

const bodies = (clock: Clock) => ({
  create: z
    .object({
      kind: z.enum(["availability", "security"]),
      portalIds: z.array(PortalId).max(100),
      title: Title,
      startedAt: dateTime(clock),
      actions: text(4000, true).default(""),
      notified: Notified.default([]),
    })
    .strict(),
  patch: z
    .object({
      title: Title.optional(),
      actions: text(4000, true).optional(),
      notified: Notified.optional(),
      closedAt: dateTime(clock).nullable().optional(),
      version: z.number().int().min(1).optional(),
    })
    .strict(),
});

const ListQuery = z
  .object({
    portalId: PortalId.optional(),
    from: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .optional(),
    to: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .optional(),
    limit: z
      .string()
      .regex(/^[1-9]\d?$/, LIMIT)
      .transform(Number)
      .pipe(z.number().max(50, LIMIT))
      .default(20),
    cursor: z.string().regex(INCIDENT_ID, "con trỏ không hợp lệ / invalid cursor").optional(),
  })
  .strict();

export const incidentView = (i: Incident) => ({
  id: i._id,
  kind: i.kind,
  portalIds: i.portalIds,
  title: i.title,
  startedAt: i.startedAt,
  closedAt: i.closedAt,
  actions: i.actions,
  notified: i.notified,
  createdBy: { username: i.createdBy.username },
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
  version: i.version,
});

const location = (id: string) => `/incidents/${id}`;
const notFound = () => fail.notFound("Không có sự cố này / no such incident", { reason: "unknown_incident" });
const closed = (i: Incident) =>
  fail.conflict("Sự cố đã đóng, không sửa hay mở lại được / the incident is closed", {
    reason: "incident_closed",
    extra: { currentVersion: i.version },
  });

/** The version the client edited: `If-Match: "7"` (or W/"7"), else `body.version` (content's convention). */
function expectedVersion(header: string | undefined, body: number | undefined): number {
  if (typeof header === "string" && header.trim()) {
    const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
    if (!m)
      throw fail.malformed('If-Match phải là phiên bản dạng "7" / If-Match: "7"', {
        reason: "invalid_if_match",
      });
    return Number(m[1]);
  }
  if (body === undefined)
    throw fail.validation(
      [
        {
          path: "version",
          code: "required",
          message: "cần phiên bản (If-Match hoặc version) / the version edited is required",
        },
      ],
      "Dữ liệu chưa hợp lệ / invalid input",
    );
  return body;
}

export function incidentRoutes(register: IncidentRegister, clock: Clock): Router {
  const r = Router();
  const schemas = bodies(clock);

  r.post("/incidents", async (req, res) => {
    const p = withRealmRole(req, ["platform-admin"], ADMINS);
    const b = parse(schemas.create, req.body ?? {});
    const doc = await register.create(b, { id: p.userId, username: p.username }, clock.now());
    res.status(201).location(location(doc._id)).setHeader("ETag", `"${doc.version}"`).json(incidentView(doc));
  });

  r.get("/incidents", async (req, res) => {
    withRealmRole(req, ["platform-admin", "auditor"], READERS);
    const q = parse(ListQuery, req.query);
    const items = await register.list({ ...q, before: q.cursor });
    const last = items.at(-1);
    res.json({
      items: items.map(incidentView),
      nextCursor: items.length === q.limit && last ? last._id : null,
    });
  });

  r.get("/incidents/:id", async (req, res) => {
    withRealmRole(req, ["platform-admin", "auditor"], READERS);
    const doc = await register.get(String(req.params.id));
    if (!doc) throw notFound();
    res.setHeader("ETag", `"${doc.version}"`).json(incidentView(doc));
  });

  r.patch("/incidents/:id", async (req, res) => {
    withRealmRole(req, ["platform-admin"], ADMINS);
    const b = parse(schemas.patch, req.body ?? {});
    const version = expectedVersion(req.headers["if-match"], b.version);
    const doc = await register.get(String(req.params.id));
    if (!doc) throw notFound();
    if (doc.closedAt) throw closed(doc);
    if (doc.version !== version) throw stale(doc.version, version);
    const patch: IncidentPatch = {};
    if (b.title !== undefined) patch.title = b.title;
    if (b.actions !== undefined) patch.actions = b.actions;
    if (b.notified !== undefined) patch.notified = b.notified;
    if (b.closedAt) {
      if (b.closedAt < doc.startedAt)
        throw fail.validation(
          [
            {
              path: "closedAt",
              code: "before_start",
              message: "thời điểm đóng trước thời điểm bắt đầu / closedAt is before startedAt",
            },
          ],
          "Dữ liệu chưa hợp lệ / invalid input",
        );
      patch.closedAt = b.closedAt;
    }
    const out = await register.update(doc, version, patch, clock.now());
    if ("stale" in out) {
      if (!out.stale) throw notFound();
      if (out.stale.closedAt) throw closed(out.stale);
      throw stale(out.stale.version, version);
    }
    res.setHeader("ETag", `"${out.incident.version}"`).json(incidentView(out.incident));
  });

  return r;
}

function stale(current: number, given: number) {
  return fail.conflict(
    `Sự cố đã được người khác thay đổi (phiên bản hiện tại ${current}, bạn sửa phiên bản ${given}). Vui lòng tải lại. / Stale version.`,
    { reason: "stale_version", extra: { currentVersion: current } },
  );
}
