// Outgoing mail in the chart (issue 18, ADR 0007): identity (invitations), content (answers to
// citizens' feedback) and archive (new incidents to the technical focal unit, R-OPS-247) — and only
// they — get SMTP_URL from the existing Secret (never from values: it carries the login), the From,
// TLS and retry settings in their ConfigMaps, and a NetworkPolicy egress to the SMTP server; with
// smtp.enabled off there is neither, and NOTES.txt says mail is off.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import {
  byKind,
  chartDir,
  FULLNAME,
  helmTemplate,
  type K8sObject,
  type Loose,
  podTemplate,
  productionValues,
  render,
  renderNotes,
  WORKLOAD_KINDS,
} from "./helm";
import { ensureTools } from "./tools";

const production = parse(fs.readFileSync(productionValues, "utf8"));
const defaults = parse(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8"));

const renders: Record<string, K8sObject[]> = {};
beforeAll(() => {
  ensureTools();
  renders.default = render();
  renders.production = render({ values: [productionValues] });
  renders.off = render({ set: ["smtp.enabled=false"] });
});

const env = (objects: K8sObject[], component: string) =>
  (byKind(objects, "Deployment").find((d) => d.metadata.name === `${FULLNAME}-${component}`)?.spec.template
    .spec.containers[0].env ?? []) as Loose[];
const config = (objects: K8sObject[], component: string) =>
  byKind(objects, "ConfigMap").find((c) => c.metadata.name === `${FULLNAME}-${component}`)?.data as Record<
    string,
    string
  >;
const policy = (objects: K8sObject[], component: string) =>
  byKind(objects, "NetworkPolicy").find((p) => p.metadata.name === `${FULLNAME}-${component}`)!;

describe("SMTP settings (identity mails invitations, content the answers to citizens, archive new incidents)", () => {
  const MAILERS = ["identity", "content", "archive"];
  it("gives identity, content and archive SMTP_URL from the existing Secret, and the From, TLS and retry in their ConfigMaps", () => {
    for (const objects of [renders.default!, renders.production!])
      for (const c of MAILERS) {
        expect(env(objects, c).find((e) => e.name === "SMTP_URL")).toEqual({
          name: "SMTP_URL",
          valueFrom: { secretKeyRef: { name: "cong-smtp", key: "SMTP_URL" } },
        });
        expect(config(objects, c)).toMatchObject({
          SMTP_FROM: "Cổng TTĐT tỉnh Bắc Giang <no-reply@bacgiang.gov.vn>",
          SMTP_REQUIRE_TLS: "true",
          SMTP_RETRY_MAX_MS: "5000",
        });
        expect(config(objects, c)).not.toHaveProperty("SMTP_URL");
      }
    // nobody else sends mail: no other workload has the URL or the settings
    for (const w of renders.default!.filter((o) => WORKLOAD_KINDS.includes(o.kind))) {
      if (MAILERS.some((c) => w.metadata.name === `${FULLNAME}-${c}`)) continue;
      const names = (podTemplate(w).spec.containers[0].env ?? []).map((e: Loose) => e.name);
      expect({ w: w.metadata.name, smtp: names.includes("SMTP_URL") }).toEqual({
        w: w.metadata.name,
        smtp: false,
      });
    }
    expect(config(renders.default!, "publishing")).not.toHaveProperty("SMTP_FROM");
    // no Secret is rendered for it
    expect(byKind(renders.default!, "Secret")).toEqual([]);
  });

  it("lets identity, content and archive reach the SMTP server, and only on its ports", () => {
    const rule = (objects: K8sObject[], c: string) =>
      policy(objects, c).spec.egress.find((r: Loose) =>
        r.ports.some((p: Loose) => p.port === 465 || p.port === 587),
      );
    for (const c of MAILERS) {
      expect(rule(renders.production!, c)).toEqual({
        to: [{ ipBlock: { cidr: production.smtp.egress.cidrs[0] } }],
        ports: [{ protocol: "TCP", port: 465 }],
      });
      // without an address in values: any address, on the SMTP ports only (NOTES.txt says so)
      expect(rule(renders.default!, c)).toEqual({
        ports: defaults.smtp.egress.ports.map((port: number) => ({ protocol: "TCP", port })),
      });
    }
    expect(renderNotes()).toMatch(/egress to smtp is allowed to any address on port\(s\) 465, 587/);
    for (const c of ["publishing", "media", "admin", "backup", "reports"]) {
      const smtp = policy(renders.default!, c).spec.egress.some((r: Loose) =>
        r.ports.some((p: Loose) => p.port === 465 || p.port === 587),
      );
      expect({ c, smtp }).toEqual({ c, smtp: false });
    }
  });

  it("sends no mail with smtp.enabled off: no URL, no egress, and NOTES.txt says so", () => {
    for (const c of MAILERS) {
      expect(env(renders.off!, c).some((e) => e.name === "SMTP_URL")).toBe(false);
      expect(config(renders.off!, c)).not.toHaveProperty("SMTP_FROM");
      expect(
        policy(renders.off!, c).spec.egress.some((r: Loose) => r.ports.some((p: Loose) => p.port === 465)),
      ).toBe(false);
    }
    const notes = renderNotes({ set: ["smtp.enabled=false"] });
    expect(notes).toMatch(/SMTP\s+off: no mail is sent/);
    expect(renderNotes({ values: [productionValues] })).toMatch(
      /SMTP\s+URL from Secret "cong-smtp" \(key SMTP_URL\).*TLS required/,
    );
  });

  it("R-OPS-247: archive mails new incidents to archive.techUnitMailbox (TECH_UNIT_MAILBOX), one address only", () => {
    expect(defaults.archive.techUnitMailbox).toBe("ubnd-sotttt@bacgiang.gov.vn");
    for (const objects of [renders.default!, renders.production!])
      expect(config(objects, "archive").TECH_UNIT_MAILBOX).toBe("ubnd-sotttt@bacgiang.gov.vn");
    const other = render({ set: ["archive.techUnitMailbox=kythuat@stttt.bacgiang.gov.vn"] });
    expect(config(other, "archive").TECH_UNIT_MAILBOX).toBe("kythuat@stttt.bacgiang.gov.vn");
    expect(renderNotes()).toMatch(/archive each new incident to ubnd-sotttt@bacgiang\.gov\.vn/);
    for (const bad of ["ubnd-sotttt", "a@b.vn\\,c@d.vn", "A <a@b.vn>"]) {
      const r = helmTemplate({ set: [`archive.techUnitMailbox=${bad}`] });
      expect({ bad, status: r.status }).not.toEqual({ bad, status: 0 });
      expect(r.stderr).toMatch(/archive\/techUnitMailbox/);
    }
    expect(renderNotes({ set: ["smtp.enabled=false"] })).toContain("incident mails on cong.archive.mail.v1");
  });

  it("refuses a mail setup it cannot use, naming the value", () => {
    const noSecret = helmTemplate({ set: ["smtp.existingSecret="] });
    expect(noSecret.status).not.toBe(0);
    expect(noSecret.stderr).toContain("smtp.existingSecret is required while smtp.enabled");
    const badFrom = helmTemplate({ set: ["smtp.from=Cổng"] });
    expect(badFrom.status).not.toBe(0);
    expect(badFrom.stderr).toMatch(/smtp\/from/);
    const typo = helmTemplate({ set: ["smtp.requireTLS=true"] });
    expect(typo.stderr).toContain("additional properties 'requireTLS' not allowed");
  });
});
