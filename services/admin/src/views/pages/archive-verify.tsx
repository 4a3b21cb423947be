// The archive's hash-chain verification (issue 19 screen 3, R-RETAIN): start one for the whole
// archive or one portal, follow its progress bar, read its verdict and figures. Platform admins
// start it; auditors read the runs.
import type { ComponentChildren } from "preact";
import type { VerificationRun } from "../../api/platform";
import { DateTime, Notice, SummaryList } from "../components";
import { useCtx } from "../context";
import { PostForm } from "../form";
import { type ProgressFigures, percent, RunProgress, useNumber } from "../progress";
import { Section } from "../table";
import { ARCHIVE, PortalSelect, Shell } from "./archive";

/** Start a verification of the hash chain: the whole archive or one portal's revisions. */
export function VerifyPage(p: {
  canAct: boolean;
  scope: string;
  refusal?: string | undefined;
  lastRunId?: string | undefined;
}) {
  const m = useCtx().t.archive;
  return (
    <Shell title={m.verifyTitle} tab="verify" canAct={p.canAct} refusal={p.refusal}>
      <h2 class="heading-l">{m.verifyTitle}</h2>
      <p class="lead">{m.verifyIntro}</p>
      {p.canAct ? (
        <PostForm action={`${ARCHIVE}/verify`} button={m.verifyStart} buttonId="verify-start">
          <PortalSelect
            value={p.scope}
            id="scope"
            name="portalId"
            label={m.scope}
            allLabel={m.scopeAll}
            hint={m.scopeHint}
          />
        </PostForm>
      ) : null}
      {p.lastRunId ? (
        <p class="section">
          <a href={`${ARCHIVE}/verify/${p.lastRunId}`}>{m.lastRun}</a>
        </p>
      ) : null}
    </Shell>
  );
}

/** The figures of a verification for its progress bar. */
export function verificationFigures(
  run: VerificationRun,
  m: ReturnType<typeof useCtx>["t"]["archive"],
  n: (x: number) => string,
): ProgressFigures {
  return {
    running: run.status === "running",
    done: run.checked,
    total: run.total,
    text: m.progress(n(run.checked), n(run.total), percent(run.checked, run.total)),
  };
}

/** A verification as it goes (the bar) and once it ended (the verdict and its figures). */
export function RunPage(p: { run: VerificationRun; canAct: boolean; url: string; figures: ProgressFigures }) {
  const { t, portals } = useCtx();
  const m = t.archive;
  const n = useNumber();
  const r = p.run;
  const running = r.status === "running";
  const title = running ? m.runningTitle : m.runTitle;
  const scope = r.portalId ? (portals.find((x) => x.id === r.portalId)?.name ?? r.portalId) : m.scopeAll;
  return (
    <Shell title={title} tab="verify" canAct={p.canAct} islands={running ? ["progress"] : []}>
      <h2 class="heading-l">{title}</h2>
      {running ? (
        <RunProgress
          url={p.url}
          label={m.progressLabel}
          refresh={m.refresh}
          refreshHint={m.refreshHint}
          figures={p.figures}
        />
      ) : r.status === "ok" ? (
        <Notice kind="success">{m.ok(n(r.checked))}</Notice>
      ) : r.status === "broken" ? (
        <Notice kind="error">{m.broken(n(r.problems))}</Notice>
      ) : (
        <Notice kind="warning">{m.failed}</Notice>
      )}
      <SummaryList
        rows={[
          [m.rScope, scope],
          [m.rStartedBy, r.startedBy.username],
          [m.rStartedAt, <DateTime value={r.startedAt} />],
          ...(r.finishedAt
            ? ([[m.rFinishedAt, <DateTime value={r.finishedAt} />]] as [string, ComponentChildren][])
            : []),
          [m.rChecked, `${n(r.checked)}/${n(r.total)}`],
          ...(running ? [] : ([[m.rProblems, n(r.problems)]] as [string, string][])),
          [
            m.rMedia,
            r.mediaMissing ? (
              <>
                {m.rMediaCount(n(r.mediaChecked))}
                <span class="hint">{m.rMediaMissing(n(r.mediaMissing))}</span>
              </>
            ) : (
              m.rMediaCount(n(r.mediaChecked))
            ),
          ],
        ]}
      />
      {r.firstBreak ? (
        <Section id="first-break-title" title={m.rFirstBreak} size="m">
          <SummaryList
            rows={[
              [m.rKind, m.problemKinds[r.firstBreak.kind] ?? m.rFirstBreak],
              [
                m.rEntry(n(r.firstBreak.seq)),
                r.firstBreak.key ? <code class="host">{r.firstBreak.key}</code> : "—",
              ],
            ]}
          />
        </Section>
      ) : null}
      {r.error ? (
        <details class="details">
          <summary class="details__summary">{m.rTechnical}</summary>
          <p>
            <code class="host">{r.error}</code>
          </p>
        </details>
      ) : null}
      <p class="section">
        {running ? null : p.canAct ? (
          <a class="button button--secondary" href={`${ARCHIVE}/verify`}>
            {m.verifyAgain}
          </a>
        ) : (
          <a href={`${ARCHIVE}/verify`}>{m.toVerify}</a>
        )}
      </p>
    </Shell>
  );
}
