// @ts-check
// Apache Kafka in KRaft mode (one node that is broker and controller), its jars from Maven Central
// (infra/local/kafka/pom.xml), run by a JDK 17+.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { cacheDir, loopback, port, runDir } from "../context.mjs";
import { mavenInstall, pomProperty } from "../maven.mjs";
import { probeKafka } from "../probes.mjs";
import { requireJava, run } from "../tools.mjs";

const KAFKA_VERSION = pomProperty("kafka/pom.xml", "kafka.version");
const home = path.join(cacheDir, `kafka-${KAFKA_VERSION}`);
const dir = path.join(runDir, "kafka");
const dataDir = path.join(dir, "data");
const java = () =>
  requireJava(
    17,
    "KAFKA_JAVA_HOME",
    "Java 17 or newer is missing: Kafka needs it. Install a JDK (or set JAVA_HOME).",
  );

const serverProperties = () =>
  [
    "# written by infra/local; single-node KRaft broker+controller on loopback",
    "process.roles=broker,controller",
    "node.id=1",
    `controller.quorum.voters=1@${loopback(9093)}`,
    `listeners=PLAINTEXT://${loopback(9092)},CONTROLLER://${loopback(9093)}`,
    `advertised.listeners=PLAINTEXT://${loopback(9092)}`,
    "controller.listener.names=CONTROLLER",
    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "inter.broker.listener.name=PLAINTEXT",
    `log.dirs=${dataDir}`,
    "num.partitions=3",
    // topics are created explicitly by the services (as Strimzi KafkaTopics do in the cluster)
    "auto.create.topics.enable=false",
    "offsets.topic.replication.factor=1",
    "offsets.topic.num.partitions=10",
    "transaction.state.log.replication.factor=1",
    "transaction.state.log.min.isr=1",
    "share.coordinator.state.topic.replication.factor=1",
    "share.coordinator.state.topic.min.isr=1",
    "group.initial.rebalance.delay.ms=0",
    "log.retention.hours=168",
    "log.segment.bytes=67108864",
    "",
  ].join("\n");

const log4j2 = [
  "Configuration:",
  "  Appenders:",
  "    Console:",
  "      name: STDOUT",
  "      PatternLayout:",
  '        pattern: "[%d] %p %m (%c)%n"',
  "  Loggers:",
  "    Root:",
  "      level: INFO",
  "      AppenderRef:",
  "        - ref: STDOUT",
  "    Logger:",
  "      - name: kafka.log",
  "        level: WARN",
  "      - name: org.apache.kafka.storage",
  "        level: WARN",
  "",
].join("\n");

/** A Kafka cluster id: a URL-safe base64 UUID that does not start with "-". */
function clusterId() {
  let id;
  do id = randomBytes(16).toString("base64url");
  while (id.startsWith("-"));
  return id;
}

/** @type {import("../server.mjs").Server} */
export const kafka = {
  name: "kafka",
  title: `Apache Kafka ${KAFKA_VERSION} (KRaft, single node)`,
  envVar: "KAFKA_BROKERS",
  ports: [port(9092), port(9093)],
  timeoutS: 90,
  endpoint: () => loopback(9092),
  settings: () => ({ KAFKA_BROKERS: loopback(9092) }),
  external: () => (process.env.KAFKA_BROKERS ? { KAFKA_BROKERS: process.env.KAFKA_BROKERS } : null),
  install() {
    java();
    mavenInstall({
      name: "kafka",
      why: "Maven fetches Kafka from Maven Central",
      pom: "kafka/pom.xml",
      dir: home,
      key: `kafka-${KAFKA_VERSION}`,
      goal: "dependency:copy-dependencies",
      props: (partial) => ["includeScope=runtime", `outputDirectory=${path.join(partial, "libs")}`],
    });
  },
  prepare() {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "server.properties"), serverProperties());
    fs.writeFileSync(path.join(dir, "log4j2.yaml"), log4j2);
    if (!fs.existsSync(path.join(dataDir, "meta.properties"))) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      run(java().bin, [
        "-cp",
        `${path.join(home, "libs")}/*`,
        `-Dlog4j2.configurationFile=${path.join(dir, "log4j2.yaml")}`,
        "kafka.tools.StorageTool",
        "format",
        "-t",
        clusterId(),
        "-c",
        path.join(dir, "server.properties"),
      ]);
    }
  },
  start: () => ({
    cmd: java().bin,
    args: [
      "-Xms128m",
      `-Xmx${process.env.KAFKA_HEAP ?? "512m"}`,
      "-XX:+UseSerialGC",
      "-XX:MaxMetaspaceSize=128m",
      "-Djava.awt.headless=true",
      `-Dlog4j2.configurationFile=${path.join(dir, "log4j2.yaml")}`,
      `-Dcong.local=${runDir}`,
      "-cp",
      `${path.join(home, "libs")}/*`,
      "kafka.Kafka",
      path.join(dir, "server.properties"),
    ],
  }),
  probe: () => probeKafka(port(9092)),
};
