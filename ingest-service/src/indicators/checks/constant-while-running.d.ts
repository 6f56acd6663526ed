import { type Flag } from "../flags.js";
import type { DeviceRecord, Period, SignalSeries } from "../inputs.js";
import type { PlausibilityParams, PresenceParams } from "../params.js";
/**
 * INDICATORS §5 plausibility: a value constant for the whole time in which the device claims to be
 * running (execution=ACTIVE). Judged only for roles that must move while a machine works
 * (`mustVaryWhileRunningRoles`), once the device has reported at least `constantMinRunningMs` of
 * ACTIVE time and `constantMinSamples` samples of the signal inside it.
 */
export declare function checkConstantWhileRunning(device: Pick<DeviceRecord, "id" | "signals">, series: readonly SignalSeries[], period: Period, params: PlausibilityParams, presence: PresenceParams): Flag[];
