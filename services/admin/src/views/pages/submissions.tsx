// Submissions by file (R-SUBMIT): a .docx or .pdf received by the board's mailbox is uploaded,
// content extracts its text into a draft; the person sees the text and opens the draft.
import type { Category } from "../../api/types";
import {
  Breadcrumbs,
  Button,
  ErrorSummary,
  type FormErrors,
  LinkButton,
  Select,
  SummaryList,
  TextInput,
} from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";

export const SUBMISSION_KINDS = ["article", "announcement", "legal-document", "draft-for-comment"];

export function SubmissionUploadPage(p: { categories: Category[]; errors: FormErrors }) {
  const { t, portal, csrf } = useCtx();
  return (
    <Layout title={t.submissions.title}>
      <ErrorSummary errors={p.errors} />
      <h1 class="heading-xl">{t.submissions.title}</h1>
      <p class="lead">{t.submissions.intro}</p>
      {/* multipart bodies stream through unread: the CSRF token rides in the action */}
      <form
        method="post"
        action={`/p/${portal?.id}/submissions?_csrf=${csrf}`}
        enctype="multipart/form-data"
        novalidate
      >
        <div class={`field${p.errors.file ? " field--error" : ""}`}>
          <label class="label" for="file">
            {t.submissions.file}
          </label>
          <div class="hint" id="file-hint">
            {t.submissions.fileHint}
          </div>
          {p.errors.file ? (
            <p class="error-message" id="file-error">
              {p.errors.file}
            </p>
          ) : null}
          <input
            class="file-input"
            id="file"
            name="file"
            type="file"
            accept=".docx,.pdf,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            aria-describedby={p.errors.file ? "file-hint file-error" : "file-hint"}
          />
        </div>
        <TextInput
          id="title"
          name="title"
          label={t.submissions.fTitle}
          hint={t.submissions.fTitleHint}
          maxLength={500}
        />
        <Select
          id="kind"
          name="kind"
          label={t.submissions.fKind}
          options={SUBMISSION_KINDS.map((k) => ({ value: k, label: t.kinds[k] ?? k }))}
        />
        <Select
          id="categoryId"
          name="categoryId"
          label={t.submissions.fCategory}
          options={[
            { value: "", label: t.submissions.noCategory },
            ...p.categories.map((c) => ({ value: c.categoryId, label: c.name.vi })),
          ]}
        />
        <Button>{t.submissions.upload}</Button>
      </form>
    </Layout>
  );
}

export function SubmissionResultPage(p: {
  itemId: string;
  title: string;
  text: string;
  source?: { fileId: string; filename: string; contentType: string; size: number } | undefined;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}`;
  return (
    <Layout title={t.submissions.resultTitle}>
      <Breadcrumbs
        items={[{ href: `${base}/submissions`, label: t.submissions.title }, { label: p.title }]}
      />
      <h1 class="heading-xl">{p.title}</h1>
      {p.source ? (
        <SummaryList
          rows={[
            [
              t.submissions.source,
              <>
                {p.source.filename}{" "}
                <a href={`${base}/submissions/${p.itemId}/file`}>{t.submissions.download}</a>
              </>,
            ],
          ]}
        />
      ) : null}
      <section class="section" aria-labelledby="extracted">
        <h2 class="heading-m" id="extracted">
          {t.submissions.extracted}
        </h2>
        <div class="quote">
          {p.text.split(/\n+/).map((x, i) => (
            <p key={i}>{x}</p>
          ))}
        </div>
      </section>
      <div class="button-group">
        <LinkButton href={`${base}/items/${p.itemId}/edit`} kind="primary">
          {t.submissions.openDraft}
        </LinkButton>
        <LinkButton href={`${base}/submissions`}>{t.submissions.another}</LinkButton>
      </div>
    </Layout>
  );
}
