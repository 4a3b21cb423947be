// Account handover (issue 19, R-ACCOUNT): from → to with a reason, then a review page that says
// what moves and that the old account is disabled; only its confirm button runs it.
import { Breadcrumbs, Button, Csrf, type FormErrors, SummaryList } from "../components";
import { useCtx } from "../context";
import { PostForm, TextFields } from "../form";
import { Layout } from "../layout";
import { type MemberView, Shell, type Values } from "./people";

function WhatMoves() {
  const { t } = useCtx();
  return (
    <div class="notice notice--warning" role="note">
      <p>
        <strong>{t.people.handoverWhat}</strong>
      </p>
      <ul class="list">
        {t.people.handoverMoves.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      <p>{t.people.handoverUndo}</p>
    </div>
  );
}

export function HandoverPage(p: {
  canAct: boolean;
  values: Values;
  errors: FormErrors;
  refusal?: string | undefined;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/people`;
  return (
    <Shell
      title={t.people.handoverTitle}
      tab="handover"
      canAct={p.canAct}
      errors={p.errors}
      refusal={p.refusal}
    >
      <h2 class="heading-l">{t.people.handoverTitle}</h2>
      <p class="lead">{t.people.handoverIntro}</p>
      <WhatMoves />
      {p.canAct ? (
        <PostForm
          action={`${base}/handover`}
          hidden={{ step: "review" }}
          button={t.people.handoverReview}
          buttonId="handover-review"
        >
          <TextFields
            fields={[
              { id: "from", label: t.people.from, hint: t.people.usernameHint, maxLength: 64 },
              { id: "to", label: t.people.to, maxLength: 64 },
              { id: "reason", label: t.people.reason, hint: t.people.reasonHint, maxLength: 500 },
            ]}
            values={p.values}
            errors={p.errors}
          />
        </PostForm>
      ) : null}
    </Shell>
  );
}

export function HandoverConfirmPage(p: {
  values: Values;
  from: MemberView[];
  fromName: string;
  toName: string;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/people`;
  return (
    <Layout title={t.people.handoverConfirmTitle}>
      <Breadcrumbs
        items={[
          { href: base, label: t.people.title },
          { href: `${base}/handover`, label: t.people.handoverTitle },
          { label: t.people.handoverConfirmTitle },
        ]}
      />
      <h1 class="heading-xl">{t.people.handoverConfirmTitle}</h1>
      <SummaryList
        rows={[
          [t.people.handoverFromLabel, p.fromName],
          [t.people.handoverToLabel, p.toName],
          [
            t.people.handoverRolesHere,
            p.from.length
              ? p.from.map((m) => t.roles[m.role] ?? m.role).join(", ")
              : t.people.handoverNoRolesHere,
          ],
          ...(p.values.reason ? ([[t.people.reason, p.values.reason]] as [string, string][]) : []),
        ]}
      />
      <p class="lead" id="handover-statement">
        <strong>{t.people.handoverStatement(p.values.from ?? "", p.values.to ?? "")}</strong>
      </p>
      <WhatMoves />
      <form method="post" action={`${base}/handover`}>
        <Csrf />
        <input type="hidden" name="step" value="confirm" />
        <input type="hidden" name="from" value={p.values.from} />
        <input type="hidden" name="to" value={p.values.to} />
        <input type="hidden" name="reason" value={p.values.reason ?? ""} />
        <div class="button-group">
          <Button kind="warning" id="handover-confirm">
            {t.people.handoverConfirm}
          </Button>
          <Button kind="secondary" name="step" value="edit" id="handover-edit">
            {t.people.handoverBack}
          </Button>
        </div>
      </form>
    </Layout>
  );
}
