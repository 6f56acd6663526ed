import type { Flag } from "../flags.js";
import type { DeviceRecord, SignalSeries } from "../inputs.js";
/** INDICATORS §5 plausibility: values outside the range the device profile declares. */
export declare function checkOutOfRange(device: Pick<DeviceRecord, "id" | "signals">, series: readonly SignalSeries[], maxExamples: number): Flag[];
