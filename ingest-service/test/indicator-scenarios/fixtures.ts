// Small builders shared by the indicator tests: hand-computed cases read as data, not setup code.
import type {
  DeviceRecord,
  EnterpriseInput,
  PresenceEvent,
  SignalSpec,
} from "../../src/indicators/inputs.js";
import type { WorkingCalendar } from "../../src/indicators/working-calendar.js";

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Asia/Shanghai, no daylight saving. */
export const SHANGHAI_OFFSET_MINUTES = 8 * 60;

/** Monday 2026-03-02 00:00 in Shanghai (2026-03-01T16:00Z). */
export const MONDAY = Date.UTC(2026, 2, 1, 16, 0, 0);

/** Local Shanghai wall-clock time on the day `dayOffset` days after MONDAY. */
export function local(dayOffset: number, hhmm: string): number {
  const [hours, minutes] = hhmm.split(":").map(Number);
  return MONDAY + dayOffset * DAY + (hours ?? 0) * HOUR + (minutes ?? 0) * MINUTE;
}

/** Monday to Friday 08:00–18:00, Shanghai. */
export const DAY_SHIFT: WorkingCalendar = {
  utcOffsetMinutes: SHANGHAI_OFFSET_MINUTES,
  weekly: [{ days: [1, 2, 3, 4, 5], start: "08:00", end: "18:00" }],
};

export const CNC_SIGNALS: SignalSpec[] = [
  { id: "execution", role: "execution", heartbeatMs: 60 * SECOND },
  { id: "spindle_speed", role: "spindle_speed", heartbeatMs: 60 * SECOND, range: [0, 12_000] },
  { id: "spindle_load", role: "spindle_load", heartbeatMs: 60 * SECOND, range: [0, 150] },
  { id: "power_active", role: "power_active", heartbeatMs: 60 * SECOND, range: [0, 80] },
  { id: "part_count", role: "part_count", heartbeatMs: 60 * SECOND },
];

export function cncDevice(id: string, overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    id,
    enterprise: "acme",
    class: "cnc_machine_tool",
    keyProcess: true,
    declaredNetworked: true,
    declaredDigital: true,
    declaredCnc: true,
    fingerprint: `sha256:${id}`,
    registeredAt: MONDAY - 30 * DAY,
    signals: CNC_SIGNALS,
    ...overrides,
  };
}

export function meterDevice(id: string, overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return cncDevice(id, {
    class: "energy_meter",
    keyProcess: false,
    declaredCnc: false,
    signals: [{ id: "energy_total", role: "energy_total", heartbeatMs: 60 * SECOND }],
    ...overrides,
  });
}

/** One frame event every `everyMs` in [from, to). */
export function frameEvents(device: string, from: number, to: number, everyMs: number): PresenceEvent[] {
  const events: PresenceEvent[] = [];
  for (let at = from; at < to; at += everyMs) events.push({ device, at, kind: "frame" });
  return events;
}

export function emptyInput(overrides: Partial<EnterpriseInput> = {}): EnterpriseInput {
  return {
    enterprise: { id: "acme", industryKind: "discrete", calendar: DAY_SHIFT },
    period: { from: MONDAY, to: MONDAY + DAY },
    devices: [],
    presence: [],
    ledger: [],
    series: [],
    frames: [],
    resets: [],
    challenges: [],
    mappingChanges: [],
    fingerprintPeers: [],
    ...overrides,
  };
}

/** A small deterministic PRNG (mulberry32), so simulated streams are the same on every run. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}
