// The 409 view of the editor: someone saved meanwhile. What they changed is shown beside what
// this person typed (which the form keeps); saving again writes over the newer version.
import { useCtx } from "../context";

export interface Conflict {
  who: string;
  when: string;
  /** fields whose current value differs from what the person typed: [label, theirs, yours] */
  fields: [string, string, string][];
  currentVersion: number;
  /** the editor without the person's text: the current version */
  discardHref: string;
}

export function ConflictPanel({ conflict }: { conflict: Conflict }) {
  const { t } = useCtx();
  return (
    <div class="notice notice--warning" role="alert" id="conflict" tabindex={-1}>
      <h2 class="heading-m">{t.editor.conflictTitle}</h2>
      <p>{t.editor.conflictText(conflict.who, conflict.when)}</p>
      {conflict.fields.length ? (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t.editor.conflictField}</th>
                <th scope="col">{t.editor.conflictTheirs}</th>
                <th scope="col">{t.editor.conflictYours}</th>
              </tr>
            </thead>
            <tbody>
              {conflict.fields.map(([label, theirs, yours]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td class="pre-line">{theirs}</td>
                  <td class="pre-line">{yours}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ul class="list">
        <li>
          <a href="#save-button">{t.editor.conflictKeep}</a>
        </li>
        <li>
          <a href={conflict.discardHref}>{t.editor.conflictDiscard}</a>
        </li>
      </ul>
    </div>
  );
}
