import type { Flag } from "../flags.js";
import type { DeviceRecord, SignalSeries } from "../inputs.js";
import { Findings, timeText } from "./findings.js";
import { numericPoints } from "./series-values.js";

/** INDICATORS §5 plausibility: values outside the range the device profile declares. */
export function checkOutOfRange(
  device: Pick<DeviceRecord, "id" | "signals">,
  series: readonly SignalSeries[],
  maxExamples: number,
): Flag[] {
  const findings = new Findings<"PLAUSIBILITY_OUT_OF_RANGE">(maxExamples);
  for (const s of series) {
    if (s.device !== device.id) continue;
    const range = device.signals.find((spec) => spec.id === s.signal)?.range;
    if (range === undefined) continue;
    const [min, max] = range;
    for (const point of numericPoints(s.points)) {
      if (point.v < min || point.v > max) {
        findings.add(device.id, "PLAUSIBILITY_OUT_OF_RANGE", {
          signal: s.signal,
          t: point.t,
          v: point.v,
          min,
          max,
        });
      }
    }
  }
  return findings.toFlags(
    (_code, dev, count, first) =>
      `${count} value(s) of "${dev}" lie outside the profile's range (first: ${String(first.signal)} = ${String(first.v)} at ${timeText(first.t)}, range ${String(first.min)}..${String(first.max)}).`,
  );
}
