// What the islands share: the page's settings (data-* on <body>), the CSRF token, and the
// "something reached the server" signal the idle timer listens to.
export const body = document.body;
export const csrf = (): string => body.dataset.csrf ?? "";
export const ACTIVITY = "cong:activity";

export function activity(): void {
  document.dispatchEvent(new CustomEvent(ACTIVITY));
}

/** Set by the editor: true while the form holds changes not yet saved. */
export interface EditorState {
  dirty(): boolean;
  /** posts the form the plain way (no beforeunload prompt); `idle` tells the server the idle time ran out */
  submitPlain(idle?: boolean): void;
}

declare global {
  interface Window {
    congEditor?: EditorState;
  }
}
