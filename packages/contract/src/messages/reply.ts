import { z } from "zod";
import { DeviceId, RequestId } from "../ids.js";
import { CauseSchema } from "./cause.js";
import { Nonce } from "./cmd.js";
import { DeviceProofSchema } from "./device-proof.js";
import { ContractVersion, EpochMs, GATEWAY_HEADER } from "./header.js";
import { ReplySampleSchema } from "./sample.js";

export const MAX_CHALLENGE_SAMPLES = 1_000;

/**
 * The answer to a challenge cmd. `samples` come from a fresh device read, so their `t` (the read
 * time) falls after the cmd was issued, whatever their `src` (the device's timestamp of the last
 * change) says; `deviceClock` is the device's own clock when it has
 * one, which lets the cloud measure the device's skew.
 */
export const ChallengeReplySchema = z
  .strictObject({
    v: ContractVersion,
    kind: z.literal("reply"),
    ...GATEWAY_HEADER,
    id: RequestId.describe("The id of the cmd this replies to"),
    op: z.literal("challenge"),
    ok: z.boolean(),
    nonce: Nonce.describe("The cmd's nonce, echoed"),
    dev: DeviceId,
    samples: z.array(ReplySampleSchema).max(MAX_CHALLENGE_SAMPLES),
    deviceClock: EpochMs.optional().describe("The device's own clock at the read, when it has one"),
    error: CauseSchema.optional(),
    deviceProof: DeviceProofSchema.optional().describe(
      "OPC UA devices: the server's own signature over the nonce (see device-proof.ts), or why there is none",
    ),
  })
  .superRefine((reply, ctx) => {
    // A failed reply must say why; a successful one must not carry an error to misread.
    if (!reply.ok && reply.error === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "a reply with ok: false must carry an error",
        path: ["error"],
      });
    }
    if (reply.ok && reply.error !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: "a reply with ok: true must not carry an error",
        path: ["error"],
      });
    }
  });
export type ChallengeReply = z.infer<typeof ChallengeReplySchema>;

/** A union on `op`, mirroring cmd: each cmd op has its reply shape. */
export const ReplyBodySchema = z
  .discriminatedUnion("op", [ChallengeReplySchema])
  .meta({ title: "Onramp reply body", description: "Gateway→cloud answer to a cmd" });
export type ReplyBody = z.infer<typeof ReplyBodySchema>;
