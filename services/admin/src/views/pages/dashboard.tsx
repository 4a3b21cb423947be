// "Việc của tôi": what waits for this person. Authors see their drafts, what came back with the
// board's comment, what waits and what is scheduled; the board sees its review queue by due
// date in working days with overdue ones flagged (R-TIMELY), missed schedules and the mandatory
// categories that are empty or stale (R-CONTENT).
import type { Completeness, ItemRow, MissedSchedule } from "../../api/types";
import { DateTime, LinkButton, Notice } from "../components";
import { useCtx } from "../context";
import { Layout } from "../layout";
import { ItemTable } from "./items";

export interface DashboardData {
  author?: { drafts: ItemRow[]; returned: ItemRow[]; waiting: ItemRow[]; scheduled: ItemRow[] };
  board?: {
    queue: ItemRow[];
    approved: ItemRow[];
    missed: MissedSchedule[];
    completeness: Completeness | null;
    /** the report is still being made: it shows on a later visit */
    completenessPending?: boolean;
  };
}

function Block({
  id,
  title,
  rows,
  more,
  showDue,
  intro,
}: {
  id: string;
  title: string;
  rows: ItemRow[];
  more?: string;
  showDue?: boolean;
  intro?: string;
}) {
  const { t } = useCtx();
  return (
    <section class="section" aria-labelledby={id}>
      <h2 class="heading-m" id={id}>
        {title} <span class="count">({rows.length})</span>
      </h2>
      {intro ? <p class="hint">{intro}</p> : null}
      {rows.length ? <ItemTable rows={rows} showDue={showDue} /> : <p class="hint">{t.dashboard.empty}</p>}
      {more && rows.length ? (
        <p>
          <a href={more}>{t.dashboard.more}</a>
        </p>
      ) : null}
    </section>
  );
}

export function DashboardPage({ data }: { data: DashboardData }) {
  const { t, portal, user } = useCtx();
  const base = `/p/${portal?.id}`;
  const c = data.board?.completeness;
  const needing = c?.categories.filter((x) => x.mandatory && (x.empty || x.overdue.length)) ?? [];
  return (
    <Layout title={t.dashboard.title}>
      <div class="page-head">
        <div>
          <h1 class="heading-xl">{t.dashboard.title}</h1>
          <p class="lead">
            {t.dashboard.hello(user?.name ?? "")}. {t.dashboard.portalOf(portal?.name ?? "")}
          </p>
        </div>
        {data.author ? (
          <LinkButton href={`${base}/items/new`} kind="primary">
            {t.dashboard.startWriting}
          </LinkButton>
        ) : null}
      </div>
      {data.board ? (
        <>
          <Block
            id="queue"
            title={t.dashboard.queue}
            intro={t.dashboard.queueIntro}
            rows={data.board.queue}
            showDue
            more={`${base}/items?state=submitted&sort=due`}
          />
          <Block
            id="approved"
            title={t.dashboard.approvedNotPublished}
            rows={data.board.approved}
            more={`${base}/items?state=approved`}
          />
          {data.board.missed.length ? (
            <section class="section" aria-labelledby="missed">
              <h2 class="heading-m" id="missed">
                {t.dashboard.missed}
              </h2>
              <ul class="list">
                {data.board.missed.map((m) => (
                  <li key={`${m.itemId}-${m.scheduledFor}`}>
                    <a href={`${base}/items/${m.itemId}`}>{m.title ?? m.itemId}</a>{" "}
                    <span class="hint">
                      {m.action === "publish" ? t.dashboard.missedPublish : t.dashboard.missedUnpublish}{" "}
                      <DateTime value={m.scheduledFor} />,{" "}
                      {t.dashboard.firedLate(Math.ceil(m.lateByMs / 60_000))}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {data.board.completenessPending ? (
            <section class="section" aria-labelledby="completeness">
              <h2 class="heading-m" id="completeness">
                {t.dashboard.completeness}
              </h2>
              <p class="hint">{t.dashboard.completenessPending}</p>
            </section>
          ) : null}
          {c ? (
            <section class="section" aria-labelledby="completeness">
              <h2 class="heading-m" id="completeness">
                {t.dashboard.completeness}
              </h2>
              <p class="hint">{t.dashboard.completenessIntro}</p>
              {needing.length ? (
                <ul class="list">
                  {needing.map((x) => (
                    <li key={x.categoryId}>
                      <a href={`${base}/items?categoryId=${encodeURIComponent(x.categoryId)}`}>{x.name}</a>
                      {": "}
                      {x.empty ? <strong class="tag tag--red">{t.dashboard.categoryEmpty}</strong> : null}{" "}
                      {x.overdue.length ? (
                        <strong class="tag tag--orange">
                          {t.dashboard.categoryOverdue(x.overdue.length)}
                        </strong>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="hint">{t.dashboard.empty}</p>
              )}
            </section>
          ) : null}
        </>
      ) : null}
      {data.author ? (
        <>
          <Block
            id="returned"
            title={t.dashboard.returned}
            rows={data.author.returned}
            more={`${base}/items?owner=me&state=rejected`}
          />
          <Block
            id="drafts"
            title={t.dashboard.myDrafts}
            rows={data.author.drafts}
            more={`${base}/items?owner=me&state=draft`}
          />
          <Block
            id="waiting"
            title={t.dashboard.waiting}
            rows={data.author.waiting}
            showDue
            more={`${base}/items?owner=me&state=submitted`}
          />
          <Block
            id="scheduled"
            title={t.dashboard.scheduled}
            rows={data.author.scheduled}
            more={`${base}/items?owner=me&state=approved`}
          />
        </>
      ) : null}
      {!data.author && !data.board ? <Notice kind="info">{t.auth.noRoles}</Notice> : null}
    </Layout>
  );
}
