// Bench of a portal's member list (issue 21) against the local Keycloak: a throw-away realm with
// two portals whose contributor groups hold `SMALL` and `LARGE` members (4,000 is one portal's
// share of 200,000 memberships over 50 portals), and the p50/p95 of a first page, a deep page and
// every role's first page for each, next to what the list did before (every member of every role
// group, up to 1,000 each, in one answer).
//
//   cd services/identity && pnpm exec tsx bench/members.ts   (BENCH_SMALL=100 BENCH_LARGE=4000 BENCH_ROUNDS=20)
//
// Needs KEYCLOAK_URL, KEYCLOAK_ADMIN_USERNAME/PASSWORD (.env.local); the realm is deleted at the end.
import { performance } from "node:perf_hooks";
import type { Principal } from "@cong/kit";
import { createKeycloakAdmin } from "../src/keycloak/admin";
import { Directory } from "../src/keycloak/directory";
import { MembershipService } from "../src/memberships/membership.service";
import { buildRealmSpec, PORTAL_ROLES } from "../src/realm/definition";
import { applyRealm } from "../src/realm/realm.applier";

const SMALL = Number(process.env.BENCH_SMALL ?? 100);
const LARGE = Number(process.env.BENCH_LARGE ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const realm = `bench-members-${Date.now().toString(36)}`;
const kc = createKeycloakAdmin({
  url: process.env.KEYCLOAK_URL ?? "http://127.0.0.1:8080",
  realm,
  username: process.env.KEYCLOAK_ADMIN_USERNAME,
  password: process.env.KEYCLOAK_ADMIN_PASSWORD,
});
const admin: Principal = {
  userId: "00000000-0000-4000-8000-000000000001",
  username: "platform.admin",
  name: "platform.admin",
  realmRoles: new Set(["platform-admin"]),
  portalRoles: new Map(),
  expiresAt: new Date(Date.now() + 3_600_000),
};

async function members(portalId: string, n: number) {
  for (let from = 0; from < n; from += 500) {
    const users = Array.from({ length: Math.min(500, n - from) }, (_, k) => ({
      username: `${portalId}.member.${String(from + k).padStart(6, "0")}`,
      enabled: true,
      firstName: "Thành",
      lastName: "Viên",
      groups: [`/portals/${portalId}/contributor`],
    }));
    await kc.realms.partialImport({ realm, rep: { ifResourceExists: "SKIP", users } as never });
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

async function main() {
  const portals = [
    { id: "small", name: "Cổng nhỏ", agency: "Sở A" },
    { id: "large", name: "Cổng lớn", agency: "Sở B" },
  ];
  await applyRealm(kc, buildRealmSpec({ realm, portals, demo: false }));
  try {
    const t0 = performance.now();
    await members("small", SMALL);
    await members("large", LARGE);
    process.stderr.write(
      `seeded ${SMALL + LARGE} members in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
    );
    const directory = new Directory(kc);
    const svc = new MembershipService(directory, {} as never);
    const deep = async (portalId: string) => {
      // the cursor three quarters down the role's members
      let cursor: string | undefined;
      const n = portalId === "small" ? SMALL : LARGE;
      for (let seen = 0; seen < Math.floor((n * 3) / 4); ) {
        const p = await svc.list(admin, portalId, { role: "contributor" }, { limit: 200, cursor });
        seen += p.members.length;
        cursor = p.nextCursor ?? undefined;
      }
      return cursor;
    };
    const deepCursor = { small: await deep("small"), large: await deep("large") };
    const cases: Record<string, (portalId: "small" | "large") => Promise<unknown>> = {
      "one role, first page (50)": (p) => svc.list(admin, p, { role: "contributor" }, { limit: 50 }),
      "one role, deep page (50)": (p) =>
        svc.list(admin, p, { role: "contributor" }, { limit: 50, cursor: deepCursor[p] }),
      "every role, first page (50)": (p) => svc.list(admin, p, {}, { limit: 50 }),
      "before: every role group, max 1,000 each": async (p) => {
        for (const role of PORTAL_ROLES) await directory.roleMembers(p, role, 0, 1000);
      },
    };
    const times = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++)
      for (const [name, fn] of Object.entries(cases))
        for (const p of ["small", "large"] as const) {
          const t = performance.now();
          await fn(p);
          const key = `${name}@${p}`;
          times.set(key, [...(times.get(key) ?? []), performance.now() - t]);
        }
    console.log(`members of a portal, ms (p50 / p95), ${ROUNDS} rounds; ${SMALL} and ${LARGE} members`);
    for (const name of Object.keys(cases)) {
      const cols = (["small", "large"] as const).map((p) => {
        const xs = times.get(`${name}@${p}`) ?? [];
        return `${p === "small" ? SMALL : LARGE}: ${pct(xs, 50).toFixed(1)} / ${pct(xs, 95).toFixed(1)}`;
      });
      console.log(`  ${name.padEnd(44)} ${cols.join("   ")}`);
    }
  } finally {
    await kc.realms.del({ realm }).catch(() => undefined);
  }
}

void main();
