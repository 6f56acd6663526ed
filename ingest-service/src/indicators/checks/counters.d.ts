import type { Flag } from "../flags.js";
import type { CounterReset, SignalSeries } from "../inputs.js";
import type { PlausibilityParams } from "../params.js";
/**
 * INDICATORS §5 plausibility: a cumulative counter (`part_count`, `energy_total`,
 * `operating_hours`, …) that decreases without a reset event in between. A drop to exactly 0 is
 * the controller's own reset when `dropToZeroIsReset`. Any other decrease needs a recorded reset
 * of that signal between the two samples, and the reset must be corroborated by a real gap in the
 * device's data: no sample of any of its signals for at least `requiredGapMs` between them. The
 * resets come from the gateway's own signed disconnected/connected pair, and a gateway can sign
 * such a pair around any drop it likes; a controller that really restarted is silent meanwhile.
 * A reset without that gap is `PLAUSIBILITY_COUNTER_RESET_UNCORROBORATED`.
 */
export declare function checkCounterDecreases(device: string, series: readonly SignalSeries[], resets: readonly CounterReset[], params: Pick<PlausibilityParams, "dropToZeroIsReset">, maxExamples: number, requiredGapMs: number): Flag[];
