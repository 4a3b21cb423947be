// The idempotent consumer's group membership after an outage (see consumer.ts): the members
// kafkajs left behind when it crashed are taken out of the group by the kit.
import { setTimeout as sleep } from "node:timers/promises";
import type { Consumer, Kafka } from "kafkajs";
import type { Logger } from "pino";

/** What the kit uses of kafkajs's (private) cluster: one request, to take a member out. */
interface GroupCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(q: { groupId: string }): Promise<{
    leaveGroup(q: { groupId: string; memberId: string }): Promise<unknown>;
  }>;
}
type CreateCluster = (o: { metadataMaxAge?: number; allowAutoTopicCreation?: boolean }) => GroupCluster;

/**
 * kafkajs 2.2 (pinned in the kit's package.json) makes clusters with the client's settings
 * (brokers, TLS, SASL) through a symbol-keyed function; undefined if a later version drops it —
 * the consumer then waits for the old member's session as before.
 */
export function clusterFactory(kafka: Kafka): CreateCluster | undefined {
  const sym = Object.getOwnPropertySymbols(kafka).find(
    (x) => x.description === "private:Kafka:createCluster",
  );
  const fn = sym ? (kafka as unknown as Record<symbol, unknown>)[sym] : undefined;
  return typeof fn === "function" ? (fn as CreateCluster) : undefined;
}

/** Follows the member a consumer is, and takes those it was before a crash out of the group. */
export class GroupMembership {
  /** the group member this consumer is now (kafkajs's GROUP_JOIN) */
  private memberId: string | undefined;
  /** members this consumer was before kafkajs restarted it, that may still be in the group */
  private readonly departed = new Set<string>();
  private leaving: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly log: Logger,
    private readonly stopped: () => boolean,
  ) {}

  /** Listens to the consumer's GROUP_JOIN, CRASH and CONNECT. */
  follow(consumer: Consumer): void {
    const events = consumer.events;
    consumer.on(events.GROUP_JOIN, (e) => {
      this.memberId = e.payload.memberId;
      this.log.info({ memberId: e.payload.memberId, joinMs: e.payload.duration }, "joined the group");
    });
    consumer.on(events.CRASH, () => {
      if (this.memberId) this.departed.add(this.memberId);
      this.memberId = undefined;
    });
    // kafkajs's CONNECT comes when a (re)started consumer reaches the broker: the moment the old
    // member can be taken out, before or while the new one's join waits for it
    consumer.on(events.CONNECT, () => this.leaveDeparted());
  }

  /** Resolves when a LeaveGroup under way has ended. */
  async settled(): Promise<void> {
    await this.leaving;
  }

  /**
   * Takes the members this consumer was before a crash out of the group. An outage longer than
   * kafkajs's retries crashes the consumer; kafkajs cannot leave the group while the broker is
   * away, forgets its member id and restarts as a NEW member. The broker keeps the old member
   * (it reloads the group with it when it starts again) and holds the new member's join until the
   * old one's session expires: the portals stayed a whole session (10 s; 30 s before) behind after
   * Kafka returned (e2e/test/outage-kafka.test.ts). The old member is this process's, and dead, so
   * the kit sends the LeaveGroup kafkajs could not, as soon as the broker answers; the join then
   * completes at once. A member already gone (kafkajs left it, or it expired) is UNKNOWN_MEMBER_ID.
   */
  private leaveDeparted(): void {
    if (this.leaving || this.stopped() || !this.departed.size) return;
    const create = clusterFactory(this.kafka);
    if (!create) return;
    const groupId = this.groupId;
    this.leaving = (async () => {
      const cluster = create({ allowAutoTopicCreation: false });
      try {
        // a broker just started may still be loading the group (COORDINATOR_LOAD_IN_PROGRESS)
        for (let attempt = 1; this.departed.size && !this.stopped() && attempt <= 20; attempt++) {
          try {
            await cluster.connect();
            const coordinator = await cluster.findGroupCoordinator({ groupId });
            for (const memberId of [...this.departed]) {
              try {
                await coordinator.leaveGroup({ groupId, memberId });
                this.log.info({ memberId }, "took the member kafkajs left behind out of the group");
              } catch (e) {
                if ((e as { type?: string }).type !== "UNKNOWN_MEMBER_ID") throw e;
              }
              this.departed.delete(memberId);
            }
          } catch (e) {
            this.log.debug({ err: e, attempt }, "could not take the old member out of the group yet");
            await sleep(Math.min(100 * attempt, 1000));
          }
        }
      } finally {
        await cluster.disconnect().catch(() => undefined);
        this.leaving = undefined;
      }
      // a crash while this ran: its member is taken out at the next connection
    })();
  }
}
