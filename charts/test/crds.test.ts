// The operators' custom resources (Strimzi, MongoDB Community, Keycloak) are unknown to
// kubernetes-validate, so their shapes are checked here against the fields of the published
// CRDs that the chart uses: apiVersion, required fields, enums, and no field outside the CRD.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { byKind, chartDir, everythingOn, FULLNAME, type K8sObject, type Loose, render } from "./helm";
import { ensureTools } from "./tools";

const topicsFile: { partitions: number; topics: { name: string; purpose: string }[] } = JSON.parse(
  fs.readFileSync(path.join(chartDir, "files", "topics.json"), "utf8"),
);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Fails naming every key of `obj` that is not in `allowed` (a closed object of the CRD). */
function onlyKeys(where: string, obj: object, allowed: string[]) {
  expect({ where, unknown: Object.keys(obj).filter((k) => !allowed.includes(k)) }).toEqual({
    where,
    unknown: [],
  });
}

function metadataOk(o: K8sObject) {
  expect(o.metadata.name.length).toBeLessThanOrEqual(63);
  expect(o.metadata.name).toMatch(DNS_SUBDOMAIN);
  expect(o.metadata.namespace).toBeTruthy();
}

let objects: K8sObject[];
beforeAll(() => {
  ensureTools();
  objects = render(everythingOn);
});

describe("Strimzi (kafka.strimzi.io/v1beta2)", () => {
  it("Kafka: KRaft with node pools, no ZooKeeper, topics never auto-created", () => {
    const [kafka, ...more] = byKind(objects, "Kafka");
    expect(more).toEqual([]);
    metadataOk(kafka!);
    expect(kafka!.apiVersion).toBe("kafka.strimzi.io/v1beta2");
    expect(kafka!.metadata.annotations).toMatchObject({
      "strimzi.io/kraft": "enabled",
      "strimzi.io/node-pools": "enabled",
    });
    onlyKeys("Kafka.spec", kafka!.spec, [
      "kafka",
      "entityOperator",
      "cruiseControl",
      "kafkaExporter",
      "clusterCa",
      "clientsCa",
      "maintenanceTimeWindows",
    ]);
    const k = kafka!.spec.kafka;
    // with node pools the replicas and storage live in the KafkaNodePool
    onlyKeys("Kafka.spec.kafka", k, [
      "version",
      "metadataVersion",
      "listeners",
      "config",
      "authorization",
      "rack",
      "resources",
      "template",
      "logging",
      "metricsConfig",
      "jvmOptions",
    ]);
    expect(k.listeners.length).toBeGreaterThan(0);
    for (const l of k.listeners) {
      onlyKeys("listener", l, [
        "name",
        "port",
        "type",
        "tls",
        "authentication",
        "configuration",
        "networkPolicyPeers",
      ]);
      expect(l.name).toMatch(/^[a-z0-9]{1,11}$/);
      expect(l.port).toBeGreaterThanOrEqual(9092);
      expect(["internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip"]).toContain(l.type);
      expect(typeof l.tls).toBe("boolean");
      if (l.authentication)
        expect(["tls", "scram-sha-512", "oauth", "custom"]).toContain(l.authentication.type);
    }
    expect(k.config["auto.create.topics.enable"]).toBe(false);
    expect(k.authorization?.type).toBe("simple");
    expect(kafka!.spec.entityOperator.topicOperator).toEqual({});
  });

  it("KafkaNodePool: one pool of controller+broker nodes of this cluster", () => {
    const kafka = byKind(objects, "Kafka")[0]!;
    const [pool] = byKind(objects, "KafkaNodePool");
    metadataOk(pool!);
    expect(pool!.metadata.labels["strimzi.io/cluster"]).toBe(kafka.metadata.name);
    onlyKeys("KafkaNodePool.spec", pool!.spec, [
      "replicas",
      "roles",
      "storage",
      "resources",
      "jvmOptions",
      "template",
    ]);
    expect(pool!.spec.replicas).toBeGreaterThanOrEqual(1);
    expect(pool!.spec.roles.sort()).toEqual(["broker", "controller"]);
    expect(pool!.spec.storage.type).toBe("jbod");
    for (const v of pool!.spec.storage.volumes) {
      onlyKeys("volume", v, [
        "id",
        "type",
        "size",
        "class",
        "deleteClaim",
        "kraftMetadata",
        "selector",
        "overrides",
      ]);
      expect(Number.isInteger(v.id)).toBe(true);
      expect(["persistent-claim", "ephemeral"]).toContain(v.type);
      expect(v.kraftMetadata).toBe("shared");
    }
  });

  it("KafkaTopics match files/topics.json exactly (names and partitions)", () => {
    const kafka = byKind(objects, "Kafka")[0]!;
    const topics = byKind(objects, "KafkaTopic");
    const rendered = topics
      .map((t) => ({ name: t.spec.topicName, partitions: t.spec.partitions }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const expected = topicsFile.topics
      .map((t) => ({ name: t.name, partitions: topicsFile.partitions }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(rendered).toEqual(expected);
    for (const t of topics) {
      metadataOk(t);
      expect(t.metadata.name).toMatch(DNS_LABEL);
      expect(t.apiVersion).toBe("kafka.strimzi.io/v1beta2");
      expect(t.metadata.labels["strimzi.io/cluster"]).toBe(kafka.metadata.name);
      onlyKeys("KafkaTopic.spec", t.spec, ["topicName", "partitions", "replicas", "config"]);
      expect(t.spec.replicas).toBeGreaterThanOrEqual(1);
    }
  });

  it("topic partitions can be overridden per topic, and an unknown topic name is refused", () => {
    const first = topicsFile.topics[0]!.name;
    const overridden = render({
      ...everythingOn,
      set: [
        ...everythingOn.set!,
        `kafka.operator.topics.overrides.${first.replaceAll(".", "\\.")}.partitions=12`,
      ],
    });
    const topic = byKind(overridden, "KafkaTopic").find((t) => t.spec.topicName === first)!;
    expect(topic.spec.partitions).toBe(12);
    expect(() =>
      render({
        ...everythingOn,
        set: [...everythingOn.set!, "kafka.operator.topics.overrides.cong\\.nope.partitions=3"],
      }),
    ).toThrow(/not a topic of files\/topics.json/);
  });

  it("KafkaUsers: one per Kafka client, SCRAM, ACLs limited to the platform's topics and groups", () => {
    const users = byKind(objects, "KafkaUser");
    expect(users.map((u) => u.metadata.labels["app.kubernetes.io/component"]).sort()).toEqual([
      "archive",
      "content",
      "identity",
      "media",
      "publishing",
      "reports",
    ]);
    for (const u of users) {
      onlyKeys("KafkaUser.spec", u.spec, ["authentication", "authorization", "quotas", "template"]);
      expect(u.spec.authentication.type).toBe("scram-sha-512");
      for (const acl of u.spec.authorization.acls) {
        expect(["topic", "group", "cluster", "transactionalId"]).toContain(acl.resource.type);
        expect(acl.resource.patternType).toBe("prefix");
        for (const op of acl.operations) {
          expect([
            "Read",
            "Write",
            "Create",
            "Delete",
            "Alter",
            "Describe",
            "ClusterAction",
            "AlterConfigs",
            "DescribeConfigs",
            "IdempotentWrite",
            "All",
          ]).toContain(op);
        }
      }
    }
    // each service reads the password from its KafkaUser's Secret
    const content = byKind(objects, "Deployment").find((d) => d.metadata.name === `${FULLNAME}-content`)!;
    const env = content.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({
      name: "KAFKA_SASL_PASSWORD",
      valueFrom: { secretKeyRef: { name: `${FULLNAME}-kafka-content`, key: "password" } },
    });
  });
});

describe("MongoDB Community (mongodbcommunity.mongodb.com/v1)", () => {
  it("MongoDBCommunity: a TLS replica set with one least-privilege user per service", () => {
    const [mdb] = byKind(objects, "MongoDBCommunity");
    expect(mdb!.apiVersion).toBe("mongodbcommunity.mongodb.com/v1");
    expect(mdb!.metadata.name.length).toBeLessThanOrEqual(44);
    const spec = mdb!.spec;
    onlyKeys("MongoDBCommunity.spec", spec, [
      "type",
      "members",
      "version",
      "security",
      "users",
      "statefulSet",
      "additionalMongodConfig",
      "arbiters",
      "featureCompatibilityVersion",
      "prometheus",
      "agent",
    ]);
    // required by the CRD
    expect(spec.type).toBe("ReplicaSet");
    expect(spec.security.authentication.modes).toEqual(["SCRAM"]);
    expect(spec.security.tls).toMatchObject({
      enabled: true,
      certificateKeySecretRef: { name: expect.any(String) },
      caConfigMapRef: { name: expect.any(String) },
    });
    expect(spec.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(spec.statefulSet.spec).toBeDefined();
    const byName = Object.fromEntries(spec.users.map((u: { name: string }) => [u.name, u]));
    for (const svc of ["publishing", "content", "media", "identity", "archive"]) {
      expect(byName[svc]).toMatchObject({ db: svc, roles: [{ name: "readWrite", db: svc }] });
    }
    expect(byName.backup.roles.map((r: { name: string }) => r.name)).toContain("backup");
    expect(byName.restore.roles.map((r: { name: string }) => r.name)).toContain("restore");
    for (const u of spec.users) {
      onlyKeys("user", u, [
        "name",
        "db",
        "passwordSecretRef",
        "roles",
        "scramCredentialsSecretName",
        "connectionStringSecretName",
        "connectionStringSecretNamespace",
        "connectionStringSecretAnnotations",
        "additionalConnectionStringConfig",
      ]);
      expect(u.passwordSecretRef.name).toBeTruthy();
      expect(u.scramCredentialsSecretName).toMatch(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
      );
    }
    // the services read the operator's connection-string Secret of their own user
    const media = byKind(objects, "Deployment").find((d) => d.metadata.name === `${FULLNAME}-media`)!;
    expect(media.spec.template.spec.containers[0].env).toContainEqual({
      name: "MONGO_URL",
      valueFrom: {
        secretKeyRef: { name: byName.media.connectionStringSecretName, key: "connectionString.standard" },
      },
    });
  });
});

describe("Keycloak operator (k8s.keycloak.org/v2alpha1)", () => {
  it("Keycloak: external database, TLS, its own Ingress off, admin console on the admin host", () => {
    const [kc] = byKind(objects, "Keycloak");
    expect(kc!.apiVersion).toBe("k8s.keycloak.org/v2alpha1");
    onlyKeys("Keycloak.spec", kc!.spec, [
      "instances",
      "image",
      "db",
      "http",
      "hostname",
      "proxy",
      "ingress",
      "bootstrapAdmin",
      "resources",
      "features",
      "transaction",
      "additionalOptions",
      "unsupported",
      "httpManagement",
      "networkPolicy",
      "scheduling",
      "truststores",
      "cache",
      "startOptimized",
    ]);
    expect(kc!.spec.instances).toBeGreaterThanOrEqual(1);
    onlyKeys("Keycloak.spec.db", kc!.spec.db, [
      "vendor",
      "host",
      "port",
      "database",
      "usernameSecret",
      "passwordSecret",
      "url",
      "schema",
      "poolInitialSize",
      "poolMinSize",
      "poolMaxSize",
    ]);
    expect(kc!.spec.db.usernameSecret).toEqual({ name: expect.any(String), key: expect.any(String) });
    expect(kc!.spec.http.tlsSecret).toBe("cong-keycloak-tls");
    expect(kc!.spec.hostname.hostname).toMatch(/^https:\/\//);
    expect(kc!.spec.ingress).toEqual({ enabled: false });
    expect(kc!.spec.proxy.headers).toBe("xforwarded");
  });

  it("KeycloakRealmImport: the realm from a JSON file, secrets as placeholders from Secrets", () => {
    const realmFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cong-realm-")), "realm.json");
    const realm = {
      realm: "bacgiang",
      enabled: true,
      // a Keycloak placeholder, filled by the operator from the Secret below
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Keycloak's placeholder syntax, not a JS template
      clients: [{ clientId: "cong-identity", secret: "${IDENTITY_SECRET}" }],
    };
    fs.writeFileSync(realmFile, JSON.stringify(realm));
    const rendered = render({
      ...everythingOn,
      setFile: [`keycloak.operator.realmImport.realmJson=${realmFile}`],
      set: [
        ...everythingOn.set!,
        "keycloak.operator.realmImport.placeholders.IDENTITY_SECRET.secret.name=cong-keycloak-clients",
        "keycloak.operator.realmImport.placeholders.IDENTITY_SECRET.secret.key=identity",
      ],
    });
    fs.rmSync(path.dirname(realmFile), { recursive: true, force: true });
    const kc = byKind(rendered, "Keycloak")[0]!;
    const [imp] = byKind(rendered, "KeycloakRealmImport");
    expect(imp!.apiVersion).toBe("k8s.keycloak.org/v2alpha1");
    onlyKeys("KeycloakRealmImport.spec", imp!.spec, ["keycloakCRName", "realm", "placeholders", "resources"]);
    expect(imp!.spec.keycloakCRName).toBe(kc.metadata.name);
    expect(imp!.spec.realm).toEqual(realm);
    expect(imp!.spec.placeholders).toEqual({
      IDENTITY_SECRET: { secret: { name: "cong-keycloak-clients", key: "identity" } },
    });
    // no realm given, no import
    expect(byKind(objects, "KeycloakRealmImport")).toEqual([]);
  });
});

describe("Prometheus Operator (monitoring.coreos.com/v1)", () => {
  /** A Prometheus duration as the CRDs' pattern accepts it (e.g. 30s, 1h30m). */
  const DURATION =
    /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
  const SERVICES = ["publishing", "content", "media", "identity", "archive", "admin"];

  it("off by default: no ServiceMonitor, no PrometheusRule", () => {
    const defaults = render();
    expect(byKind(defaults, "ServiceMonitor")).toEqual([]);
    expect(byKind(defaults, "PrometheusRule")).toEqual([]);
  });

  it("ServiceMonitor: one per service, selecting its Service, scraping /metrics on the management port", () => {
    const monitors = byKind(objects, "ServiceMonitor");
    expect(monitors.map((m) => m.metadata.labels["app.kubernetes.io/component"]).sort()).toEqual(
      [...SERVICES].sort(),
    );
    const services = byKind(objects, "Service");
    for (const m of monitors) {
      metadataOk(m);
      expect(m.apiVersion).toBe("monitoring.coreos.com/v1");
      onlyKeys("ServiceMonitor.spec", m.spec, [
        "jobLabel",
        "targetLabels",
        "podTargetLabels",
        "endpoints",
        "selector",
        "selectorMechanism",
        "namespaceSelector",
        "sampleLimit",
        "scrapeProtocols",
        "fallbackScrapeProtocol",
        "targetLimit",
        "labelLimit",
        "labelNameLengthLimit",
        "labelValueLengthLimit",
        "nativeHistogramBucketLimit",
        "nativeHistogramMinBucketFactor",
        "convertClassicHistogramsToNHCB",
        "scrapeClassicHistograms",
        "keepDroppedTargets",
        "attachMetadata",
        "scrapeClass",
        "bodySizeLimit",
        "serviceDiscoveryRole",
      ]);
      // required by the CRD
      expect(m.spec.selector).toBeDefined();
      onlyKeys("ServiceMonitor.spec.selector", m.spec.selector, ["matchLabels", "matchExpressions"]);
      onlyKeys("ServiceMonitor.spec.namespaceSelector", m.spec.namespaceSelector, ["any", "matchNames"]);
      expect(m.spec.namespaceSelector.matchNames).toEqual([m.metadata.namespace]);
      expect(m.spec.endpoints.length).toBeGreaterThan(0);
      for (const e of m.spec.endpoints) {
        onlyKeys("ServiceMonitor endpoint", e, [
          "port",
          "targetPort",
          "path",
          "scheme",
          "params",
          "interval",
          "scrapeTimeout",
          "honorLabels",
          "honorTimestamps",
          "trackTimestampsStaleness",
          "metricRelabelings",
          "relabelings",
          "proxyUrl",
          "noProxy",
          "proxyFromEnvironment",
          "proxyConnectHeader",
          "followRedirects",
          "enableHttp2",
          "filterRunning",
          "tlsConfig",
          "bearerTokenFile",
          "bearerTokenSecret",
          "authorization",
          "basicAuth",
          "oauth2",
        ]);
        expect(["http", "https"]).toContain(e.scheme);
        expect(e.path).toBe("/metrics");
        expect(e.interval).toMatch(DURATION);
        expect(e.scrapeTimeout).toMatch(DURATION);
      }
      // the selector picks exactly one Service of the release, and its port is the management port
      const selected = services.filter((s) =>
        Object.entries(m.spec.selector.matchLabels).every(([k, v]) => s.metadata.labels[k] === v),
      );
      expect(selected.map((s) => s.metadata.name)).toEqual([m.metadata.name]);
      const port = selected[0]!.spec.ports.find((p: { name: string }) => p.name === m.spec.endpoints[0].port);
      expect(port).toMatchObject({ name: "management", port: 9464 });
    }
  });

  it("ServiceMonitor: a disabled service gets none, and extra labels reach the selector of Prometheus", () => {
    const rendered = render({
      ...everythingOn,
      set: [...everythingOn.set!, "media.enabled=false", "monitoring.serviceMonitor.labels.release=kps"],
    });
    const monitors = byKind(rendered, "ServiceMonitor");
    expect(monitors.map((m) => m.metadata.name)).not.toContain(`${FULLNAME}-media`);
    expect(monitors).toHaveLength(SERVICES.length - 1);
    for (const m of monitors) expect(m.metadata.labels.release).toBe("kps");
  });

  it("PrometheusRule: groups and rules of the CRD's shape; each alert has a severity, a Vietnamese summary and its runbook", () => {
    const [rule, ...more] = byKind(objects, "PrometheusRule");
    expect(more).toEqual([]);
    metadataOk(rule!);
    expect(rule!.apiVersion).toBe("monitoring.coreos.com/v1");
    onlyKeys("PrometheusRule.spec", rule!.spec, ["groups"]);
    const groupNames = rule!.spec.groups.map((g: { name: string }) => g.name);
    expect(new Set(groupNames).size).toBe(groupNames.length);
    const alerts: string[] = [];
    for (const g of rule!.spec.groups) {
      onlyKeys("PrometheusRule group", g, [
        "name",
        "labels",
        "interval",
        "query_offset",
        "limit",
        "rules",
        "partial_response_strategy",
      ]);
      expect(g.name.length).toBeGreaterThan(0);
      for (const r of g.rules) {
        onlyKeys("PrometheusRule rule", r, [
          "record",
          "alert",
          "expr",
          "for",
          "keep_firing_for",
          "labels",
          "annotations",
        ]);
        expect(typeof r.expr).toBe("string");
        if (r.for !== undefined) expect(r.for).toMatch(DURATION);
        expect(r.alert).toMatch(/^Cong[A-Za-z0-9]+$/);
        alerts.push(r.alert);
        expect(["critical", "warning", "info"]).toContain(r.labels.severity);
        expect(Object.keys(r.annotations).sort()).toEqual(["description", "runbook_url", "summary"]);
        // Vietnamese: at least one letter with a Vietnamese diacritic
        expect(r.annotations.summary).toMatch(
          /[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/i,
        );
        expect(r.annotations.summary.normalize("NFC")).toBe(r.annotations.summary);
        expect(r.annotations.runbook_url).toBe(`docs/runbooks/${r.alert}.md`);
        // the runbook exists in the repository
        expect(fs.existsSync(path.join(chartDir, "..", "..", r.annotations.runbook_url))).toBe(true);
        // every expression is limited to this release's namespace
        expect(r.expr).toContain(`namespace="${rule!.metadata.namespace}"`);
      }
    }
    expect(new Set(alerts).size).toBe(alerts.length);
    expect(alerts.sort()).toEqual(
      [
        "CongArchiveChainBroken",
        "CongBackupNotVerified",
        "CongConsumerEventAgeGrowing",
        "CongConsumerLagGrowing",
        "CongDeadLetter",
        "CongHighErrorRatio",
        "CongHighLatencyP95",
        "CongMailFailing",
        "CongMediaProcessingStuck",
        "CongOutboxBacklog",
        "CongPodRestarting",
        "CongRetentionFailing",
        "CongRetentionLate",
        "CongSchedulesMissed",
        "CongSmtpDown",
        "CongTargetDown",
      ].sort(),
    );
  });

  it("PrometheusRule: thresholds and the runbook base come from values; a bad duration is refused", () => {
    // --set makes 0.2 a string, which the schema refuses: a number comes from a values file
    const valuesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cong-alerts-")), "values.yaml");
    fs.writeFileSync(
      valuesFile,
      "monitoring:\n  prometheusRule:\n    alerts:\n      errorRatio:\n        threshold: 0.2\n",
    );
    const rendered = render({
      ...everythingOn,
      values: [valuesFile],
      set: [
        ...everythingOn.set!,
        "monitoring.prometheusRule.alerts.outboxBacklog.minutes=10",
        "monitoring.prometheusRule.runbookBaseUrl=https://git.example.vn/cong/docs/runbooks",
        "monitoring.prometheusRule.labels.release=kps",
      ],
    });
    fs.rmSync(path.dirname(valuesFile), { recursive: true, force: true });
    const rule = byKind(rendered, "PrometheusRule")[0]!;
    expect(rule.metadata.labels.release).toBe("kps");
    const rules = rule.spec.groups.flatMap((g: { rules: Loose[] }) => g.rules);
    const byAlert = Object.fromEntries(rules.map((r: Loose) => [r.alert, r]));
    expect(byAlert.CongOutboxBacklog.expr).toMatch(/> 600$/);
    expect(byAlert.CongHighErrorRatio.expr).toMatch(/> 0\.2$/);
    expect(byAlert.CongTargetDown.annotations.runbook_url).toBe(
      "https://git.example.vn/cong/docs/runbooks/CongTargetDown.md",
    );
    expect(() =>
      render({
        ...everythingOn,
        set: [...everythingOn.set!, "monitoring.prometheusRule.alerts.smtpDown.for=10 minutes"],
      }),
    ).toThrow(/smtpDown/);
    expect(() =>
      render({
        ...everythingOn,
        set: [...everythingOn.set!, "monitoring.prometheusRule.alerts.smtpDown.severity=page"],
      }),
    ).toThrow(/severity/);
  });

  it("CongBackupNotVerified: archive reads the backup job's status.json from backup.target (BACKUP_TARGET in its ConfigMap)", () => {
    const archiveData = (objects: K8sObject[]) =>
      byKind(objects, "ConfigMap").find((m) => m.metadata.name === `${FULLNAME}-archive`)!.data;
    const on = render(everythingOn);
    expect(archiveData(on).BACKUP_TARGET).toBe("s3://cong-backups/daily");
    const rule = byKind(on, "PrometheusRule")[0]!;
    const alert = rule.spec.groups
      .flatMap((g: { rules: Loose[] }) => g.rules)
      .find((r: Loose) => r.alert === "CongBackupNotVerified");
    expect(alert.expr).toContain(
      `cong_process_start_time_seconds{namespace="${rule.metadata.namespace}", job="${FULLNAME}-archive"}`,
    );
    expect(alert.expr).toContain("> 93600");
    const off = render({ ...everythingOn, set: [...everythingOn.set!, "backup.enabled=false"] });
    expect(archiveData(off).BACKUP_TARGET).toBeUndefined();
  });
});
