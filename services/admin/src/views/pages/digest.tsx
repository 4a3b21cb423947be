// The daily digest mail as its recipient will read it (R-BOARD): the header of the mail, the
// escalation for the board head, the revisions waiting for review and the feedback due or
// overdue — each with a link to where the work is done — and the mail's plain text; a sentence
// when there is nothing, for then no mail is sent. R-PII: feedback by reference and due date only.
import { DateTime, LinkButton, Notice, SummaryList } from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";

/** content's GET /portals/{id}/digest/preview */
export interface DigestPreview {
  portalId: string;
  /** dd/MM/yyyy, Vietnam time */
  date: string;
  generatedAt: string;
  to: string | null;
  escalation: boolean;
  empty: boolean;
  reviews: { itemId: string; title: string; submittedAt: string | null; dueBy: string | null }[];
  feedbackDue: {
    feedbackId: string;
    kind: "feedback" | "question";
    dueAt: string;
    overdue: boolean;
    workingDaysOverdue: number;
  }[];
  overdueCount: number;
  subject: string;
  text: string;
}

/** at most this many lines per part (content's DIGEST_LIMIT) */
const LIMIT = 50;

export function DigestPage({ digest: d }: { digest: DigestPreview }) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}`;
  return (
    <Layout title={t.digest.title}>
      <h1 class="heading-xl">{t.digest.title}</h1>
      <p class="lead">{t.digest.intro}</p>
      <SummaryList
        rows={[
          [t.digest.to, d.to ?? t.digest.noAddress],
          [t.digest.date, d.date],
          [t.digest.subject, <strong key="s">{d.subject}</strong>],
          [t.digest.generatedAt, <DateTime key="g" value={d.generatedAt} />],
        ]}
      />
      {d.empty ? (
        <Notice kind="success">{t.digest.empty}</Notice>
      ) : (
        <>
          {d.escalation ? (
            <div class="notice notice--warning" role="status">
              <h2 class="heading-m">{t.digest.escalationTitle}</h2>
              <p>{t.digest.escalation(d.overdueCount)}</p>
              <p>
                <a href={`${base}/feedback?overdue=true`}>{t.digest.overdueInbox}</a>
              </p>
            </div>
          ) : null}
          <h2 class="heading-m">{t.digest.reviewsTitle(d.reviews.length)}</h2>
          {d.reviews.length ? (
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t.digest.colTitle}</th>
                    <th scope="col">{t.digest.colSubmitted}</th>
                    <th scope="col">{t.digest.colDueBy}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.reviews.map((r) => (
                    <tr key={r.itemId}>
                      <td data-label={t.digest.colTitle}>
                        <a href={`${base}/items/${r.itemId}/review`}>{r.title || t.digest.untitled}</a>
                      </td>
                      <td data-label={t.digest.colSubmitted}>
                        <DateTime value={r.submittedAt} />
                      </td>
                      <td data-label={t.digest.colDueBy}>
                        {r.dueBy ? <DateTime value={r.dueBy} /> : t.digest.noDeadline}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t.digest.reviewsNone}</p>
          )}
          <p>
            <LinkButton href={`${base}/items?state=submitted&sort=due`}>{t.digest.queue}</LinkButton>
          </p>
          <h2 class="heading-m">{t.digest.feedbackTitle(d.feedbackDue.length)}</h2>
          <p class="hint">{t.digest.feedbackHint}</p>
          {d.feedbackDue.length ? (
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t.digest.colRef}</th>
                    <th scope="col">{t.digest.colKind}</th>
                    <th scope="col">{t.digest.colDue}</th>
                    <th scope="col">{t.digest.colStatus}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.feedbackDue.map((f) => (
                    <tr key={f.feedbackId}>
                      <td data-label={t.digest.colRef}>
                        <a href={`${base}/feedback/${f.feedbackId}`}>{f.feedbackId}</a>
                      </td>
                      <td data-label={t.digest.colKind}>
                        {f.kind === "question" ? t.digest.question : t.digest.feedback}
                      </td>
                      <td data-label={t.digest.colDue}>
                        <DateTime value={f.dueAt} />
                      </td>
                      <td data-label={t.digest.colStatus}>
                        {f.overdue ? (
                          <strong class="tag tag--red">{t.digest.overdue(f.workingDaysOverdue)}</strong>
                        ) : (
                          <strong class="tag tag--orange">{t.digest.dueSoon}</strong>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t.digest.feedbackNone}</p>
          )}
          <p>
            <LinkButton href={`${base}/feedback`}>{t.digest.inbox}</LinkButton>
          </p>
          {d.reviews.length >= LIMIT || d.feedbackDue.length >= LIMIT ? (
            <p class="hint">{t.digest.limitNote}</p>
          ) : null}
          <details class="details">
            <summary class="details__summary">{t.digest.textTitle}</summary>
            <pre class="mail-text">{d.text}</pre>
          </details>
        </>
      )}
    </Layout>
  );
}
