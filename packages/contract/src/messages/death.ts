import { z } from "zod";
import { ContractVersion, GATEWAY_HEADER, MAX_TEXT_LENGTH } from "./header.js";

export const DeathReasonSchema = z.enum(["graceful", "lwt"]);
export type DeathReason = z.infer<typeof DeathReasonSchema>;

/**
 * `graceful`: the agent publishes it itself while shutting down, so `ts` and `seq` are current.
 *
 * `lwt`: the MQTT Last Will (MQTT 3.1.1 §3.1.2.5). The broker publishes it after the agent has
 * gone, so the agent cannot sign it then: it signs this body when it builds the CONNECT packet.
 * Hence `ts` is the connect time (the broker's delivery time is the death time) and `seq` is the
 * number assigned at connect, lower than the frames sent after it. Receivers must not treat that
 * as a replay; `(sess, seq)` still makes it unique because every connect signs a new will.
 *
 * Birth and death are both retained, so a late subscriber gets one of each and must tell which is
 * current. The death is current when it has the birth's `sess` and either is `lwt` with
 * `seq === birth.willSeq` (the will of the live connection fired) or is `graceful` with a `seq`
 * above the birth's. Any other retained death belongs to an earlier connection or session.
 */
export const DeathBodySchema = z
  .strictObject({
    v: ContractVersion,
    kind: z.literal("death"),
    ...GATEWAY_HEADER,
    reason: DeathReasonSchema,
    detail: z.string().max(MAX_TEXT_LENGTH).optional(),
  })
  .meta({
    title: "Onramp death body",
    description:
      "Graceful shutdown, or the last will signed at connect time and published by the broker (retained)",
  });
export type DeathBody = z.infer<typeof DeathBodySchema>;
