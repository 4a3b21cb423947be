// Royalties (R-ROYALTY, R-OFFICE): per month, the published works, their contributors and the
// amounts content computed by kind of work; the statement as CSV.
import { Button, DateTime, ErrorSummary, LinkButton, Notice, TextInput } from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";

export interface RoyaltyEntry {
  _id: string;
  itemId: string;
  kind: string;
  title: string;
  contributor: { name: string; role?: string };
  amount: number;
  publishedAt: string;
}

/** 1234567 → "1.234.567" (Vietnamese thousands separator). */
export const vnd = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");

export function RoyaltiesPage(p: {
  /** MM/yyyy as typed */
  periodInput: string;
  /** yyyy-MM, when valid */
  period?: string | undefined;
  entries: RoyaltyEntry[];
  total: number;
  error?: string | undefined;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/royalties`;
  return (
    <Layout title={t.royalties.title}>
      <ErrorSummary errors={p.error ? { period: p.error } : {}} />
      <h1 class="heading-xl">{t.royalties.title}</h1>
      <p class="lead">{t.royalties.intro}</p>
      <form method="get" action={base} class="filters">
        <TextInput
          id="period"
          name="period"
          label={t.royalties.period}
          hint={t.royalties.periodHint}
          value={p.periodInput}
          error={p.error}
          class="input input--date"
        />
        <Button kind="secondary">{t.royalties.show}</Button>
      </form>
      {/* GAP (issue 18): content has no proposed amounts or approval of royalties */}
      <p class="hint">{t.royalties.approvalGap}</p>
      {p.period && !p.error ? (
        p.entries.length ? (
          <>
            <div class="table-wrap">
              <table class="table">
                <caption class="heading-s">{t.royalties.caption(p.periodInput)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.royalties.colWork}</th>
                    <th scope="col">{t.royalties.colKind}</th>
                    <th scope="col">{t.royalties.colContributor}</th>
                    <th scope="col">{t.royalties.colPublished}</th>
                    <th scope="col" class="num">
                      {t.royalties.colAmount}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.entries.map((e) => (
                    <tr key={e._id}>
                      <td data-label={t.royalties.colWork}>
                        <a href={`/p/${portal?.id}/items/${e.itemId}`}>{e.title || e.itemId}</a>
                      </td>
                      <td data-label={t.royalties.colKind}>{t.kinds[e.kind] ?? e.kind}</td>
                      <td data-label={t.royalties.colContributor}>
                        {e.contributor.name}
                        {e.contributor.role ? <span class="hint block">{e.contributor.role}</span> : null}
                      </td>
                      <td data-label={t.royalties.colPublished}>
                        <DateTime value={e.publishedAt} />
                      </td>
                      <td data-label={t.royalties.colAmount} class="num">
                        {vnd(e.amount)}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={4}>
                      {t.royalties.total}
                    </th>
                    <td class="num">
                      <strong>{vnd(p.total)}</strong>
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
            <p>
              <LinkButton href={`${base}/statement.csv?period=${p.period}`} kind="primary">
                {t.royalties.download}
              </LinkButton>
            </p>
          </>
        ) : (
          <Notice kind="info">{t.royalties.none}</Notice>
        )
      ) : null}
    </Layout>
  );
}
