import type { z } from "zod";
import { TYPE_PREFIX } from "./cloudevents";
import { type TopicKey, Topics } from "./topics";

export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  /** short name, e.g. `content.published` */
  name: string;
  version: number;
  /** full CloudEvents type, e.g. `vn.gov.bacgiang.content.published.v1` */
  type: string;
  topic: (typeof Topics)[TopicKey];
  topicKey: TopicKey;
  description: string;
  schema: S;
  example: z.input<S>;
  /** the aggregate id: CloudEvents subject and Kafka key */
  subject: (data: z.output<S>) => string;
  /** the portal the event concerns, if any */
  portalId: (data: z.output<S>) => string | undefined;
}

export function defineEvent<S extends z.ZodType>(def: {
  name: string;
  version?: number;
  topic: TopicKey;
  description: string;
  schema: S;
  example: z.input<S>;
  subject: (data: z.output<S>) => string;
  portalId?: (data: z.output<S>) => string | undefined;
}): EventDefinition<S> {
  const version = def.version ?? 1;
  return {
    name: def.name,
    version,
    type: `${TYPE_PREFIX}${def.name}.v${version}`,
    topic: Topics[def.topic],
    topicKey: def.topic,
    description: def.description,
    schema: def.schema,
    example: def.example,
    subject: def.subject,
    portalId: def.portalId ?? (() => undefined),
  };
}
