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
} from "../components";
import { useCtx } from "../context";
import { PostForm, TextFields } from "../form";
import { Layout } from "../layout";
import { DataTable, OnOffTag, Section, SubNav } from "../table";

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

export type Values = Record<string, string>;

export type Tab = "members" | "invite" | "handover" | "audit";

function Tabs({ current }: { current: Tab }) {
  const { t, portal } = useCtx();
  const base = `/p/${portal?.id}/people`;
  return (
    <SubNav
      label={t.people.sections}
      current={current}
      tabs={[
        ["members", base, t.people.tabMembers],
        ["invite", `${base}/invite`, t.people.tabInvite],
        ["handover", `${base}/handover`, t.people.tabHandover],
        ["audit", `${base}/audit`, t.people.tabAudit],
      ]}
    />
  );
}

export function Shell(p: {
  title: string;
  tab: Tab;
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
      <Section id="focal-title" title={t.people.focalTitle}>
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
          <PostForm action={`${base}/focal-officer`} button={t.people.focalAppoint} buttonId="appoint">
            <TextFields
              fields={[
                {
                  id: "focal-username",
                  name: "username",
                  label: t.people.focalUsername,
                  hint: t.people.focalHint,
                  maxLength: 64,
                },
              ]}
              values={{ username: p.focalValue }}
              errors={p.errors}
            />
          </PostForm>
        ) : null}
      </Section>

      <Section id="members-title" title={t.people.membersTitle}>
        {p.more ? <Notice kind="info">{t.people.moreMembers}</Notice> : null}
        {PEOPLE_ROLES.map((role) => {
          const list = p.members.filter((m) => m.role === role);
          const label = t.roles[role] ?? role;
          return (
            <div key={role} class="people-role">
              <h3 class="heading-m" id={`role-${role}`}>
                {t.people.roleCount(label, list.length)}
              </h3>
              <DataTable
                rows={list}
                rowKey={(m) => m.userId}
                labelledBy={`role-${role}`}
                empty={t.people.noMembers}
                columns={[
                  { label: t.people.colName, cell: (m) => m.name },
                  { label: t.people.colUsername, cell: (m) => m.username },
                  {
                    label: t.people.colAccount,
                    cell: (m) => (
                      <OnOffTag on={m.enabled} onLabel={t.people.enabled} offLabel={t.people.disabled} />
                    ),
                  },
                  p.canAct && {
                    label: t.people.colActions,
                    cell: (m) => (
                      <a
                        href={`${base}/revoke?role=${encodeURIComponent(role)}&userId=${encodeURIComponent(m.userId)}`}
                      >
                        {t.people.revoke}
                        <span class="visually-hidden">
                          {" "}
                          {label}: {m.name}
                        </span>
                      </a>
                    ),
                  },
                ]}
              />
            </div>
          );
        })}
      </Section>

      {p.canAct ? (
        <Section id="grant-title" title={t.people.grantTitle}>
          <p class="hint">{t.people.grantHint}</p>
          <PostForm action={`${base}/grant`} button={t.people.grant} buttonId="grant">
            <TextFields
              fields={[
                {
                  id: "grant-username",
                  name: "username",
                  label: t.people.username,
                  hint: t.people.usernameHint,
                  maxLength: 64,
                },
              ]}
              values={p.grant}
              errors={p.errors}
            />
            <Select
              id="grant-role"
              name="role"
              label={t.people.role}
              value={p.grant.role || "contributor"}
              error={p.errors["grant-role"]}
              options={roleOptions(t)}
            />
          </PostForm>
        </Section>
      ) : null}

      <Invitations invitations={p.invitations} />
    </Shell>
  );
}

function Invitations({ invitations }: { invitations: InvitationView[] }) {
  const { t } = useCtx();
  return (
    <Section id="invitations-title" title={t.people.invitationsTitle}>
      <DataTable
        rows={invitations}
        rowKey={(i) => i.userId}
        labelledBy="invitations-title"
        empty={t.people.invitationsNone}
        columns={[
          { label: t.people.colUsername, cell: (i) => i.username },
          { label: t.people.colEmail, cell: (i) => i.email },
          { label: t.people.colRole, cell: (i) => (i.role ? (t.roles[i.role] ?? i.role) : "") },
          { label: t.people.colExpires, cell: (i) => <DateTime value={i.expiresAt} />, class: "nowrap" },
          { label: t.people.colInvitedBy, cell: (i) => i.invitedBy.username },
        ]}
      />
    </Section>
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
        <PostForm action={`${base}/invite`} button={t.people.invite} buttonId="invite">
          <TextFields
            fields={[
              { id: "lastName", label: t.people.lastName, maxLength: 100 },
              { id: "firstName", label: t.people.firstName, maxLength: 100 },
              {
                id: "email",
                label: t.people.email,
                hint: t.people.emailHint,
                inputMode: "email",
                maxLength: 254,
              },
              { id: "username", label: t.people.username, hint: t.people.usernameHint, maxLength: 64 },
            ]}
            values={p.values}
            errors={p.errors}
          />
          <Select
            id="role"
            name="role"
            label={t.people.role}
            value={p.values.role || "contributor"}
            error={p.errors.role}
            options={roleOptions(t)}
          />
        </PostForm>
      ) : null}
      <Invitations invitations={p.invitations} />
    </Shell>
  );
}
