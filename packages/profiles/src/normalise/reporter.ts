import type { Quality, Sample } from "../sample.js";
import type { Signal } from "../schema/signal.js";
import type { CompiledProfile } from "./compile-profile.js";

/** Report-by-exception for one device: decides which offered samples go on the wire. */
export interface Reporter {
  /**
   * Whether to report `sample`, offered at `now` (ms, the agent's clock). Only samples the device
   * has just answered are offered, never cached ones; so the heartbeat, too, only ever reports
   * a fresh reading, and a silent device stays silent.
   */
  offer(sample: Sample, now: number): boolean;
}

interface Rule {
  readonly heartbeatMs: number;
  /** Largest change that is not reported; undefined: any change is reported. */
  readonly deadband: number | undefined;
}

interface Reported {
  readonly value: Sample["value"];
  readonly quality: Quality;
  readonly at: number;
}

/**
 * A sample is reported when it is the first of its signal, when its quality changed, when its
 * value moved by more than the deadband from the last *reported* value (comparing with the last
 * reported value, not the last offered, so slow drift still gets reported — the OPC UA
 * DataChangeFilter rule, OPC 10000-4 §7.22.2), or when the heartbeat interval has passed.
 */
export function createReporter(compiled: CompiledProfile): Reporter {
  const defaultHeartbeat = compiled.profile.defaults.heartbeatMs;
  const rules = new Map<string, Rule>();
  for (const signal of compiled.signals) {
    rules.set(signal.id, {
      heartbeatMs: signal.heartbeatMs ?? defaultHeartbeat,
      deadband: deadbandOf(signal),
    });
  }
  const last = new Map<string, Reported>();
  return {
    offer(sample, now) {
      const rule = rules.get(sample.signal);
      if (rule === undefined)
        throw new Error(`profile ${compiled.profile.id} has no signal "${sample.signal}"`);
      const previous = last.get(sample.signal);
      const isDue =
        previous === undefined ||
        previous.quality !== sample.quality ||
        hasChanged(previous.value, sample.value, rule.deadband) ||
        now - previous.at >= rule.heartbeatMs;
      if (isDue) last.set(sample.signal, { value: sample.value, quality: sample.quality, at: now });
      return isDue;
    },
  };
}

/** `percentOfRange` is a share of the range span (OPC 10000-8 §6.2 PercentDeadband). */
function deadbandOf(signal: Signal): number | undefined {
  const deadband = signal.deadband;
  if (deadband === undefined) return undefined;
  if (deadband.kind === "absolute") return deadband.value;
  const [min, max] = signal.range ?? [0, 0];
  return (deadband.value / 100) * (max - min);
}

function hasChanged(before: Sample["value"], now: Sample["value"], deadband: number | undefined): boolean {
  if (typeof before === "number" && typeof now === "number" && deadband !== undefined) {
    return Math.abs(now - before) > deadband;
  }
  return before !== now;
}
