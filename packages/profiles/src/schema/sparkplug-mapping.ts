import { z } from "zod";
import { SignalId } from "./signal.js";

/**
 * A Sparkplug B metric name as an edge node announces it in its births (Sparkplug B 3.0 §6.4.4:
 * any UTF-8, `/` separating folders, e.g. `Spindle/Speed`). Bounded so a profile cannot carry
 * megabyte keys.
 */
const MetricName = z.string().min(1).max(256);

/**
 * How a device that reaches Onramp through a Sparkplug B gateway (Ignition, Neuron, Kepware…)
 * maps its metrics to this profile's signals (issue 20): by metric name, and for metrics whose
 * value is a Template instance, by template definition (`templateRef`) and member metric name.
 * The gateway is expected to send engineering values: `scale`/`offset` of the signal's protocol
 * source are not applied to Sparkplug values (they describe the raw register, not the metric).
 * A metric not listed is counted as unmapped and not stored.
 */
export const SparkplugMapping = z
  .object({
    metrics: z.record(MetricName, SignalId).default({}),
    templates: z.record(MetricName, z.record(MetricName, SignalId)).optional(),
  })
  .strict()
  .refine((m) => Object.keys(m.metrics).length > 0 || Object.keys(m.templates ?? {}).length > 0, {
    message: "a sparkplug mapping names at least one metric or template member",
  });
export type SparkplugMapping = z.infer<typeof SparkplugMapping>;

/** Every signal id a mapping names (the profile checks each one exists). */
export function signalsOfSparkplugMapping(m: SparkplugMapping): string[] {
  const fromTemplates = Object.values(m.templates ?? {}).flatMap((members) => Object.values(members));
  return [...Object.values(m.metrics), ...fromTemplates];
}
