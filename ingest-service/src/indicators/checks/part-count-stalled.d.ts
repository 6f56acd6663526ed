import { type Flag } from "../flags.js";
import type { DeviceRecord, Period, SignalSeries } from "../inputs.js";
import type { PlausibilityParams, PresenceParams } from "../params.js";
/**
 * INDICATORS §5 plausibility, issue 14: a production counter that does not advance over running
 * time. A machine that reports execution=ACTIVE for more than `partCountStallRunningMs` of running
 * time while its `part_count` holds one value — observed at that value from the first to the last
 * sample of the stretch, with at least `constantMinSamples` samples — says it works and produces
 * nothing. Only running time between two observed samples of the value counts, so a counter that
 * went silent is not judged on time nobody saw.
 */
export declare function checkPartCountStalled(device: Pick<DeviceRecord, "id" | "signals">, series: readonly SignalSeries[], period: Period, params: Pick<PlausibilityParams, "partCountStallRunningMs" | "constantMinSamples">, presence: PresenceParams): Flag[];
