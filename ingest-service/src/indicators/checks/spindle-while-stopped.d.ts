import type { Flag } from "../flags.js";
import type { DeviceRecord, SignalSeries } from "../inputs.js";
import type { PlausibilityParams, PresenceParams } from "../params.js";
/**
 * INDICATORS §5 plausibility: `spindle_speed > 0` while execution says stopped. A spindle sample
 * above `spindleTurningAbove` counts when every execution channel with a known state is in one of
 * `spindleStoppedStates`, and has been for at least `spindleStopGraceMs` (the spindle runs down
 * for a few seconds after a stop).
 */
export declare function checkSpindleWhileStopped(device: Pick<DeviceRecord, "id" | "signals">, series: readonly SignalSeries[], params: PlausibilityParams, presence: PresenceParams, maxExamples: number): Flag[];
