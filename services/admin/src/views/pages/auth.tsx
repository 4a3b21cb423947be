// Sign-in, signed-out, portal choice and the error pages (Vietnamese, with a way forward).
import { LinkButton, Notice } from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";

export function SignInPage({
  returnTo,
  notice,
  kept,
}: {
  returnTo?: string;
  notice?: "expired" | "failed" | "signedOut";
  /** unsaved text was kept and comes back after signing in */
  kept?: boolean;
}) {
  const { t } = useCtx();
  const href = `/auth/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ""}`;
  const title =
    notice === "signedOut"
      ? t.auth.signedOutTitle
      : notice === "expired"
        ? t.auth.expiredTitle
        : t.auth.title;
  return (
    <Layout title={title}>
      <div class="narrow">
        <h1 class="heading-xl">{title}</h1>
        {notice === "failed" ? <Notice kind="error">{t.auth.failed}</Notice> : null}
        {notice === "expired" ? <p class="lead">{t.auth.expired}</p> : null}
        {kept ? <Notice kind="info">{t.auth.kept}</Notice> : null}
        {notice === "signedOut" ? <p class="lead">{t.auth.signedOut}</p> : null}
        <p>{t.auth.intro}</p>
        <LinkButton href={href} kind="primary">
          {notice === "signedOut" || notice === "expired" ? t.auth.signInAgain : t.auth.button}
        </LinkButton>
      </div>
    </Layout>
  );
}

export function ChoosePortalPage() {
  const { t, portals } = useCtx();
  return (
    <Layout title={t.auth.choosePortal}>
      <h1 class="heading-xl">{t.auth.choosePortal}</h1>
      {portals.length ? (
        <>
          <p class="lead">{t.auth.choosePortalIntro}</p>
          <ul class="card-list">
            {portals.map((p) => (
              <li class="card" key={p.id}>
                <h2 class="heading-m">
                  <a href={`/p/${p.id}/`}>{p.name}</a>
                </h2>
                {p.roles.length ? (
                  <p class="hint">{t.auth.yourRoles(p.roles.map((r) => t.roles[r] ?? r).join(", "))}</p>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <Notice kind="info">{t.auth.noRoles}</Notice>
      )}
    </Layout>
  );
}

export function ErrorPage({
  kind,
  errorId,
}: {
  kind: "forbidden" | "notFound" | "unavailable" | "internal" | "csrf" | "badRequest";
  errorId?: string;
}) {
  const { t, portal } = useCtx();
  const title = {
    forbidden: t.errors.forbiddenTitle,
    notFound: t.errors.notFoundTitle,
    unavailable: t.errors.unavailableTitle,
    internal: t.errors.internalTitle,
    csrf: t.errors.csrfTitle,
    badRequest: t.errors.badRequestTitle,
  }[kind];
  const text = {
    forbidden: t.errors.forbidden,
    notFound: t.errors.notFound,
    unavailable: t.errors.unavailable,
    internal: t.errors.internal(errorId ?? "-"),
    csrf: t.errors.csrf,
    badRequest: t.errors.badRequest(errorId ?? "-"),
  }[kind];
  return (
    <Layout title={title}>
      <div class="narrow">
        <h1 class="heading-xl">{title}</h1>
        <p class="lead">{text}</p>
        <p>
          <a href={portal ? `/p/${portal.id}/` : "/"}>{t.errors.backHome}</a>
        </p>
      </div>
    </Layout>
  );
}
