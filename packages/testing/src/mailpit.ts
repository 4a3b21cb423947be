// Reading delivered mail through Mailpit's API (https://mailpit.axllent.org/docs/api-v1/), the
// SMTP server infra/local starts (MAILPIT_URL) or a private one (privateServer("mailpit")).
import { serverEnv } from "./env";
import { waitFor } from "./wait";

export interface MailpitAddress {
  Name: string;
  Address: string;
}

/** A message as Mailpit lists it. */
export interface MailpitSummary {
  ID: string;
  MessageID: string;
  From: MailpitAddress;
  To: MailpitAddress[];
  Subject: string;
  Created: string;
  Snippet: string;
}

/** A message with its parts. */
export interface MailpitMessage extends Omit<MailpitSummary, "Snippet" | "Created"> {
  Date: string;
  Text: string;
  HTML: string;
}

export interface Mailpit {
  url: string;
  /** Mailpit's search (e.g. `to:"a@b.vn"`), newest first */
  search(query: string): Promise<MailpitSummary[]>;
  /** the messages to one address, newest first */
  to(address: string): Promise<MailpitSummary[]>;
  message(id: string): Promise<MailpitMessage>;
  headers(id: string): Promise<Record<string, string[]>>;
  /** messages Mailpit holds and SMTP figures since it started */
  info(): Promise<{ Messages: number; RuntimeStats: { SMTPAccepted: number; SMTPRejected: number } }>;
  /** waits until `count` messages to `address` arrived; returns them, oldest first */
  waitForMail(address: string, opts?: { count?: number; timeoutMs?: number }): Promise<MailpitSummary[]>;
}

export function mailpit(url = mailpitUrl()): Mailpit {
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`Mailpit GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const api: Mailpit = {
    url,
    async search(query) {
      const r = await get<{ messages: MailpitSummary[] }>(
        `/api/v1/search?limit=200&query=${encodeURIComponent(query)}`,
      );
      return r.messages ?? [];
    },
    // Mailpit's `to:` matches a part of the address: keep only the exact ones
    to: async (address) =>
      (await api.search(`to:"${address}"`)).filter((m) =>
        m.To.some((t) => t.Address.toLowerCase() === address.toLowerCase()),
      ),
    message: (id) => get<MailpitMessage>(`/api/v1/message/${encodeURIComponent(id)}`),
    headers: (id) => get<Record<string, string[]>>(`/api/v1/message/${encodeURIComponent(id)}/headers`),
    info: () => get(`/api/v1/info`),
    async waitForMail(address, opts = {}) {
      const count = opts.count ?? 1;
      const got = await waitFor(
        async () => {
          const list = await api.to(address);
          return list.length >= count ? list : null;
        },
        { timeoutMs: opts.timeoutMs ?? 60_000, intervalMs: 200, what: `${count} mail(s) in Mailpit` },
      );
      return [...got].reverse();
    },
  };
  return api;
}

/** MAILPIT_URL of the local servers, or an error that says how to get one. */
export function mailpitUrl(): string {
  const url = serverEnv().MAILPIT_URL;
  if (!url)
    throw new Error(
      "tests that read mail need Mailpit's API: run `infra/local/cong-local up` (it starts Mailpit), or set MAILPIT_URL with SMTP_URL",
    );
  return url;
}
