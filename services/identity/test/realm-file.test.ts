// The start-up import and the Admin-API applier agree (one definition, R-ORG): a realm created from
// the rendered realm file (what `kc.sh --import-realm` reads; POST /admin/realms takes the same
// representation) is what the applier would build, so checking it right after finds no drift.
import { uniqueName } from "@cong/testing";
import { buildRealmSpec } from "../src/realm/definition";
import { applyRealm } from "../src/realm/realm.applier";
import { toImportJson } from "../src/realm/realm.import";
import { admin, claims, PORTALS, token } from "./fixtures";

describe("realm file for the start-up import", () => {
  const realm = uniqueName("realm-file");
  const kc = admin(realm);
  afterAll(async () => {
    await kc.realms.del({ realm }).catch(() => undefined);
  });

  it("imports into the same realm the applier defines", async () => {
    const spec = buildRealmSpec({ realm, portals: PORTALS, demo: true, demoUsers: true });
    await kc.realms.create(toImportJson(spec) as never);
    const plan = await applyRealm(kc, spec, { dryRun: true });
    const drift = plan.filter((e) => e.change !== "unchanged");
    expect(drift).toEqual([]);
    // and its demo users get tokens with the portal_groups claim
    expect(claims(await token(realm, "beta.focal-officer")).portal_groups).toEqual([
      "/portals/beta/focal-officer",
    ]);
  });
});
