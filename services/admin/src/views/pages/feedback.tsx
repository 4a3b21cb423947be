import { Button, Checkbox, DateTime, Notice, Select } from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";

export interface FeedbackActor {
  id: string;
  username: string;
  name?: string;
}

export interface FeedbackView {
  feedbackId: string;
  portalId: string;
  kind: "feedback" | "question";
  status: "received" | "assigned" | "answered";
  contact?: { fullName?: string; email?: string; phone?: string };
  subject?: string;
  message: string;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  /** only on content's overdue list */
  workingDaysOverdue?: number;
  assignee?: {
    agency?: string;
    userId?: string;
    username?: string;
    assignedAt: string;
    assignedBy: FeedbackActor;
  };
  answer?: {
    text: string;
    answeredAt: string;
    answeredBy: FeedbackActor;
    workingDaysTaken: number;
    publishedAsQaItemId: string | null;
  };
  history?: { at: string; by: FeedbackActor; action: string; note?: string }[];
}

export interface FeedbackFilters {
  status?: string | undefined;
  overdue?: boolean;
}

const STATUS_TAG: Record<string, string> = { received: "blue", assigned: "turquoise", answered: "green" };

export function StatusTag({ f }: { f: FeedbackView }) {
  const { t } = useCtx();
  return (
    <>
      <strong class={`tag tag--${STATUS_TAG[f.status] ?? "grey"}`}>
        {t.feedback.statuses[f.status] ?? f.status}
      </strong>
      {f.overdue ? <strong class="tag tag--red tag--overdue">{t.feedback.overdue}</strong> : null}
    </>
  );
}

export const who = (a: FeedbackActor | undefined) => (a ? (a.name ?? a.username) : "");

export function assigneeText(f: FeedbackView): string {
  const a = f.assignee;
  if (!a) return "";
  return [a.username, a.agency].filter(Boolean).join(" — ");
}

export function FeedbackListPage(p: {
  rows: FeedbackView[];
  filters: FeedbackFilters;
  overdueCount: number;
  overdueDays: Record<string, number>;
  nextHref?: string | undefined;
  firstHref?: string | undefined;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/feedback`;
  const statuses = ["received", "assigned", "answered"];
  return (
    <Layout title={t.feedback.title}>
      <h1 class="heading-xl">{t.feedback.title}</h1>
      <p class="lead">{t.feedback.intro}</p>
      {p.overdueCount ? (
        <Notice kind="warning">
          <a href={`${base}?overdue=true`}>{t.feedback.overdueCount(p.overdueCount)}</a>
        </Notice>
      ) : null}
      <form method="get" action={base} class="filters">
        <fieldset class="fieldset">
          <legend class="fieldset__legend">{t.feedback.filterLegend}</legend>
          <Select
            id="status"
            name="status"
            label={t.feedback.filterStatus}
            value={p.filters.status ?? ""}
            options={[
              { value: "", label: t.feedback.filterAll },
              ...statuses.map((s) => ({ value: s, label: t.feedback.statuses[s] ?? s })),
            ]}
          />
          <Checkbox
            id="overdue"
            name="overdue"
            value="true"
            label={t.feedback.filterOverdue}
            checked={!!p.filters.overdue}
          />
          <Button kind="secondary">{t.feedback.filter}</Button>
        </fieldset>
      </form>
      {p.rows.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t.feedback.colSubject}</th>
                <th scope="col">{t.feedback.colKind}</th>
                <th scope="col">{t.feedback.colStatus}</th>
                <th scope="col">{t.feedback.colReceived}</th>
                <th scope="col">{t.feedback.colDue}</th>
                <th scope="col">{t.feedback.colAssignee}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((f) => {
                const days = f.workingDaysOverdue ?? p.overdueDays[f.feedbackId];
                return (
                  <tr key={f.feedbackId}>
                    <td data-label={t.feedback.colSubject}>
                      <a href={`${base}/${f.feedbackId}`}>{f.subject ?? excerpt(f.message)}</a>
                    </td>
                    <td data-label={t.feedback.colKind}>{t.feedback.kinds[f.kind] ?? f.kind}</td>
                    <td data-label={t.feedback.colStatus}>
                      <StatusTag f={f} />
                    </td>
                    <td data-label={t.feedback.colReceived}>
                      <DateTime value={f.receivedAt} />
                    </td>
                    <td data-label={t.feedback.colDue}>
                      <DateTime value={f.dueAt} />
                      {f.overdue && days !== undefined ? (
                        <span class="hint block">{t.feedback.overdueBy(days)}</span>
                      ) : null}
                    </td>
                    <td data-label={t.feedback.colAssignee}>
                      {f.assignee ? assigneeText(f) : <span class="hint">{t.feedback.notAssigned}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <Notice kind="info">{t.feedback.none}</Notice>
      )}
      <nav class="pagination" aria-label={t.feedback.next}>
        {p.firstHref ? <a href={p.firstHref}>{t.feedback.first}</a> : null}
        {p.nextHref ? (
          <a href={p.nextHref} rel="next">
            {t.feedback.next}
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}

export function excerpt(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > 90 ? `${one.slice(0, 89)}…` : one;
}
