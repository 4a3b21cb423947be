// The consumer's rejoin after an outage relies on one internal of kafkajs (pinned at 2.2.4): the
// client's symbol-keyed cluster factory, through which the kit sends the LeaveGroup kafkajs could
// not send for the member it left behind (GroupMembership in consumer-group.ts). Checked without a
// broker — making a client or a cluster connects nowhere — so an upgrade that drops it fails here,
// not as portals a whole session behind after Kafka returns (e2e/test/outage-kafka.test.ts).
import { Kafka, logLevel } from "kafkajs";
import { clusterFactory } from "./consumer";

describe("the kafkajs internals the consumer's rejoin uses", () => {
  it("the client still makes clusters that can find a group's coordinator and leave a member", () => {
    const kafka = new Kafka({ clientId: "t", brokers: ["127.0.0.1:9"], logLevel: logLevel.NOTHING });
    const create = clusterFactory(kafka);
    expect(typeof create).toBe("function");
    const cluster = create?.({ allowAutoTopicCreation: false }) as unknown as Record<string, unknown>;
    for (const method of ["connect", "disconnect", "findGroupCoordinator"])
      expect(typeof cluster[method]).toBe("function");
  });

  it("is undefined, not an error, for a client without it", () => {
    expect(clusterFactory({} as Kafka)).toBeUndefined();
  });
});
