// A call to one of Cổng's APIs as a demo user (its token from @cong/testing, cached), timed.
import { demoToken } from "@cong/testing";

export interface Reply {
  status: number;
  /** the JSON answer, read loosely (the text when it is not JSON) */
  body: any;
  /** request to the end of the answer, without the token */
  ms: number;
}

export async function call(
  base: string,
  method: string,
  p: string,
  user: string,
  body?: unknown,
): Promise<Reply> {
  const token = await demoToken(user); // cached: fetched before the clock starts
  const t0 = performance.now();
  const res = await fetch(`${base}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, ms };
}
