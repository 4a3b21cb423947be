// HTTP of the chain verification runs (R-RETAIN, the admin's archive screen): start one (platform
// admins), follow it (platform admins and auditors). The runs are verification-runs.ts's.
import { PortalId } from "@cong/contracts";
import { fail } from "@cong/kit";
import { Router } from "express";
import { z } from "zod";
import { parse, withRealmRole } from "../http";
import type { VerificationRun, VerificationRuns } from "./verification-runs";

const VerifyBody = z.object({ portalId: PortalId.optional() }).strict();

const location = (id: string) => `/archive/verify/${id}`;

/** What a client sees of a run: `firstBreak` once a problem was found, `finishedAt` once it ended. */
const runView = (r: VerificationRun) => ({
  id: r._id,
  scope: r.scope,
  portalId: r.portalId,
  status: r.status,
  checked: r.checked,
  total: r.total,
  problems: r.problems,
  ...(r.firstBreak ? { firstBreak: r.firstBreak } : {}),
  mediaChecked: r.mediaChecked,
  mediaMissing: r.mediaMissing,
  ...(r.error ? { error: r.error } : {}),
  startedBy: r.startedBy,
  startedAt: r.startedAt,
  ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
});

export function verificationRoutes(runs: VerificationRuns): Router {
  const r = Router();

  r.post("/archive/verify", async (req, res) => {
    const p = withRealmRole(
      req,
      ["platform-admin"],
      "Chỉ quản trị nền tảng được chạy kiểm tra chuỗi băm / platform-admin only",
    );
    const { portalId } = parse(VerifyBody, req.body ?? {});
    const started = await runs.start(portalId, { id: p.userId, username: p.username });
    if ("runningId" in started)
      throw fail.conflict(
        "Đang có một lần kiểm tra chuỗi băm cho phạm vi này, hãy chờ nó xong / a verification of this scope is running",
        {
          reason: "verification_running",
          extra: { runningId: started.runningId },
          headers: { location: location(started.runningId) },
        },
      );
    const run = started.run;
    res
      .status(202)
      .location(location(run._id))
      .json({ id: run._id, status: run.status, checked: run.checked, total: run.total });
  });

  r.get("/archive/verify/:id", async (req, res) => {
    withRealmRole(
      req,
      ["platform-admin", "auditor"],
      "Chỉ quản trị nền tảng hoặc kiểm toán / platform-admin or auditor only",
    );
    const run = await runs.get(String(req.params.id));
    if (!run)
      throw fail.notFound("Không có lần kiểm tra chuỗi băm này / no such verification", {
        reason: "unknown_verification",
      });
    res.json(runView(run));
  });

  return r;
}
