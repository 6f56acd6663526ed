import { type Flag } from "../flags.js";
import type { DeviceRecord, DeviceRelation, Period, SignalSeries } from "../inputs.js";
import type { PresenceParams, RelationParams } from "../params.js";
/**
 * Issue 14: physical consistency between related devices declared in the registry. A `feeds`
 * relation fails when the machine runs while its feeder reads idle power or its energy counter
 * stands still; a `runs` relation fails when the line runs while its PLC says it does not. The
 * failure is flagged on the device claiming to run (the claim the rates count); the related
 * device gets a warning naming it, since either one may be the one that lies.
 */
export declare function checkRelatedDevices(relations: readonly DeviceRelation[], devices: readonly DeviceRecord[], series: readonly SignalSeries[], period: Period, params: RelationParams, presence: PresenceParams): Flag[];
