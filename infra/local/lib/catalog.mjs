// @ts-check
// Every server and service by name, which ones a command means, and the settings they give.
import { fail, tracesOn } from "./context.mjs";
import { platform } from "./platform.mjs";
import { ownPid } from "./processes.mjs";
import { jaeger } from "./servers/jaeger.mjs";
import { kafka } from "./servers/kafka.mjs";
import { keycloak } from "./servers/keycloak.mjs";
import { mailpit } from "./servers/mailpit.mjs";
import { mongo } from "./servers/mongo.mjs";
import { s3 } from "./servers/s3.mjs";

/** @typedef {import("./server.mjs").Server} Server */

/** The servers every test needs, started by a bare `up`. */
export const servers = [kafka, mongo, s3, keycloak, mailpit];
/** Optional servers: started when named (`up jaeger`) or with CONG_TRACES=1, never by a bare `up`. */
export const optional = [jaeger];
export const defaultServers = tracesOn ? [...servers, ...optional] : servers;
/** Servers, optional servers and services, in the order `status` lists them. */
export const everything = [...servers, ...optional, ...platform];

/**
 * Servers and services by name; `platform` means every service, `all` servers and services.
 * Without names: the servers (what tests need), or `whenEmpty`.
 * @param {string[]} names
 * @param {Server[]} [whenEmpty]
 * @returns {Server[]}
 */
export function select(names, whenEmpty = defaultServers) {
  if (names.length === 0) return whenEmpty;
  return [
    ...new Set(
      names.flatMap((n) => {
        if (n === "platform") return platform;
        if (n === "all") return [...defaultServers, ...platform];
        return [
          everything.find((s) => s.name === n) ??
            fail(`unknown name "${n}" (known: ${everything.map((s) => s.name).join(", ")}, platform, all)`),
        ];
      }),
    ),
  ];
}

/**
 * The settings of every server (an existing one's where given), and of the optional ones that run.
 * @returns {Record<string, string>}
 */
export function settings() {
  /** @type {Record<string, string>} */
  const all = {};
  for (const s of servers) Object.assign(all, s.external() ?? s.settings());
  for (const s of optional)
    if (s.external() || tracesOn || ownPid(s)) Object.assign(all, s.external() ?? s.settings());
  return all;
}
