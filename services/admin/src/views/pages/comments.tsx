// Reader comments (R-MODERATE, R-AGENCY): held until approved; approve or reject; the agency's
// reply. Public consultation on draft documents (R-CONTENT): the drafts, the comments each one
// received, and the summary the drafting agency downloads (CSV from content).
import { formatDateTime } from "../../i18n";
import { Breadcrumbs, Button, Csrf, DateTime, LinkButton, Notice, TextArea } from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";

interface Actor {
  id: string;
  username: string;
  name?: string;
}

export interface CommentView {
  commentId: string;
  portalId: string;
  itemId: string;
  kind: "reader" | "draft";
  status: "held" | "approved" | "rejected";
  text: string;
  contact?: { fullName?: string; organization?: string; email?: string };
  createdAt: string;
  moderatedAt?: string;
  moderatedBy?: Actor;
  reply?: { text: string; at: string; by: Actor };
}

const who = (a: Actor | undefined) => (a ? (a.name ?? a.username) : "");
const TAG: Record<string, string> = { held: "blue", approved: "green", rejected: "red" };

export function CommentsPage(p: {
  rows: CommentView[];
  status: string;
  titles: Record<string, string>;
  nextHref?: string | undefined;
  firstHref?: string | undefined;
  /** the comment whose reply form has an error, and the message */
  replyError?: { commentId: string; message: string; text: string } | undefined;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}`;
  return (
    <Layout title={t.comments.title}>
      <h1 class="heading-xl">{t.comments.title}</h1>
      <p class="lead">{t.comments.intro}</p>
      <nav aria-label={t.comments.tabs} class="tabs">
        <ul class="tabs__list">
          {["held", "approved", "rejected"].map((s) => (
            <li key={s}>
              <a
                class="tabs__tab"
                href={`${base}/comments?status=${s}`}
                aria-current={p.status === s ? "page" : undefined}
              >
                {t.comments.statuses[s]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.rows.length ? (
        <ul class="cards">
          {p.rows.map((c) => {
            const err = p.replyError?.commentId === c.commentId ? p.replyError : undefined;
            const fid = `reply-${c.commentId}`;
            return (
              <li class="card" key={c.commentId}>
                <h2 class="heading-s">
                  {t.comments.on}: <a href={`${base}/items/${c.itemId}`}>{p.titles[c.itemId] ?? c.itemId}</a>
                </h2>
                <p class="hint">
                  <strong class={`tag tag--${TAG[c.status] ?? "grey"}`}>
                    {t.comments.statuses[c.status]}
                  </strong>{" "}
                  {t.comments.kinds[c.kind]} — {t.comments.at} <DateTime value={c.createdAt} />
                </p>
                <blockquote class="quote">
                  {c.text.split(/\n+/).map((x, i) => (
                    <p key={i}>{x}</p>
                  ))}
                </blockquote>
                {c.moderatedAt ? (
                  <p class="hint">
                    {t.comments.moderatedBy(formatDateTime(c.moderatedAt), who(c.moderatedBy))}
                  </p>
                ) : null}
                {c.reply ? (
                  <div class="reply">
                    <h3 class="heading-s">{t.comments.reply}</h3>
                    <p>{c.reply.text}</p>
                    <p class="hint">{t.comments.repliedBy(formatDateTime(c.reply.at), who(c.reply.by))}</p>
                  </div>
                ) : null}
                {c.status === "held" ? (
                  <form
                    method="post"
                    action={`${base}/comments/${c.commentId}/moderate`}
                    class="button-group"
                  >
                    <Csrf />
                    <Button name="decision" value="approve">
                      {t.comments.approve}
                    </Button>
                    <Button name="decision" value="reject" kind="warning">
                      {t.comments.reject}
                    </Button>
                  </form>
                ) : null}
                {c.kind === "reader" && !c.reply ? (
                  <form method="post" action={`${base}/comments/${c.commentId}/reply`} novalidate>
                    <Csrf />
                    <input type="hidden" name="status" value={p.status} />
                    <TextArea
                      id={fid}
                      name="text"
                      label={t.comments.replyLabel}
                      hint={t.comments.replyHint}
                      value={err?.text ?? ""}
                      error={err?.message}
                      rows={3}
                      maxLength={5000}
                    />
                    <Button kind="secondary">{t.comments.replyButton}</Button>
                  </form>
                ) : null}
                {c.kind === "draft" ? (
                  <p>
                    <a href={`${base}/consultations/${c.itemId}`}>{t.comments.consultation}</a>
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <Notice kind="info">{t.comments.none}</Notice>
      )}
      <nav class="pagination" aria-label={t.comments.next}>
        {p.firstHref ? <a href={p.firstHref}>{t.comments.first}</a> : null}
        {p.nextHref ? (
          <a href={p.nextHref} rel="next">
            {t.comments.next}
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}

export interface DraftRow {
  itemId: string;
  title: string;
  state: string;
  comment?: { opensAt: string; closesAt: string } | undefined;
}

function WindowState({ w }: { w: DraftRow["comment"] }) {
  const { t } = useCtx();
  if (!w) return <span class="hint">{t.consultations.noWindow}</span>;
  const now = Date.now();
  const [label, tag] =
    now < new Date(w.opensAt).getTime()
      ? [t.consultations.notOpen, "blue"]
      : now > new Date(w.closesAt).getTime()
        ? [t.consultations.closed, "grey"]
        : [t.consultations.open, "green"];
  return <strong class={`tag tag--${tag}`}>{label}</strong>;
}

/** True once the comment window has closed (the PDF summary exists from then on). */
export function windowClosed(w: DraftRow["comment"], now = Date.now()): boolean {
  return !!w && now > new Date(w.closesAt).getTime();
}

function windowText(t: ReturnType<typeof useCtx>["t"], w: DraftRow["comment"]): string {
  return w ? t.consultations.window(formatDateTime(w.opensAt), formatDateTime(w.closesAt)) : "";
}

export function ConsultationsPage({ rows }: { rows: DraftRow[] }) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/consultations`;
  return (
    <Layout title={t.consultations.title}>
      <h1 class="heading-xl">{t.consultations.title}</h1>
      <p class="lead">{t.consultations.intro}</p>
      {rows.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t.consultations.colTitle}</th>
                <th scope="col">{t.consultations.colWindow}</th>
                <th scope="col">{t.consultations.colState}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.itemId}>
                  <td data-label={t.consultations.colTitle}>
                    <a href={`${base}/${r.itemId}`}>{r.title}</a>
                  </td>
                  <td data-label={t.consultations.colWindow}>{windowText(t, r.comment) || "—"}</td>
                  <td data-label={t.consultations.colState}>
                    <WindowState w={r.comment} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Notice kind="info">{t.consultations.none}</Notice>
      )}
    </Layout>
  );
}

export function ConsultationPage({ draft, comments }: { draft: DraftRow; comments: CommentView[] }) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}`;
  return (
    <Layout title={`${t.consultations.detailTitle}: ${draft.title}`}>
      <Breadcrumbs
        items={[{ href: `${base}/consultations`, label: t.consultations.title }, { label: draft.title }]}
      />
      <h1 class="heading-xl">{draft.title}</h1>
      <p>
        <WindowState w={draft.comment} /> {windowText(t, draft.comment)}
      </p>
      <p>
        <a href={`${base}/items/${draft.itemId}`}>{t.consultations.openItem}</a>
      </p>
      <div class="section">
        <LinkButton href={`${base}/consultations/${draft.itemId}/summary.csv`} kind="primary">
          {t.consultations.download}
        </LinkButton>
        <p class="hint">{t.consultations.downloadHint}</p>
        {windowClosed(draft.comment) ? (
          <p>
            <LinkButton href={`${base}/consultations/${draft.itemId}/summary.pdf`} kind="secondary">
              {t.consultations.downloadPdf}
            </LinkButton>
          </p>
        ) : (
          <p class="hint">{t.consultations.pdfWhenClosed}</p>
        )}
      </div>
      <section class="section" aria-labelledby="received">
        <h2 class="heading-m" id="received">
          {t.consultations.received} <span class="count">({comments.length})</span>
        </h2>
        {comments.length ? (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t.consultations.colAt}</th>
                  <th scope="col">{t.consultations.colWho}</th>
                  <th scope="col">{t.consultations.colText}</th>
                </tr>
              </thead>
              <tbody>
                {comments.map((c) => {
                  const from = [c.contact?.fullName, c.contact?.organization].filter(Boolean).join(", ");
                  return (
                    <tr key={c.commentId}>
                      <td data-label={t.consultations.colAt}>
                        <DateTime value={c.createdAt} />
                      </td>
                      <td data-label={t.consultations.colWho}>
                        {from || <span class="hint">{t.consultations.anonymous}</span>}
                      </td>
                      <td data-label={t.consultations.colText}>{c.text}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="hint">{t.consultations.noComments}</p>
        )}
      </section>
      <p>
        <a href={`${base}/consultations`}>{t.consultations.back}</a>
      </p>
    </Layout>
  );
}
