// Which peers may speak for a client (issue 15.2). Express believes X-Forwarded-For, -Proto and
// -Host (req.ip, req.protocol, req.secure, req.hostname) only from the peers listed here, so a
// client that reaches a service directly cannot choose its rate-limit bucket, its scheme or its
// host. A hop count ("trust the last hop, whoever it is") is refused: it trusts anyone who
// connects directly.
import net from "node:net";

/** Addresses, CIDRs or range names (`loopback`, `linklocal`, `uniquelocal`) of trusted proxies. */
export type TrustedProxies = readonly string[];

/**
 * The kit's default: loopback only (127.0.0.0/8, ::1). No client of a cluster is loopback, so in a
 * pod this trusts nothing unless TRUST_PROXY names the ingress; on one machine it lets a local
 * front (or publishing forwarding a citizen's address to content) speak for its clients.
 */
export const DEFAULT_TRUSTED_PROXIES: TrustedProxies = Object.freeze(["loopback"]);

const NAMED = new Set(["loopback", "linklocal", "uniquelocal"]);

function checkEntry(entry: string): string | undefined {
  if (NAMED.has(entry)) return undefined;
  const slash = entry.indexOf("/");
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const family = net.isIP(address);
  if (!family)
    return /^\d+$/.test(entry)
      ? `"${entry}": a hop count trusts any client that connects directly; list the proxies' addresses`
      : `"${entry}" is not an IP address, a CIDR or one of loopback, linklocal, uniquelocal`;
  if (slash === -1) return undefined;
  const bits = entry.slice(slash + 1);
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return `"${entry}": the prefix length must be 0–${max}`;
  if (Number(bits) === 0) return `"${entry}" trusts every address; name the proxies`;
  return undefined;
}

/**
 * Parses `TRUST_PROXY`: comma-separated addresses, CIDRs and range names, or `none`.
 * Throws with every bad entry named.
 */
export function parseTrustedProxies(value: string): TrustedProxies {
  const entries = value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (entries.length === 1 && entries[0] === "none") return Object.freeze([]);
  const problems = entries.map(checkEntry).filter((p): p is string => p !== undefined);
  if (problems.length) throw new Error(problems.join("; "));
  return Object.freeze([...new Set(entries)]);
}
