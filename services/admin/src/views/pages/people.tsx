// People (issue 19, screen 2; R-ORG, R-AGENCY, R-ACCOUNT): the platform team's console for a
// portal's members by role, its focal officer, invitations, account handovers and the admin
// audit trail, over identity's API. Platform admins act; auditors see the same pages with no
// action at all (identity refuses a forced one). Every step works without JavaScript; revoking
// and handing over are confirmed on a page of their own.
import type { ComponentChildren } from "preact";
import { formatDateTime } from "../../i18n";
import {
  Breadcrumbs,
  Button,
  Csrf,
  DateTime,
  ErrorSummary,
  type FormErrors,
  Notice,
  Select,
  SummaryList,
  TextInput,
} from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";

/** Portal roles in the order the regulation names them (identity lists them so). */
export const PEOPLE_ROLES = ["board-head", "board-deputy", "board-member", "focal-officer", "contributor"];

export interface MemberView {
  userId: string;
  username: string;
  name: string;
  enabled: boolean;
  role: string;
}

export interface FocalOfficerView {
  userId: string;
  username: string;
  appointedAt: string;
}

export interface InvitationView {
  userId: string;
  username: string;
  email: string;
  role: string | null;
  invitedBy: { id: string; username: string };
  createdAt: string;
  expiresAt: string;
  status: string;
}

export interface AuditEntryView {
  id: string;
  at: string;
  action: string;
  actor: { id: string; username: string; name?: string };
  target?: { userId: string; username: string };
  details: Record<string, unknown>;
}

export type Values = Record<string, string>;

function Tabs({ current }: { current: "members" | "invite" | "handover" | "audit" }) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/people`;
  const tabs = [
    ["members", base, t.people.tabMembers],
    ["invite", `${base}/invite`, t.people.tabInvite],
    ["handover", `${base}/handover`, t.people.tabHandover],
    ["audit", `${base}/audit`, t.people.tabAudit],
  ] as const;
  return (
    <nav class="subnav" aria-label={t.people.sections}>
      <ul class="subnav__list">
        {tabs.map(([k, href, label]) => (
          <li key={k}>
            <a class="subnav__link" href={href} aria-current={k === current ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Shell(p: {
  title: string;
  tab: "members" | "invite" | "handover" | "audit";
  canAct: boolean;
  errors?: FormErrors;
  refusal?: string | undefined;
  info?: string | undefined;
  children: ComponentChildren;
}) {
  const { t } = useCtx();
  return (
    <Layout title={p.title}>
      <ErrorSummary errors={p.errors ?? {}} extra={p.refusal ? [p.refusal] : []} />
      <h1 class="heading-xl">{t.people.title}</h1>
      <Tabs current={p.tab} />
      {p.canAct ? null : <Notice kind="info">{t.people.readOnly}</Notice>}
      {p.info ? <Notice kind="info">{p.info}</Notice> : null}
      {p.children}
    </Layout>
  );
}

const roleOptions = (t: ReturnType<typeof useCtx>["t"]) =>
  PEOPLE_ROLES.map((r) => ({ value: r, label: t.roles[r] ?? r }));

export function PeoplePage(p: {
  members: MemberView[];
  more: boolean;
  focal: FocalOfficerView | null;
  invitations: InvitationView[];
  canAct: boolean;
  grant: Values;
  focalValue: string;
  errors: FormErrors;
  refusal?: string | undefined;
  info?: string | undefined;
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/people`;
  const focalMember = p.focal ? p.members.find((m) => m.userId === p.focal?.userId) : undefined;
  const holders = p.members.filter((m) => m.role === "focal-officer");
  return (
    <Shell
      title={t.people.title}
      tab="members"
      canAct={p.canAct}
      errors={p.errors}
      refusal={p.refusal}
      info={p.info}
    >
      <p class="lead">{t.people.intro}</p>
      <section class="section" aria-labelledby="focal-title">
        <h2 class="heading-l" id="focal-title">
          {t.people.focalTitle}
        </h2>
        <p id="focal-current">
          {p.focal
            ? t.people.focalCurrent(
                focalMember ? `${focalMember.name} (${p.focal.username})` : p.focal.username,
                formatDateTime(p.focal.appointedAt),
              )
            : holders.length
              ? t.people.focalNotRecorded(holders.map((m) => `${m.name} (${m.username})`).join(", "))
              : t.people.focalNone}
        </p>
        {p.canAct ? (
          <form method="post" action={`${base}/focal-officer`} novalidate>
            <Csrf />
            <TextInput
              id="focal-username"
              name="username"
              label={t.people.focalUsername}
              hint={t.people.focalHint}
              value={p.focalValue}
              error={p.errors["focal-username"]}
              autoComplete="off"
              maxLength={64}
            />
            <Button id="appoint">{t.people.focalAppoint}</Button>
          </form>
        ) : null}
      </section>

      <section class="section" aria-labelledby="members-title">
        <h2 class="heading-l" id="members-title">
          {t.people.membersTitle}
        </h2>
        {p.more ? <Notice kind="info">{t.people.moreMembers}</Notice> : null}
        {PEOPLE_ROLES.map((role) => {
          const list = p.members.filter((m) => m.role === role);
          const label = t.roles[role] ?? role;
          return (
            <div key={role} class="people-role">
              <h3 class="heading-m" id={`role-${role}`}>
                {t.people.roleCount(label, list.length)}
              </h3>
              {list.length ? (
                <div class="table-wrap">
                  <table class="table" aria-labelledby={`role-${role}`}>
                    <thead>
                      <tr>
                        <th scope="col">{t.people.colName}</th>
                        <th scope="col">{t.people.colUsername}</th>
                        <th scope="col">{t.people.colAccount}</th>
                        {p.canAct ? <th scope="col">{t.people.colActions}</th> : null}
                      </tr>
                    </thead>
                    <tbody>
                      {list.map((m) => (
                        <tr key={m.userId}>
                          <td data-label={t.people.colName}>{m.name}</td>
                          <td data-label={t.people.colUsername}>{m.username}</td>
                          <td data-label={t.people.colAccount}>
                            <strong class={`tag tag--${m.enabled ? "green" : "grey"}`}>
                              {m.enabled ? t.people.enabled : t.people.disabled}
                            </strong>
                          </td>
                          {p.canAct ? (
                            <td data-label={t.people.colActions}>
                              <a
                                href={`${base}/revoke?role=${encodeURIComponent(role)}&userId=${encodeURIComponent(m.userId)}`}
                              >
                                {t.people.revoke}
                                <span class="visually-hidden">
                                  {" "}
                                  {label}: {m.name}
                                </span>
                              </a>
                            </td>
                          ) : null}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p class="hint">{t.people.noMembers}</p>
              )}
            </div>
          );
        })}
      </section>

      {p.canAct ? (
        <section class="section" aria-labelledby="grant-title">
          <h2 class="heading-l" id="grant-title">
            {t.people.grantTitle}
          </h2>
          <p class="hint">{t.people.grantHint}</p>
          <form method="post" action={`${base}/grant`} novalidate>
            <Csrf />
            <TextInput
              id="grant-username"
              name="username"
              label={t.people.username}
              hint={t.people.usernameHint}
              value={p.grant.username ?? ""}
              error={p.errors["grant-username"]}
              autoComplete="off"
              maxLength={64}
            />
            <Select
              id="grant-role"
              name="role"
              label={t.people.role}
              value={p.grant.role || "contributor"}
              error={p.errors["grant-role"]}
              options={roleOptions(t)}
            />
            <Button id="grant">{t.people.grant}</Button>
          </form>
        </section>
      ) : null}

      <section class="section" aria-labelledby="invitations-title">
        <h2 class="heading-l" id="invitations-title">
          {t.people.invitationsTitle}
        </h2>
        <InvitationTable invitations={p.invitations} />
      </section>
    </Shell>
  );
}

function InvitationTable({ invitations }: { invitations: InvitationView[] }) {
  const { t } = useCtx();
  if (!invitations.length) return <p class="hint">{t.people.invitationsNone}</p>;
  return (
    <div class="table-wrap">
      <table class="table" aria-labelledby="invitations-title">
        <thead>
          <tr>
            <th scope="col">{t.people.colUsername}</th>
            <th scope="col">{t.people.colEmail}</th>
            <th scope="col">{t.people.colRole}</th>
            <th scope="col">{t.people.colExpires}</th>
            <th scope="col">{t.people.colInvitedBy}</th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((i) => (
            <tr key={i.userId}>
              <td data-label={t.people.colUsername}>{i.username}</td>
              <td data-label={t.people.colEmail}>{i.email}</td>
              <td data-label={t.people.colRole}>{i.role ? (t.roles[i.role] ?? i.role) : ""}</td>
              <td data-label={t.people.colExpires} class="nowrap">
                <DateTime value={i.expiresAt} />
              </td>
              <td data-label={t.people.colInvitedBy}>{i.invitedBy.username}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RevokePage(p: { member: MemberView }) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/people`;
  const role = t.roles[p.member.role] ?? p.member.role;
  return (
    <Layout title={t.people.revokeTitle}>
      <Breadcrumbs items={[{ href: base, label: t.people.title }, { label: t.people.revokeTitle }]} />
      <h1 class="heading-xl">
        {t.people.revokeQuestion(`${p.member.name} (${p.member.username})`, role, portal?.name ?? "")}
      </h1>
      <p>{t.people.revokeExplain}</p>
      <form method="post" action={`${base}/revoke`}>
        <Csrf />
        <input type="hidden" name="role" value={p.member.role} />
        <input type="hidden" name="userId" value={p.member.userId} />
        <div class="button-group">
          <Button kind="warning" id="revoke-confirm">
            {t.people.revokeConfirm}
          </Button>
          <a href={base}>{t.people.cancel}</a>
        </div>
      </form>
    </Layout>
  );
}

export function InvitePage(p: {
  canAct: boolean;
  values: Values;
  errors: FormErrors;
  refusal?: string | undefined;
  invitations: InvitationView[];
}) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/people`;
  return (
    <Shell title={t.people.inviteTitle} tab="invite" canAct={p.canAct} errors={p.errors} refusal={p.refusal}>
      <h2 class="heading-l">{t.people.inviteTitle}</h2>
      <p class="lead">{t.people.inviteIntro}</p>
      {p.canAct ? (
        <form method="post" action={`${base}/invite`} novalidate>
          <Csrf />
          <TextInput
            id="lastName"
            name="lastName"
            label={t.people.lastName}
            value={p.values.lastName ?? ""}
            error={p.errors.lastName}
            autoComplete="off"
            maxLength={100}
          />
          <TextInput
            id="firstName"
            name="firstName"
            label={t.people.firstName}
            value={p.values.firstName ?? ""}
            error={p.errors.firstName}
            autoComplete="off"
            maxLength={100}
          />
          <TextInput
            id="email"
            name="email"
            label={t.people.email}
            hint={t.people.emailHint}
            value={p.values.email ?? ""}
            error={p.errors.email}
            inputMode="email"
            autoComplete="off"
            maxLength={254}
          />
          <TextInput
            id="username"
            name="username"
            label={t.people.username}
            hint={t.people.usernameHint}
            value={p.values.username ?? ""}
            error={p.errors.username}
            autoComplete="off"
            maxLength={64}
          />
          <Select
            id="role"
            name="role"
            label={t.people.role}
            value={p.values.role || "contributor"}
            error={p.errors.role}
            options={roleOptions(t)}
          />
          <Button id="invite">{t.people.invite}</Button>
        </form>
      ) : null}
      <section class="section" aria-labelledby="invitations-title">
        <h2 class="heading-l" id="invitations-title">
          {t.people.invitationsTitle}
        </h2>
        <InvitationTable invitations={p.invitations} />
      </section>
    </Shell>
  );
}

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
        <form method="post" action={`${base}/handover`} novalidate>
          <Csrf />
          <input type="hidden" name="step" value="review" />
          <TextInput
            id="from"
            name="from"
            label={t.people.from}
            hint={t.people.usernameHint}
            value={p.values.from ?? ""}
            error={p.errors.from}
            autoComplete="off"
            maxLength={64}
          />
          <TextInput
            id="to"
            name="to"
            label={t.people.to}
            value={p.values.to ?? ""}
            error={p.errors.to}
            autoComplete="off"
            maxLength={64}
          />
          <TextInput
            id="reason"
            name="reason"
            label={t.people.reason}
            hint={t.people.reasonHint}
            value={p.values.reason ?? ""}
            error={p.errors.reason}
            maxLength={500}
          />
          <Button id="handover-review">{t.people.handoverReview}</Button>
        </form>
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

export function AuditPage(p: {
  entries: AuditEntryView[];
  filters: Values;
  errors: FormErrors;
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
    <Shell title={t.people.auditTitle} tab="audit" canAct={p.canAct} errors={p.errors}>
      <h2 class="heading-l">{t.people.auditTitle}</h2>
      <p class="lead">{t.people.auditIntro}</p>
      <form method="get" action={base} class="filters" aria-labelledby="filters-title" novalidate>
        <h2 class="heading-s" id="filters-title">
          {t.people.filters}
        </h2>
        <div class="filters__grid">
          <TextInput
            id="who"
            name="who"
            label={t.people.fWho}
            hint={t.people.fWhoHint}
            value={p.filters.who ?? ""}
            error={p.errors.who}
            autoComplete="off"
            maxLength={64}
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
          <TextInput
            id="from"
            name="from"
            label={t.people.fFrom}
            hint={t.people.fDateHint}
            value={p.filters.from ?? ""}
            error={p.errors.from}
            class="input input--date"
            autoComplete="off"
          />
          <TextInput
            id="to"
            name="to"
            label={t.people.fTo}
            hint={t.people.fDateHint}
            value={p.filters.to ?? ""}
            error={p.errors.to}
            class="input input--date"
            autoComplete="off"
          />
        </div>
        <div class="button-group">
          <Button kind="secondary" id="filter">
            {t.people.filter}
          </Button>
          <a href={base}>{t.people.clear}</a>
        </div>
      </form>
      {p.filters.who ? <p class="hint">{t.people.auditPageNote}</p> : null}
      {p.entries.length ? (
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">{t.people.auditTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{t.people.colAt}</th>
                <th scope="col">{t.people.colActor}</th>
                <th scope="col">{t.people.colAction}</th>
                <th scope="col">{t.people.colTarget}</th>
                <th scope="col">{t.people.colDetails}</th>
              </tr>
            </thead>
            <tbody>
              {p.entries.map((e) => (
                <tr key={e.id}>
                  <td data-label={t.people.colAt} class="nowrap">
                    <DateTime value={e.at} />
                  </td>
                  <td data-label={t.people.colActor}>
                    {e.actor.name ? `${e.actor.name} (${e.actor.username})` : e.actor.username}
                  </td>
                  <td data-label={t.people.colAction}>{t.people.actions[e.action] ?? e.action}</td>
                  <td data-label={t.people.colTarget}>{e.target?.username ?? ""}</td>
                  <td data-label={t.people.colDetails}>{details(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="hint">{t.people.auditNone}</p>
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
