import { z } from "zod";
import { DeviceId, EnterpriseId, GatewayId, RequestId, SignalId } from "../ids.js";
import { ContractVersion, EpochMs } from "./header.js";

export const MAX_CHALLENGE_SIGNALS = 1_000;
export const MAX_CHALLENGE_DEADLINE_MS = 600_000;

/** Fresh per challenge and echoed in the signed reply: proves the reply was made after the cmd. */
export const Nonce = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,128}$/, "nonce must be 16..128 chars of [A-Za-z0-9_-]")
  .describe("Random challenge nonce: 16..128 chars of [A-Za-z0-9_-]");

/**
 * Cloud→gateway bodies are signed with the cloud's key. They carry `ent` and `gw` like every other
 * body so the topic check binds a cmd to one gateway: a cmd replayed onto another gateway's topic
 * fails verification there. `ts` (issue time) lets the gateway and auditors bound its age.
 */
const CMD_HEADER = {
  v: ContractVersion,
  kind: z.literal("cmd"),
  ent: EnterpriseId,
  gw: GatewayId,
  ts: EpochMs.describe("Issue time on the cloud clock: integer ms since the Unix epoch"),
  id: RequestId,
};

/**
 * Ask the gateway for a fresh read from the device itself (never from a cache), answered by a
 * signed reply echoing the nonce: the liveness check of the verification levels.
 */
export const ChallengeCmdSchema = z.strictObject({
  ...CMD_HEADER,
  op: z.literal("challenge"),
  dev: DeviceId,
  nonce: Nonce,
  signals: z
    .array(SignalId)
    .min(1)
    .max(MAX_CHALLENGE_SIGNALS)
    .optional()
    .describe("Signals to read; absent means the device's default challenge set from its profile"),
  deadlineMs: z
    .int()
    .min(1)
    .max(MAX_CHALLENGE_DEADLINE_MS)
    .describe(
      "Time the gateway has to reply, in ms from receipt. A duration rather than an instant so a skewed gateway clock does not matter; the cloud enforces it with its own clock",
    ),
});
export type ChallengeCmd = z.infer<typeof ChallengeCmdSchema>;

/** A union on `op` so later operations are added as members without touching existing ones. */
export const CmdBodySchema = z
  .discriminatedUnion("op", [ChallengeCmdSchema])
  .meta({ title: "Onramp cmd body", description: "Cloud→gateway request, signed by the cloud's key" });
export type CmdBody = z.infer<typeof CmdBodySchema>;
