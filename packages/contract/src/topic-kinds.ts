import type { z } from "zod";
import { BirthBodySchema } from "./messages/birth.js";
import type { Body } from "./messages/body.js";
import { CmdBodySchema } from "./messages/cmd.js";
import { DataBodySchema } from "./messages/data.js";
import { DeathBodySchema } from "./messages/death.js";
import { EXAMPLE_BODIES } from "./messages/examples.js";
import { ReplyBodySchema } from "./messages/reply.js";
import { StatusBodySchema } from "./messages/status.js";
import type { TopicKind } from "./topics.js";

/**
 * "The MQTT contract is a type": the body type published on each topic kind. Derived from the
 * body union, so a new kind cannot be added to one without the other.
 */
export type TopicPayloads = { [K in TopicKind]: Extract<Body, { kind: K }> };

export type Direction = "gateway-to-cloud" | "cloud-to-gateway";

export interface TopicKindInfo<K extends TopicKind> {
  direction: Direction;
  /** Signing key: the gateway's enrolled key, or the cloud's key for cmd. */
  signedBy: "gateway" | "cloud";
  /**
   * QoS 1 everywhere: the agent deletes a spooled frame only after PUBACK, and duplicates are
   * harmless because the ledger dedupes on (sess, seq). QoS 2's extra round trip buys nothing.
   */
  qos: 1;
  /** Retained so a consumer that subscribes later still learns the gateway's current state. */
  retained: boolean;
  summary: string;
  schema: z.ZodType<TopicPayloads[K]>;
  example: TopicPayloads[K];
}

export const TOPIC_KINDS: { readonly [K in TopicKind]: TopicKindInfo<K> } = {
  birth: {
    direction: "gateway-to-cloud",
    signedBy: "gateway",
    qos: 1,
    retained: true,
    summary: "Agent version, session, signing key id, devices with profile and identity fingerprint",
    schema: BirthBodySchema,
    example: EXAMPLE_BODIES.birth,
  },
  death: {
    direction: "gateway-to-cloud",
    signedBy: "gateway",
    qos: 1,
    retained: true,
    summary: "Graceful shutdown, or the last will the broker publishes when the agent is gone",
    schema: DeathBodySchema,
    example: EXAMPLE_BODIES.death,
  },
  data: {
    direction: "gateway-to-cloud",
    signedBy: "gateway",
    qos: 1,
    retained: false,
    summary: "A batch of samples for one or more devices, plus spool loss if any",
    schema: DataBodySchema,
    example: EXAMPLE_BODIES.data,
  },
  status: {
    direction: "gateway-to-cloud",
    signedBy: "gateway",
    qos: 1,
    retained: false,
    summary: "Device-level connect / disconnect / error events",
    schema: StatusBodySchema,
    example: EXAMPLE_BODIES.status,
  },
  cmd: {
    direction: "cloud-to-gateway",
    signedBy: "cloud",
    qos: 1,
    retained: false,
    summary: "Requests to the gateway (challenge: a fresh read proving the device is live)",
    schema: CmdBodySchema,
    example: EXAMPLE_BODIES.cmd,
  },
  reply: {
    direction: "gateway-to-cloud",
    signedBy: "gateway",
    qos: 1,
    retained: false,
    summary: "Answers to cmd requests, matched by id",
    schema: ReplyBodySchema,
    example: EXAMPLE_BODIES.reply,
  },
};
