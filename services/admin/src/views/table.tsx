// The console's lists: a section with its heading, a tab row, and a table whose cells carry their
// column's name (data-label) so that each row reads as a card on a narrow screen (320 px reflow).
// Shared by the People and Portals screens (issue 19) so the pages say only what they show.
import type { ComponentChildren } from "preact";

/** One column: its heading, what a row shows in it, an optional class of its cells. */
export interface Column<T> {
  label: string;
  cell: (row: T) => ComponentChildren;
  class?: string;
}

/**
 * A table of rows, or the `empty` sentence when there are none. The table is named by the
 * heading `labelledBy` points at, else by a hidden caption.
 */
export function DataTable<T>(p: {
  rows: T[];
  columns: (Column<T> | false | null | undefined)[];
  rowKey: (row: T) => string;
  labelledBy?: string;
  caption?: string;
  empty?: ComponentChildren;
  id?: string;
  /** more classes of the table (`table--words`: words are never broken to narrow a column) */
  class?: string;
}) {
  if (!p.rows.length) return p.empty ? <p class="hint">{p.empty}</p> : null;
  const cols = p.columns.filter((c): c is Column<T> => !!c);
  return (
    <div class="table-wrap">
      <table class={p.class ? `table ${p.class}` : "table"} id={p.id} aria-labelledby={p.labelledBy}>
        {p.caption && !p.labelledBy ? <caption class="visually-hidden">{p.caption}</caption> : null}
        <thead>
          <tr>
            {cols.map((c) => (
              <th scope="col" key={c.label}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((row) => (
            <tr key={p.rowKey(row)}>
              {cols.map((c) => (
                <td key={c.label} data-label={c.label} class={c.class}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A section of a page named by its heading (`<h2 id>` and `aria-labelledby`), large or medium. */
export function Section(p: {
  id: string;
  title: ComponentChildren;
  children: ComponentChildren;
  size?: "l" | "m";
}) {
  return (
    <section class="section" aria-labelledby={p.id}>
      <h2 class={`heading-${p.size ?? "l"}`} id={p.id}>
        {p.title}
      </h2>
      {p.children}
    </section>
  );
}

/** The row of a screen's parts: links, the current one marked for assistive technology. */
export function SubNav(p: {
  label: string;
  current: string;
  tabs: [key: string, href: string, label: string][];
}) {
  return (
    <nav class="subnav" aria-label={p.label}>
      <ul class="subnav__list">
        {p.tabs.map(([k, href, label]) => (
          <li key={k}>
            <a class="subnav__link" href={href} aria-current={k === p.current ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A status as a coloured tag (`grey` unless told); `overdue` marks the red "late" tag. */
export function Tag(p: { colour?: string | undefined; overdue?: boolean; children: ComponentChildren }) {
  return (
    <strong class={`tag tag--${p.colour ?? "grey"}${p.overdue ? " tag--overdue" : ""}`}>{p.children}</strong>
  );
}

/** An account's or a portal's state as a coloured tag (green when on, grey when off). */
export function OnOffTag(p: { on: boolean; onLabel: string; offLabel: string }) {
  return <Tag colour={p.on ? "green" : "grey"}>{p.on ? p.onLabel : p.offLabel}</Tag>;
}

/** A list's pager: back to the first page, on to the next (content's cursor), either when there is one. */
export function Pager(p: {
  label: string;
  first: string;
  next: string;
  firstHref?: string | undefined;
  nextHref?: string | undefined;
}) {
  return (
    <nav class="pagination" aria-label={p.label}>
      {p.firstHref ? <a href={p.firstHref}>{p.first}</a> : null}
      {p.nextHref ? (
        <a href={p.nextHref} rel="next">
          {p.next}
        </a>
      ) : null}
    </nav>
  );
}
