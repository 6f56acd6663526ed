import { z } from "zod";
import { DeviceId, RequestId } from "../ids.js";
import { CauseSchema } from "./cause.js";
import { Nonce } from "./cmd.js";
import { DeviceProofSchema } from "./device-proof.js";
import { EpochMs, GATEWAY_HEADER } from "./header.js";
import { type ChallengeReply, MAX_CHALLENGE_SAMPLES } from "./reply.js";
import {
  baseTimeOf,
  checkBlockTimes,
  compactSamples,
  countBlockSamples,
  expandReplyBlocks,
  ReplySampleBlockSchema,
} from "./sample-blocks.js";

/**
 * The challenge reply in contract version 2: version 1's fields, with the samples in blocks
 * (sample-blocks.ts) after a base time `t0`. A reply carries few samples, so this saves little;
 * it exists so that an agent speaks one version for every body that carries samples.
 */
export const ChallengeReplyV2Schema = z
  .strictObject({
    v: z.literal(2).describe("Contract version of this body: 2, the compact sample layout"),
    kind: z.literal("reply"),
    ...GATEWAY_HEADER,
    id: RequestId.describe("The id of the cmd this replies to"),
    op: z.literal("challenge"),
    ok: z.boolean(),
    nonce: Nonce.describe("The cmd's nonce, echoed"),
    dev: DeviceId,
    t0: EpochMs.describe("Base time in ms: the first time of each block is an offset from it"),
    blocks: z
      .array(ReplySampleBlockSchema)
      .max(MAX_CHALLENGE_SAMPLES)
      .describe("The fresh samples; t is the read time"),
    deviceClock: EpochMs.optional().describe("The device's own clock at the read, when it has one"),
    error: CauseSchema.optional(),
    deviceProof: DeviceProofSchema.optional().describe(
      "OPC UA devices: the server's own signature over the nonce (see device-proof.ts), or why there is none",
    ),
  })
  .superRefine((reply, ctx) => {
    if (countBlockSamples(reply.blocks) > MAX_CHALLENGE_SAMPLES)
      ctx.addIssue({
        code: "custom",
        message: `a reply carries at most ${MAX_CHALLENGE_SAMPLES} samples`,
        path: ["blocks"],
      });
    checkBlockTimes(reply.t0, reply.blocks, ctx, ["blocks"]);
    if (reply.ok === (reply.error !== undefined))
      ctx.addIssue({
        code: "custom",
        message: reply.ok
          ? "a reply with ok: true must not carry an error"
          : "a reply with ok: false must carry an error",
        path: ["error"],
      });
  })
  .meta({ title: "Onramp reply body, version 2", description: "Gateway→cloud answer to a challenge cmd" });
export type ChallengeReplyV2 = z.infer<typeof ChallengeReplyV2Schema>;

/** The v2 form of a challenge reply. */
export function compactReplyBody(body: ChallengeReply): ChallengeReplyV2 {
  const { v: _v, samples, ...rest } = body;
  const t0 = baseTimeOf([samples], body.ts);
  return { v: 2, ...rest, t0, blocks: compactSamples(samples, t0) };
}

/** The v1 form of a valid v2 reply: the representation every consumer reads. */
export function expandReplyBody(body: ChallengeReplyV2): ChallengeReply {
  const { v: _v, t0, blocks, ...rest } = body;
  return { v: 1, ...rest, samples: expandReplyBlocks(t0, blocks) };
}
