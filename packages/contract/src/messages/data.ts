import { z } from "zod";
import { DeviceId } from "../ids.js";
import { ContractVersion, EpochMs, GATEWAY_HEADER } from "./header.js";
import { SampleSchema } from "./sample.js";

export const MAX_DATA_DEVICES = 1_000;
export const MAX_DATA_SAMPLES = 50_000;

export const DeviceSamplesSchema = z.strictObject({
  dev: DeviceId,
  samples: z.array(SampleSchema).min(1).max(MAX_DATA_SAMPLES),
});
export type DeviceSamples = z.infer<typeof DeviceSamplesSchema>;

/**
 * The spool is size-capped and evicts oldest frames first when the link is down too long. Those
 * frames are never sent, so the loss must be reported in-band: otherwise a gap in the data could
 * not be told apart from a gap in production.
 */
export const LossSchema = z
  .strictObject({
    frames: z.int().min(0),
    samples: z.int().min(0),
    since: EpochMs.describe("Time of the first eviction not reported before"),
  })
  .describe("Frames and samples the spool evicted unsent since `since`");
export type Loss = z.infer<typeof LossSchema>;

/**
 * One signature per batch, not per point (DESIGN §4). The sample bound is on the whole frame;
 * in practice the decoder's byte limit (256 KiB by default) is reached first.
 */
export const DataBodySchema = z
  .strictObject({
    v: ContractVersion,
    kind: z.literal("data"),
    ...GATEWAY_HEADER,
    devices: z.array(DeviceSamplesSchema).max(MAX_DATA_DEVICES),
    loss: LossSchema.optional(),
  })
  .refine((body) => countSamples(body.devices) <= MAX_DATA_SAMPLES, {
    message: `a data frame carries at most ${MAX_DATA_SAMPLES} samples in total`,
    path: ["devices"],
  })
  .meta({ title: "Onramp data body", description: "A batch of samples for one or more devices" });
export type DataBody = z.infer<typeof DataBodySchema>;

function countSamples(devices: readonly DeviceSamples[]): number {
  let total = 0;
  for (const device of devices) total += device.samples.length;
  return total;
}
