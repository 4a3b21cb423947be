// Ad slots (R-ADS): the portal's banners with their run in Vietnam time; create, change the
// schedule, stop now, delete. Content never serves an ad on a legal-document page; the screen
// says so.
import { formatDateTime } from "../../i18n";
import {
  Breadcrumbs,
  Button,
  Csrf,
  ErrorSummary,
  type FormErrors,
  LinkButton,
  Notice,
  Select,
  TextInput,
} from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";

export interface AdView {
  adId: string;
  title: string;
  imageUrl: string;
  linkUrl: string;
  placement: string;
  startsAt: string;
  endsAt: string;
}

export interface AdFormValues {
  title: string;
  imageUrl: string;
  linkUrl: string;
  placement: string;
  startsAt: string;
  endsAt: string;
}

export const PLACEMENTS = ["sidebar", "home-top"];

export function adState(a: AdView, now = Date.now()): "scheduled" | "running" | "ended" {
  if (now < new Date(a.startsAt).getTime()) return "scheduled";
  return now < new Date(a.endsAt).getTime() ? "running" : "ended";
}

const STATE_TAG = { scheduled: "blue", running: "green", ended: "grey" };

export function AdsPage({ ads }: { ads: AdView[] }) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/ads`;
  return (
    <Layout title={t.ads.title}>
      <div class="page-head">
        <div>
          <h1 class="heading-xl">{t.ads.title}</h1>
          <p class="lead">{t.ads.intro}</p>
        </div>
        <LinkButton href={`${base}/new`} kind="primary">
          {t.ads.create}
        </LinkButton>
      </div>
      <Notice kind="info">{t.ads.legalRule}</Notice>
      {ads.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t.ads.colTitle}</th>
                <th scope="col">{t.ads.colPlacement}</th>
                <th scope="col">{t.ads.colWindow}</th>
                <th scope="col">{t.ads.colState}</th>
                <th scope="col">{t.ads.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {ads.map((a) => {
                const st = adState(a);
                return (
                  <tr key={a.adId}>
                    <td data-label={t.ads.colTitle}>
                      {a.title}
                      <span class="hint block">{a.linkUrl}</span>
                    </td>
                    <td data-label={t.ads.colPlacement}>{t.ads.placements[a.placement] ?? a.placement}</td>
                    <td data-label={t.ads.colWindow}>
                      {t.ads.window(formatDateTime(a.startsAt), formatDateTime(a.endsAt))}
                    </td>
                    <td data-label={t.ads.colState}>
                      <strong class={`tag tag--${STATE_TAG[st]}`}>{t.ads.states[st]}</strong>
                    </td>
                    <td data-label={t.ads.colActions}>
                      <a href={`${base}/${a.adId}`}>
                        {t.ads.edit}
                        <span class="visually-hidden"> {a.title}</span>
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="hint">{t.ads.none}</p>
      )}
    </Layout>
  );
}

export function AdFormPage(p: {
  ad?: AdView | undefined;
  values: AdFormValues;
  errors: FormErrors;
  refusal?: string | undefined;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/ads`;
  const title = p.ad ? t.ads.editTitle(p.ad.title) : t.ads.createTitle;
  const running = p.ad && adState(p.ad) !== "ended";
  return (
    <Layout title={title}>
      <Breadcrumbs
        items={[{ href: base, label: t.ads.title }, { label: p.ad?.title ?? t.ads.createTitle }]}
      />
      <ErrorSummary errors={p.errors} extra={p.refusal ? [p.refusal] : []} />
      <h1 class="heading-xl">{title}</h1>
      <Notice kind="info">{t.ads.legalRule}</Notice>
      <form method="post" action={p.ad ? `${base}/${p.ad.adId}` : base} novalidate>
        <Csrf />
        <TextInput
          id="title"
          name="title"
          label={t.ads.fTitle}
          value={p.values.title}
          error={p.errors.title}
          maxLength={200}
        />
        <TextInput
          id="imageUrl"
          name="imageUrl"
          label={t.ads.fImage}
          hint={t.ads.fImageHint}
          value={p.values.imageUrl}
          error={p.errors.imageUrl}
          inputMode="url"
          maxLength={2000}
        />
        <TextInput
          id="linkUrl"
          name="linkUrl"
          label={t.ads.fLink}
          value={p.values.linkUrl}
          error={p.errors.linkUrl}
          inputMode="url"
          maxLength={2000}
        />
        <Select
          id="placement"
          name="placement"
          label={t.ads.fPlacement}
          value={p.values.placement}
          error={p.errors.placement}
          options={[...new Set([...PLACEMENTS, p.values.placement].filter(Boolean))].map((v) => ({
            value: v,
            label: t.ads.placements[v] ?? v,
          }))}
        />
        <TextInput
          id="startsAt"
          name="startsAt"
          label={t.ads.fStarts}
          hint={t.ads.fDateHint}
          value={p.values.startsAt}
          error={p.errors.startsAt}
          class="input input--date"
        />
        <TextInput
          id="endsAt"
          name="endsAt"
          label={t.ads.fEnds}
          hint={t.ads.fDateHint}
          value={p.values.endsAt}
          error={p.errors.endsAt}
          class="input input--date"
        />
        <Button>{t.ads.save}</Button>
      </form>
      {p.ad ? (
        <div class="section">
          {running ? (
            <form method="post" action={`${base}/${p.ad.adId}/pause`}>
              <Csrf />
              {/* GAP (issue 18): content has no pause of its own; stopping sets the end to now */}
              <p class="hint">{t.ads.pauseHint}</p>
              <Button kind="secondary" id="pause">
                {t.ads.pause}
              </Button>
            </form>
          ) : null}
          <form method="post" action={`${base}/${p.ad.adId}/delete`}>
            <Csrf />
            <Button kind="warning" id="delete">
              {t.ads.remove}
            </Button>
          </form>
        </div>
      ) : null}
      <p>
        <a href={base}>{t.ads.back}</a>
      </p>
    </Layout>
  );
}
