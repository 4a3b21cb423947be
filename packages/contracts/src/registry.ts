import { z } from "zod";
import { type CloudEvent, envelope } from "./cloudevents";
import type { EventDefinition } from "./define";
import * as content from "./events/content";
import * as feedback from "./events/feedback";
import * as identity from "./events/identity";
import * as mail from "./events/mail";
import * as media from "./events/media";

/** Every event of the platform (DESIGN: Events). */
export const Events = {
  ContentSubmitted: content.ContentSubmitted,
  ContentApproved: content.ContentApproved,
  ContentRejected: content.ContentRejected,
  ContentPublished: content.ContentPublished,
  ContentUnpublished: content.ContentUnpublished,
  ContentArchived: content.ContentArchived,
  ContentExpired: content.ContentExpired,
  PortalUpdated: content.PortalUpdated,
  AssetUploaded: media.AssetUploaded,
  AssetProcessed: media.AssetProcessed,
  AssetDeleted: media.AssetDeleted,
  MembershipGranted: identity.MembershipGranted,
  MembershipRevoked: identity.MembershipRevoked,
  FocalOfficerAppointed: identity.FocalOfficerAppointed,
  AccountHandedOver: identity.AccountHandedOver,
  FeedbackReceived: feedback.FeedbackReceived,
  FeedbackAnswered: feedback.FeedbackAnswered,
  IdentityMailRequested: mail.IdentityMailRequested,
  ContentMailRequested: mail.ContentMailRequested,
  ArchiveMailRequested: mail.ArchiveMailRequested,
} as const;

export type AnyEventDefinition = (typeof Events)[keyof typeof Events];
export type EventData<D extends EventDefinition> = z.output<D["schema"]>;

const byType = new Map<string, AnyEventDefinition>(Object.values(Events).map((d) => [d.type, d]));

export function eventDefinition(type: string): AnyEventDefinition | undefined {
  return byType.get(type);
}

/** An event that does not match its schema: a bug in the producer, or a poison message. */
export class ContractViolation extends Error {
  override readonly name = "ContractViolation";
  constructor(
    readonly eventType: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(
      `${eventType} does not match its contract: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`,
    );
  }
}

function violation(type: string, error: z.ZodError): ContractViolation {
  return new ContractViolation(
    type,
    error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  );
}

/** Validates outgoing data and wraps it in a CloudEvent. Throws ContractViolation on mismatch. */
export function createEvent<D extends EventDefinition>(
  def: D,
  data: z.input<D["schema"]>,
  init: { source: string; id?: string; time?: Date; traceparent?: string; tracestate?: string },
): CloudEvent<EventData<D>> {
  const parsed = def.schema.safeParse(data);
  if (!parsed.success) throw violation(def.type, parsed.error);
  const out = parsed.data as EventData<D>;
  return envelope(def.type, out, { ...init, subject: def.subject(out), portalId: def.portalId(out) });
}

/** Validates an incoming CloudEvent's data against the contract of its type. */
export function parseEvent(
  event: CloudEvent<unknown>,
): CloudEvent<unknown> & { definition: AnyEventDefinition } {
  const def = byType.get(event.type);
  if (!def) throw new ContractViolation(event.type, [{ path: "type", message: "unknown event type" }]);
  const parsed = def.schema.safeParse(event.data);
  if (!parsed.success) throw violation(event.type, parsed.error);
  return { ...event, data: parsed.data, definition: def };
}

/** Narrows a parsed event to one definition. */
export function isEvent<D extends EventDefinition>(
  event: CloudEvent<unknown>,
  def: D,
): event is CloudEvent<EventData<D>> {
  return event.type === def.type;
}

/** JSON Schema (draft 2020-12) of each event's data, for the docs. */
export function eventJsonSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of Object.values(Events)) {
    out[def.type] = {
      ...z.toJSONSchema(def.schema, { io: "input", unrepresentable: "any" }),
      title: def.type,
      description: def.description,
      "x-topic": def.topic,
      examples: [def.example],
    };
  }
  return out;
}
