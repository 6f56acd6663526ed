import { tmpdir } from "node:os";
import type { Sample } from "@onramp/profiles";
import { pino } from "pino";
import type { DriverContext, DriverSink, SignalFault, StateChange } from "../../driver.js";

/** Test-only: a driver context with a silent logger (LOG_LEVEL=debug shows the driver's log). */
export function testContext(): DriverContext {
  return { logger: pino({ level: process.env.LOG_LEVEL ?? "silent" }), dataDir: tmpdir(), now: Date.now };
}

/** A batch of samples as the sink received it, with the time it arrived (performance.now()). */
export interface Batch {
  readonly at: number;
  readonly samples: readonly Sample[];
}

/** Test-only: a sink that records what a driver delivers. */
export function recordingSink(): DriverSink & {
  readonly batches: Batch[];
  readonly states: StateChange[];
  readonly faultLists: (readonly SignalFault[])[];
} {
  const batches: Batch[] = [];
  const states: StateChange[] = [];
  const faultLists: (readonly SignalFault[])[] = [];
  return {
    batches,
    states,
    faultLists,
    samples(_device, samples) {
      batches.push({ at: performance.now(), samples });
    },
    state(change) {
      states.push(change);
    },
    faults(_device, list) {
      faultLists.push(list);
    },
  };
}

/** signal → value of samples, for comparing with expected values. */
export function valuesOf(samples: readonly Sample[]): Record<string, Sample["value"]> {
  return Object.fromEntries(samples.map((s) => [s.signal, s.value]));
}
