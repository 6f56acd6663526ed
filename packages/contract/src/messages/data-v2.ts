import { z } from "zod";
import { DeviceId } from "../ids.js";
import { type DataBody, LossSchema, MAX_DATA_DEVICES, MAX_DATA_SAMPLES } from "./data.js";
import { EpochMs, GATEWAY_HEADER } from "./header.js";
import {
  baseTimeOf,
  checkBlockTimes,
  compactSamples,
  countBlockSamples,
  expandBlocks,
  SampleBlockSchema,
} from "./sample-blocks.js";

/** Version 2 of the data body: the compact layout of sample-blocks.ts. */
export const CompactDeviceSchema = z.strictObject({
  dev: DeviceId,
  blocks: z
    .array(SampleBlockSchema)
    .min(1)
    .max(MAX_DATA_SAMPLES)
    .describe("The device's samples, in blocks of signals read together"),
});
export type CompactDevice = z.infer<typeof CompactDeviceSchema>;

/**
 * A data body in contract version 2: the same header, devices and loss as version 1, with each
 * device's samples in blocks and the times as offsets from `t0`. It carries exactly what the v1
 * body carries; decoders hand it on in its v1 form (`expandDataBody`).
 */
export const DataBodyV2Schema = z
  .strictObject({
    v: z.literal(2).describe("Contract version of this body: 2, the compact data layout"),
    kind: z.literal("data"),
    ...GATEWAY_HEADER,
    t0: EpochMs.describe("Base time in ms: the first time of each block is an offset from it"),
    devices: z.array(CompactDeviceSchema).max(MAX_DATA_DEVICES),
    loss: LossSchema.optional(),
  })
  .superRefine((body, ctx) => {
    let total = 0;
    for (const [d, device] of body.devices.entries()) {
      total += countBlockSamples(device.blocks);
      checkBlockTimes(body.t0, device.blocks, ctx, ["devices", d, "blocks"]);
    }
    if (total > MAX_DATA_SAMPLES)
      ctx.addIssue({
        code: "custom",
        message: `a data frame carries at most ${MAX_DATA_SAMPLES} samples in total`,
        path: ["devices"],
      });
  })
  .meta({
    title: "Onramp data body, version 2",
    description: "A batch of samples for one or more devices, in blocks of signals read at the same times",
  });
export type DataBodyV2 = z.infer<typeof DataBodyV2Schema>;

/** The v2 form of a data body: what an agent signs when it sends version 2. */
export function compactDataBody(body: DataBody): DataBodyV2 {
  const { v: _v, devices, loss, ...header } = body;
  const t0 = baseTimeOf(
    devices.map((d) => d.samples),
    body.ts,
  );
  const compact: DataBodyV2 = {
    v: 2,
    ...header,
    t0,
    devices: devices.map(({ dev, samples }) => ({ dev, blocks: compactSamples(samples, t0) })),
  };
  return loss === undefined ? compact : { ...compact, loss };
}

/** The v1 form of a valid v2 data body: the representation every consumer reads. */
export function expandDataBody(body: DataBodyV2): DataBody {
  const { v: _v, t0, devices, loss, ...header } = body;
  const expanded: DataBody = {
    v: 1,
    ...header,
    devices: devices.map(({ dev, blocks }) => ({ dev, samples: expandBlocks(t0, blocks) })),
  };
  return loss === undefined ? expanded : { ...expanded, loss };
}
