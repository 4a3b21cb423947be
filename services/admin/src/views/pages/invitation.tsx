// The invitation link's page (R-ACCOUNT): the person a platform admin or a board head invited
// opens the link of their mail, chooses a password (twice, the realm's policy said beside the
// field) and is sent on to sign in. No session and no account are needed to see it; the link's
// token is the only secret, so the page is never cached and sends no referrer.
import { ErrorSummary, type FormErrors, LinkButton, Notice } from "../components";
import { useCtx } from "../context";
import { PostForm, TextFields } from "../form";
import { Layout } from "../layout";

export function InvitationPage(p: { token: string; errors?: FormErrors; refusal?: string }) {
  const { t } = useCtx();
  const errors = p.errors ?? {};
  return (
    <Layout title={t.invitation.title}>
      <div class="narrow">
        <h1 class="heading-xl">{t.invitation.title}</h1>
        <ErrorSummary errors={errors} extra={p.refusal ? [p.refusal] : []} />
        <p class="lead">{t.invitation.intro}</p>
        <PostForm
          action={`/invitations/${encodeURIComponent(p.token)}`}
          button={t.invitation.accept}
          buttonId="accept"
        >
          <TextFields
            fields={[
              {
                id: "password",
                label: t.invitation.password,
                hint: t.invitation.passwordHint,
                maxLength: 128,
                autoComplete: "new-password",
                type: "password",
              },
              {
                id: "confirm",
                label: t.invitation.confirm,
                maxLength: 128,
                autoComplete: "new-password",
                type: "password",
              },
            ]}
            values={{}}
            errors={errors}
          />
        </PostForm>
      </div>
    </Layout>
  );
}

/** After the password was set, or when the link can no longer be used: what to do next. */
export function InvitationDonePage(p: { outcome: "accepted" | "used" | "expired"; username?: string }) {
  const { t } = useCtx();
  const title = p.outcome === "accepted" ? t.invitation.acceptedTitle : t.invitation.unusableTitle;
  return (
    <Layout title={title}>
      <div class="narrow">
        <h1 class="heading-xl">{title}</h1>
        {p.outcome === "accepted" ? (
          <Notice kind="success">{t.invitation.accepted(p.username ?? "")}</Notice>
        ) : (
          <Notice kind="warning">{p.outcome === "expired" ? t.invitation.expired : t.invitation.used}</Notice>
        )}
        <LinkButton href="/auth/login" kind={p.outcome === "accepted" ? "primary" : "secondary"}>
          {t.invitation.signIn}
        </LinkButton>
      </div>
    </Layout>
  );
}
