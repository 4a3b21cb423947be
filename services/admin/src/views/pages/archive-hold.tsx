// An archived item's legal hold (issue 19 screen 3, R-RETAIN): placed or lifted with its reason
// on a page of its own, confirmed before it is written. Platform admins act; auditors read the item.
import type { ComponentChildren } from "preact";
import type { ArchivedItem } from "../../api/platform";
import {
  Breadcrumbs,
  DateTime,
  ErrorSummary,
  type FormErrors,
  Notice,
  SummaryList,
  TextArea,
} from "../components";
import { useCtx } from "../context";
import { PostForm } from "../form";
import { Layout } from "../layout";
import { Section } from "../table";
import { ARCHIVE } from "./archive";

/** An item's hold, placed or lifted with a reason, confirmed on its own page. */
export function HoldPage(p: {
  item: ArchivedItem;
  canAct: boolean;
  reason: string;
  back: string;
  errors: FormErrors;
  refusal?: string | undefined;
}) {
  const { t, portals } = useCtx();
  const m = t.archive;
  const x = p.item;
  const release = !!x.hold;
  // the auditor only reads the item: the page is named after it, not after an action
  const title = !p.canAct ? m.itemTitle : release ? m.releaseTitle : m.holdTitle;
  const listLabel = p.back.startsWith(`${ARCHIVE}/holds`)
    ? m.tabHolds
    : p.back.startsWith(`${ARCHIVE}/expiring`)
      ? m.tabExpiring
      : m.tabSearch;
  return (
    <Layout title={`${title} — ${m.title}`}>
      <Breadcrumbs
        items={[{ href: ARCHIVE, label: m.title }, { href: p.back, label: listLabel }, { label: title }]}
      />
      <ErrorSummary errors={p.errors} />
      {p.refusal ? <Notice kind="error">{p.refusal}</Notice> : null}
      <h1 class="heading-xl">{title}</h1>
      {p.canAct ? null : <Notice kind="info">{m.readOnly}</Notice>}
      <Section id="item-title" title={m.itemFacts} size="m">
        <SummaryList
          rows={[
            [m.colTitle, x.title],
            [m.colPortal, portals.find((c) => c.id === x.portalId)?.name ?? x.portalId],
            [m.colKind, t.kinds[x.kind] ?? x.kind],
            [m.colPublished, <DateTime value={x.firstPublishedAt} />],
            [m.colRetention, m.retention[x.retentionClass] ?? x.retentionClass],
            [m.colExpires, x.expiresAt ? <DateTime value={x.expiresAt} /> : m.noExpiry],
            [m.colState, m.states[x.state] ?? x.state],
            [m.itemId, <code class="host">{x.itemId}</code>],
            ...(x.hold
              ? ([
                  [m.holdReason, x.hold.reason],
                  [m.holdBy, x.hold.by.username],
                  [m.holdAt, <DateTime value={x.hold.at} />],
                ] as [ComponentChildren, ComponentChildren][])
              : []),
          ]}
        />
      </Section>
      {p.canAct ? (
        <>
          <p>{release ? m.releaseExplain : m.holdExplain}</p>
          <PostForm
            action={`${ARCHIVE}/items/${encodeURIComponent(x.itemId)}/hold`}
            hidden={{
              action: release ? "release" : "place",
              portalId: x.portalId,
              title: x.title,
              back: p.back,
            }}
            button={release ? m.releaseButton : m.placeButton}
            buttonId={release ? "release" : "place"}
            kind={release ? "warning" : "primary"}
            after={<a href={p.back}>{m.back}</a>}
          >
            <TextArea
              id="reason"
              name="reason"
              label={release ? m.releaseReason : m.reason}
              hint={release ? m.releaseReasonHint : m.reasonHint}
              value={p.reason}
              error={p.errors.reason}
              rows={3}
              maxLength={1000}
            />
          </PostForm>
        </>
      ) : (
        <p>
          <a href={p.back}>{m.back}</a>
        </p>
      )}
    </Layout>
  );
}
