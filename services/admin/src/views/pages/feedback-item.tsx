// One citizen's feedback (R-FEEDBACK, R-BOARD, R-PII): what was asked, its due date, who it is
// assigned to, the answer (mailed to the citizen who consented, optionally a Q&A entry). The
// sender's personal data is shown only when content returns it (content decides who may see it).
import { formatDateTime } from "../../i18n";
import {
  Breadcrumbs,
  Button,
  Checkbox,
  Csrf,
  DateTime,
  ErrorSummary,
  type FormErrors,
  Notice,
  Select,
  SummaryList,
  TextArea,
  TextInput,
} from "../components";
import { BOARD, holds, useCtx } from "../context";
import { Layout } from "../layout";
import { assigneeText, type FeedbackView, StatusTag, who } from "./feedback";

export interface OfficerChoice {
  userId: string;
  username: string;
  name: string;
}

export interface FeedbackFormValues {
  officer?: string;
  agency?: string;
  note?: string;
  answer?: string;
  publishAsQa?: boolean;
  publicQuestion?: string;
  qaTitle?: string;
}

export function FeedbackPage(p: {
  f: FeedbackView;
  /** the portal's focal officers, or null when identity could not be asked */
  officers: OfficerChoice[] | null;
  errors: FormErrors;
  refusal?: string | undefined;
  values: FeedbackFormValues;
  /** which form the errors belong to */
  form?: "assign" | "answer";
}) {
  const ctx = useCtx();
  const { t, portal, user } = ctx;
  const { f } = p;
  const base = `/p/${portal?.id}/feedback`;
  const board = holds(ctx, ...BOARD);
  const focal = holds(ctx, "focal-officer");
  const open = f.status !== "answered";
  const c = f.contact;
  const errorsOf = (form: "assign" | "answer") => (p.form === form ? p.errors : {});
  const title = f.subject ?? t.feedback.detailTitle;
  return (
    <Layout title={title}>
      <Breadcrumbs items={[{ href: base, label: t.feedback.title }, { label: title }]} />
      <ErrorSummary errors={p.errors} extra={p.refusal ? [p.refusal] : []} />
      <h1 class="heading-xl">{title}</h1>
      <SummaryList
        rows={[
          [t.feedback.kind, t.feedback.kinds[f.kind] ?? f.kind],
          [t.feedback.status, <StatusTag key="s" f={f} />],
          [t.feedback.received, <DateTime key="r" value={f.receivedAt} />],
          [
            t.feedback.due,
            <>
              <DateTime value={f.dueAt} /> <span class="hint">({t.feedback.dueRule})</span>
            </>,
          ],
          ...(f.assignee
            ? [
                [
                  t.feedback.assignee,
                  <>
                    {assigneeText(f)}
                    <span class="hint block">
                      {t.feedback.assignedAt(
                        formatDateTime(f.assignee.assignedAt),
                        who(f.assignee.assignedBy),
                      )}
                    </span>
                  </>,
                ] as [string, preact.ComponentChildren],
              ]
            : []),
        ]}
      />
      <section class="section" aria-labelledby="fb-message">
        <h2 class="heading-m" id="fb-message">
          {t.feedback.message}
        </h2>
        <div class="prose">
          {f.message.split(/\n{2,}/).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </div>
      </section>
      <section class="section" aria-labelledby="fb-contact">
        <h2 class="heading-m" id="fb-contact">
          {t.feedback.contact}
        </h2>
        {c && (c.fullName || c.email || c.phone) ? (
          <>
            <p class="hint">{t.feedback.contactNote}</p>
            <SummaryList
              rows={[
                ...(c.fullName ? [[t.feedback.fullName, c.fullName] as [string, string]] : []),
                ...(c.email ? [[t.feedback.email, c.email] as [string, string]] : []),
                ...(c.phone ? [[t.feedback.phone, c.phone] as [string, string]] : []),
              ]}
            />
          </>
        ) : (
          <p class="hint">{t.feedback.noContact}</p>
        )}
      </section>
      {f.answer ? (
        <section class="section" aria-labelledby="fb-answer">
          <h2 class="heading-m" id="fb-answer">
            {t.feedback.answer}
          </h2>
          <p class="hint">
            {t.feedback.answeredAt(
              formatDateTime(f.answer.answeredAt),
              who(f.answer.answeredBy),
              f.answer.workingDaysTaken,
            )}
          </p>
          <div class="prose">
            {f.answer.text.split(/\n{2,}/).map((para, i) => (
              <p key={i}>{para}</p>
            ))}
          </div>
          {f.answer.publishedAsQaItemId ? (
            <p>
              {t.feedback.qaItem}:{" "}
              <a href={`/p/${portal?.id}/items/${f.answer.publishedAsQaItemId}`}>
                {f.answer.publishedAsQaItemId}
              </a>
            </p>
          ) : null}
        </section>
      ) : null}
      {open && (board || focal) ? (
        <section class="section" aria-labelledby="fb-assign">
          <h2 class="heading-m" id="fb-assign">
            {t.feedback.assignTitle}
          </h2>
          <form method="post" action={`${base}/${f.feedbackId}/assign`} novalidate>
            <Csrf />
            {p.officers === null ? (
              <Notice kind="info">{t.feedback.membersUnavailable}</Notice>
            ) : p.officers.length ? (
              <Select
                id="officer"
                name="officer"
                label={t.feedback.assignOfficer}
                hint={t.feedback.assignOfficerHint}
                value={p.values.officer ?? f.assignee?.userId ?? ""}
                error={errorsOf("assign").officer}
                options={[
                  { value: "", label: t.feedback.assignOfficerNone },
                  ...p.officers.map((o) => ({
                    value: o.userId,
                    label: o.name && o.name !== o.username ? `${o.name} (${o.username})` : o.username,
                  })),
                ]}
              />
            ) : null}
            {focal && user && p.officers === null ? (
              <Checkbox
                id="officer-me"
                name="officer"
                value="me"
                label={t.feedback.assignMe}
                checked={p.values.officer === "me"}
              />
            ) : null}
            <TextInput
              id="agency"
              name="agency"
              label={t.feedback.assignAgency}
              hint={t.feedback.assignAgencyHint}
              value={p.values.agency ?? f.assignee?.agency ?? ""}
              error={errorsOf("assign").agency}
              maxLength={200}
            />
            <TextArea
              id="note"
              name="note"
              label={t.feedback.assignNote}
              value={p.values.note ?? ""}
              error={errorsOf("assign").note}
              rows={3}
              maxLength={1000}
            />
            <Button kind="secondary" id="assign-button">
              {t.feedback.assignButton}
            </Button>
          </form>
        </section>
      ) : null}
      {open && (board || focal) ? (
        <section class="section" aria-labelledby="fb-answer-form">
          <h2 class="heading-m" id="fb-answer-form">
            {t.feedback.answerTitle}
          </h2>
          {focal ? (
            <form method="post" action={`${base}/${f.feedbackId}/answer`} novalidate>
              <Csrf />
              <TextArea
                id="answer"
                name="answer"
                label={t.feedback.answerLabel}
                hint={t.feedback.answerHint}
                value={p.values.answer ?? ""}
                error={errorsOf("answer").answer}
                rows={8}
                maxLength={20000}
              />
              {f.kind === "question" ? (
                <>
                  <div
                    class={`field${errorsOf("answer").publishAsQa ? " field--error" : ""}`}
                    id="publishAsQa"
                  >
                    {errorsOf("answer").publishAsQa ? (
                      <p class="error-message">{errorsOf("answer").publishAsQa}</p>
                    ) : null}
                    <Checkbox
                      id="publishAsQa-box"
                      name="publishAsQa"
                      value="true"
                      label={t.feedback.publishAsQa}
                      checked={!!p.values.publishAsQa}
                    />
                  </div>
                  <TextArea
                    id="publicQuestion"
                    name="publicQuestion"
                    label={t.feedback.publicQuestion}
                    hint={t.feedback.publicQuestionHint}
                    value={p.values.publicQuestion ?? ""}
                    error={errorsOf("answer").publicQuestion}
                    rows={4}
                    maxLength={5000}
                  />
                  <TextInput
                    id="qaTitle"
                    name="qaTitle"
                    label={t.feedback.qaTitle}
                    value={p.values.qaTitle ?? ""}
                    error={errorsOf("answer").qaTitle}
                    maxLength={300}
                  />
                </>
              ) : null}
              <Button id="answer-button">{t.feedback.answerButton}</Button>
            </form>
          ) : (
            <p class="hint">{t.feedback.answerOnlyFocal}</p>
          )}
        </section>
      ) : null}
      {f.history?.length ? (
        <section class="section" aria-labelledby="fb-history">
          <h2 class="heading-m" id="fb-history">
            {t.feedback.history}
          </h2>
          <ul class="list">
            {f.history.map((h, i) => (
              <li key={i}>
                <DateTime value={h.at} /> — {t.feedback.actions[h.action] ?? h.action} — {who(h.by)}
                {h.note ? <span class="hint block">{h.note}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <a href={base}>{t.feedback.back}</a>
      </p>
    </Layout>
  );
}
