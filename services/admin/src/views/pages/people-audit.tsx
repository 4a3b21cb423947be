// The portal's admin audit trail (issue 19, screen 2): newest first, filtered by person, action
// and Vietnam days (identity filters, the admin pages with its cursor), in pages of 50.
import { formatDateTime } from "../../i18n";
import { Button, DateTime, type FormErrors, Select } from "../components";
import { useCtx } from "../context";
import { TextFields } from "../form";
import { DataTable } from "../table";
import { Shell, type Values } from "./people";

export interface AuditEntryView {
  id: string;
  at: string;
  action: string;
  actor: { id: string; username: string; name?: string };
  target?: { userId: string; username: string };
  details: Record<string, unknown>;
}

export function AuditPage(p: {
  entries: AuditEntryView[];
  filters: Values;
  errors: FormErrors;
  refusal?: string | undefined;
  nextHref?: string | undefined;
  firstHref?: string | undefined;
  canAct: boolean;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/people/audit`;
  const role = (r: unknown) => (typeof r === "string" ? (t.roles[r] ?? r) : "");
  const details = (e: AuditEntryView): string => {
    const d = e.details;
    const parts: string[] = [];
    if (e.action === "membership.granted" || e.action === "membership.revoked")
      parts.push(t.people.dRole(role(d.role)));
    if (e.action === "user.invited")
      parts.push(
        t.people.dInvited(String(d.email ?? ""), formatDateTime(String(d.expiresAt ?? ""))),
        ...(d.role ? [t.people.dRole(role(d.role))] : []),
      );
    if (e.action === "account.handed-over") {
      const to = (d.to as { username?: string } | undefined)?.username ?? "";
      parts.push(t.people.dHandover(to, Array.isArray(d.roles) ? d.roles.length : 0));
      if (typeof d.reason === "string" && d.reason) parts.push(t.people.dReason(d.reason));
    }
    return parts.join(". ");
  };
  return (
    <Shell title={t.people.auditTitle} tab="audit" canAct={p.canAct} errors={p.errors} refusal={p.refusal}>
      <h2 class="heading-l">{t.people.auditTitle}</h2>
      <p class="lead">{t.people.auditIntro}</p>
      <form method="get" action={base} class="filters" aria-labelledby="filters-title" novalidate>
        <h2 class="heading-s" id="filters-title">
          {t.people.filters}
        </h2>
        <div class="filters__grid">
          <TextFields
            fields={[{ id: "who", label: t.people.fWho, hint: t.people.fWhoHint, maxLength: 64 }]}
            values={p.filters}
            errors={p.errors}
          />
          <Select
            id="action"
            name="action"
            label={t.people.fAction}
            value={p.filters.action ?? ""}
            options={[
              { value: "", label: t.people.fAllActions },
              ...Object.entries(t.people.actions).map(([value, label]) => ({ value, label })),
            ]}
          />
          <TextFields
            fields={[
              { id: "from", label: t.people.fFrom, hint: t.people.fDateHint, class: "input input--date" },
              { id: "to", label: t.people.fTo, hint: t.people.fDateHint, class: "input input--date" },
            ]}
            values={p.filters}
            errors={p.errors}
          />
        </div>
        <div class="button-group">
          <Button kind="secondary" id="filter">
            {t.people.filter}
          </Button>
          <a href={base}>{t.people.clear}</a>
        </div>
      </form>
      {Object.keys(p.errors).length || p.refusal ? null : (
        <DataTable
          rows={p.entries}
          rowKey={(e) => e.id}
          caption={t.people.auditTitle}
          empty={t.people.auditNone}
          columns={[
            { label: t.people.colAt, cell: (e) => <DateTime value={e.at} />, class: "nowrap" },
            {
              label: t.people.colActor,
              cell: (e) => (e.actor.name ? `${e.actor.name} (${e.actor.username})` : e.actor.username),
            },
            { label: t.people.colAction, cell: (e) => t.people.actions[e.action] ?? e.action },
            { label: t.people.colTarget, cell: (e) => e.target?.username ?? "" },
            { label: t.people.colDetails, cell: details },
          ]}
        />
      )}
      {p.nextHref || p.firstHref ? (
        <nav class="pagination" aria-label={t.people.next}>
          {p.firstHref ? <a href={p.firstHref}>{t.people.first}</a> : null}
          {p.nextHref ? (
            <a href={p.nextHref} rel="next">
              {t.people.next}
            </a>
          ) : null}
        </nav>
      ) : null}
    </Shell>
  );
}
