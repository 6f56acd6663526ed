import { z } from "zod";
import { DeviceId } from "../ids.js";
import { CauseSchema } from "./cause.js";
import { ContractVersion, EpochMs, GATEWAY_HEADER } from "./header.js";

export const MAX_STATUS_EVENTS = 1_000;

export const DeviceStateSchema = z.enum(["connected", "disconnected", "error"]);
export type DeviceState = z.infer<typeof DeviceStateSchema>;

export const StatusEventSchema = z.strictObject({
  dev: DeviceId,
  state: DeviceStateSchema,
  cause: CauseSchema.optional(),
  t: EpochMs.describe("When the agent observed the change: integer ms since the Unix epoch"),
});
export type StatusEvent = z.infer<typeof StatusEventSchema>;

/** Device-level connection events; failures stay per device, so one frame may mix states. */
export const StatusBodySchema = z
  .strictObject({
    v: ContractVersion,
    kind: z.literal("status"),
    ...GATEWAY_HEADER,
    events: z.array(StatusEventSchema).min(1).max(MAX_STATUS_EVENTS),
  })
  .meta({ title: "Onramp status body", description: "Device connect / disconnect / error events" });
export type StatusBody = z.infer<typeof StatusBodySchema>;
