import { planReads } from "../modbus/plan-reads.js";
import { type PlannedRead, type ReadableSignal, readLimitsFor } from "../modbus/planned-read.js";
import { type Sample, worstQuality } from "../sample.js";
import type { Profile } from "../schema/profile.js";
import type { Signal } from "../schema/signal.js";
import { compileSourceDecoder, type RawInput } from "./decode-source.js";
import { compileToEngineering } from "./to-engineering.js";

/** The Modbus requests of one poll interval. */
export interface PollGroup {
  readonly intervalMs: number;
  readonly reads: readonly PlannedRead[];
}

/**
 * A profile turned into code, once at load (Telegraf's `determineConverter`): the poll loop
 * calls these closures and never reads the profile's configuration again.
 */
export interface CompiledProfile {
  readonly profile: Profile;
  /** In profile order. */
  readonly signals: readonly Signal[];
  /** Modbus profiles: the planned requests, grouped by poll interval (shortest first). Empty for OPC UA. */
  readonly readPlan: readonly PollGroup[];
  /**
   * Normalises one signal's raw input. For OPC UA the DataValue's own sourceTimestamp wins over
   * `sourceTs` (the device's clock is the better witness of when the value was true); a bad
   * status, or an input that cannot be decoded, gives value null and quality bad.
   * An id the profile does not have is a bug in the caller and throws.
   */
  decode(signalId: string, raw: RawInput, sourceTs: number): Sample;
  /** Normalises every signal of a planned read from the block of registers or bits the device answered. */
  decodeModbusRead(read: PlannedRead, data: ArrayLike<number | boolean>, sourceTs: number): Sample[];
}

type SignalDecoder = (raw: RawInput, sourceTs: number) => Sample;

export function compileProfile(profile: Profile): CompiledProfile {
  const decoders = new Map<string, SignalDecoder>();
  for (const signal of profile.signals) decoders.set(signal.id, compileSignal(signal));
  const decoderOf = (id: string): SignalDecoder => {
    const decoder = decoders.get(id);
    if (decoder === undefined) throw new Error(`profile ${profile.id} has no signal "${id}"`);
    return decoder;
  };
  return {
    profile,
    signals: profile.signals,
    readPlan: planPollGroups(profile),
    decode: (signalId, raw, sourceTs) => decoderOf(signalId)(raw, sourceTs),
    decodeModbusRead(read, data, sourceTs) {
      return read.signals.map((slot) =>
        // A short answer leaves the signals past its end with too few registers: the
        // decoder reports those as bad, the others still decode.
        decoderOf(slot.id)(Array.prototype.slice.call(data, slot.offset, slot.offset + slot.count), sourceTs),
      );
    },
  };
}

function compileSignal(signal: Signal): SignalDecoder {
  const readSource = compileSourceDecoder(signal.source, signal.type);
  const toEngineering = compileToEngineering(signal);
  const id = signal.id;
  return (raw, fallbackTs) => {
    const reading = readSource(raw);
    const sourceTs = reading.sourceTs ?? fallbackTs;
    if (!reading.ok) return { signal: id, value: null, quality: "bad", sourceTs, error: reading.error };
    if (reading.raw === null) return { signal: id, value: null, quality: "bad", sourceTs };
    const e = toEngineering(reading.raw);
    const sample: Sample = {
      signal: id,
      value: e.value,
      quality: worstQuality(reading.quality, e.quality),
      sourceTs,
    };
    if (e.error) return { ...sample, error: e.error };
    return e.outOfRange ? { ...sample, outOfRange: true } : sample;
  };
}

function planPollGroups(profile: Profile): PollGroup[] {
  const byInterval = new Map<number, ReadableSignal[]>();
  for (const signal of profile.signals) {
    if (!("modbus" in signal.source)) continue;
    const interval = signal.pollIntervalMs ?? profile.defaults.pollIntervalMs;
    const group = byInterval.get(interval) ?? [];
    group.push({ id: signal.id, source: signal.source.modbus });
    byInterval.set(interval, group);
  }
  const limits = readLimitsFor(profile.workarounds);
  return [...byInterval.entries()]
    .sort(([a], [b]) => a - b)
    .map(([intervalMs, signals]) => ({ intervalMs, reads: planReads(signals, limits) }));
}
