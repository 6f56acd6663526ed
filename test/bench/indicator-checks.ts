// `npm run bench:checks`: what each check of the enterprise report (INDICATORS §5, issue 14) costs
// the ingest per million values. A synthetic enterprise of PAIRS CNCs (default 20), each fed by a
// meter declared in the registry, over one working day (08:00–18:00, a sample every ~5 s with
// jitter): ≈ 1 M values. Each check function runs over the whole enterprise as the report calls
// it; the figure is CPU time (user + system) per million values of the enterprise, median of RUNS
// (default 3). Pure CPU: no peer, no I/O. The cost of loading the input (telemetry store, SQL) is
// the ingest benches' business, not this one's.
// Run: node --expose-gc --import tsx test/bench/indicator-checks.ts  (writes out/indicator-checks.json)
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  auditIdentityChanges,
  auditMappingChanges,
  checkConstantWhileRunning,
  checkCounterDecreases,
  checkFingerprintUniqueness,
  checkLiveness,
  checkOutOfRange,
  checkPartCountStalled,
  checkPeriodicSignal,
  checkRelatedDevices,
  checkReplay,
  checkSpacingRegularity,
  checkSpindleWhileStopped,
  computeEnterpriseReport,
  DEFAULT_PARAMS,
  type DeviceRecord,
  type EnterpriseInput,
  findCopiedStreams,
  type ReceivedFrame,
  type SignalSeries,
  type SignalSpec,
} from "../../ingest-service/src/indicators/index.js";
import { median } from "./median.js";

const PAIRS = Number(process.env.PAIRS ?? 20);
const RUNS = Number(process.env.RUNS ?? 3);
const P = DEFAULT_PARAMS;
const HOUR = 3_600_000;
/** Monday 2026-11-30 00:00 in Shanghai. */
const DAY0 = Date.UTC(2026, 10, 29, 16);
const PERIOD = { from: DAY0, to: DAY0 + 24 * HOUR };
const WORK = { from: DAY0 + 8 * HOUR, to: DAY0 + 18 * HOUR };

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000;
}

/** mulberry32 (the simulators' generator): the same enterprise, run after run. */
function uniforms(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const spec = (id: string, role: SignalSpec["role"], range?: [number, number]): SignalSpec => ({
  id,
  role,
  heartbeatMs: 60_000,
  ...(range === undefined ? {} : { range }),
});
const CNC_SIGNALS = [
  spec("execution", "execution"),
  spec("spindle_speed", "spindle_speed", [0, 12_000]),
  spec("spindle_load", "spindle_load", [0, 150]),
  spec("feed_rate", "feed_rate", [0, 20_000]),
  spec("part_count", "part_count"),
];
const METER_SIGNALS = [spec("power_active", "power_active", [0, 100]), spec("energy_total", "energy_total")];

function device(id: string, cls: "cnc_machine_tool" | "energy_meter", signals: SignalSpec[]): DeviceRecord {
  return {
    id,
    enterprise: "bench",
    class: cls,
    keyProcess: cls !== "energy_meter",
    declaredNetworked: true,
    declaredDigital: true,
    declaredCnc: cls !== "energy_meter",
    fingerprint: `sha256:${id}`,
    registeredAt: PERIOD.from - 30 * 24 * HOUR,
    signals,
  };
}

/** One CNC and its meter: cycles of 40–70 s ACTIVE, 8–33 s READY, a part at each cycle's end. */
function pair(i: number, series: SignalSeries[], frames: ReceivedFrame[]): void {
  const next = uniforms(1000 + i);
  const cnc = `cnc-${i}`;
  const meter = `meter-${i}`;
  const points = new Map<string, { t: number; v: number | string; q: "good" }[]>();
  const push = (dev: string, signal: string, t: number, v: number | string) => {
    const key = `${dev}/${signal}`;
    const list = points.get(key) ?? [];
    list.push({ t, v, q: "good" });
    points.set(key, list);
  };
  let running = true;
  let phaseEnds = WORK.from + 50_000;
  let parts = 10_000;
  let energy = 5_000;
  let seq = 0;
  const sess = `s-${i}`;
  for (let t = WORK.from; t < WORK.to; t += 4_000 + Math.floor(next() * 2_000)) {
    if (t >= phaseEnds) {
      if (running) parts += 1;
      running = !running;
      phaseEnds = t + (running ? 40_000 + next() * 30_000 : 8_000 + next() * 25_000);
    }
    const n = () => next() - 0.5;
    const kw = running ? 6 + 2 * Math.sin(t / 9_000) + n() : 0.8 + 0.1 * n();
    energy += (kw * 5) / 3600;
    push(cnc, "execution", t, running ? "ACTIVE" : "READY");
    push(cnc, "spindle_speed", t, running ? Math.round(3200 + 400 * Math.sin(t / 17_000) + 60 * n()) : 0);
    push(cnc, "spindle_load", t, running ? Math.round(42 + 12 * Math.sin(t / 9_000) + 6 * n()) : 0);
    push(cnc, "feed_rate", t, running ? Math.round(900 + 150 * Math.sin(t / 23_000) + 40 * n()) : 0);
    push(cnc, "part_count", t, parts);
    push(meter, "power_active", t + 150, Math.round(kw * 1000) / 1000);
    push(meter, "energy_total", t + 150, Math.round(energy * 100) / 100);
    frames.push({
      receivedAt: t + 400,
      digest: `d-${i}-${seq}`,
      gw: "gw-1",
      sess,
      seq: seq++,
      ts: t + 300,
      devices: [
        { dev: cnc, times: Object.fromEntries(CNC_SIGNALS.map((s) => [s.id, [t]])) },
        { dev: meter, times: { power_active: [t + 150], energy_total: [t + 150] } },
      ],
    });
  }
  for (const [key, pts] of points) {
    const [dev, signal] = key.split("/") as [string, string];
    const role = [...CNC_SIGNALS, ...METER_SIGNALS].find((s) => s.id === signal)?.role ?? "execution";
    series.push({ device: dev, signal, role, points: pts });
  }
}

function enterprise(): EnterpriseInput {
  const series: SignalSeries[] = [];
  const frames: ReceivedFrame[] = [];
  const devices: DeviceRecord[] = [];
  for (let i = 0; i < PAIRS; i++) {
    devices.push(device(`cnc-${i}`, "cnc_machine_tool", CNC_SIGNALS));
    devices.push(device(`meter-${i}`, "energy_meter", METER_SIGNALS));
    pair(i, series, frames);
  }
  return {
    enterprise: {
      id: "bench",
      industryKind: "discrete",
      calendar: { utcOffsetMinutes: 480, weekly: [{ days: [1, 2, 3, 4, 5], start: "08:00", end: "18:00" }] },
    },
    period: PERIOD,
    devices,
    presence: [],
    ledger: [],
    series,
    frames,
    resets: [],
    challenges: devices.map((d, i) => ({
      device: d.id,
      id: `c-${i}`,
      issuedAt: WORK.from + 5 * HOUR,
      nonce: `n-${i}`,
      deadlineMs: 10_000,
      reply: {
        receivedAt: WORK.from + 5 * HOUR + 800,
        signatureValid: true,
        ok: true,
        nonce: `n-${i}`,
        // A fresh read of every signal: the value the stream last reported before the challenge.
        samples: series
          .filter((s) => s.device === d.id)
          .map((s) => {
            const at = WORK.from + 5 * HOUR;
            const last = s.points.filter((p) => p.t <= at).at(-1);
            return { s: s.signal, v: last?.v ?? null, q: "good" as const, t: at + 300 };
          }),
      },
    })),
    mappingChanges: [],
    fingerprintPeers: [],
    relations: Array.from({ length: PAIRS }, (_, i) => ({
      kind: "feeds" as const,
      from: `meter-${i}`,
      to: `cnc-${i}`,
    })),
  } as EnterpriseInput;
}

const input = enterprise();
const values = input.series.reduce((sum, s) => sum + s.points.length, 0);
const byDevice = new Map<string, SignalSeries[]>();
for (const s of input.series) byDevice.set(s.device, [...(byDevice.get(s.device) ?? []), s]);
const perDevice = (fn: (d: DeviceRecord, own: SignalSeries[]) => unknown) => () => {
  for (const d of input.devices) fn(d, byDevice.get(d.id) ?? []);
};
const examples = P.evidence.maxExamples;
const pl = P.plausibility;

/** Each check as the report calls it, over every device (or the whole enterprise). */
const CHECKS: Record<string, () => unknown> = {
  "counters (decreasing, reset uncorroborated)": perDevice((d, own) =>
    checkCounterDecreases(d.id, own, [], pl, examples, pl.resetGapHeartbeats * 60_000),
  ),
  "constant while running": perDevice((d, own) => checkConstantWhileRunning(d, own, PERIOD, pl, P.presence)),
  "part count stalled": perDevice((d, own) => checkPartCountStalled(d, own, PERIOD, pl, P.presence)),
  "spacing too regular": perDevice((d, own) => checkSpacingRegularity(d.id, own, pl)),
  "periodic signal": perDevice((d, own) => checkPeriodicSignal(d.id, own, pl)),
  "spindle while stopped": perDevice((d, own) => checkSpindleWhileStopped(d, own, pl, P.presence, examples)),
  "out of range": perDevice((d, own) => checkOutOfRange(d, own, examples)),
  "liveness (challenge vs stream)": perDevice((d, own) =>
    checkLiveness(
      d,
      input.challenges.filter((c) => c.device === d.id),
      own,
      PERIOD,
      P.liveness,
      P.presence,
    ),
  ),
  "identity and mapping audits": perDevice((d) => {
    auditIdentityChanges(d.id, [], [], PERIOD, P.identity);
    auditMappingChanges(d.id, [], PERIOD);
  }),
  "fingerprint uniqueness": () => checkFingerprintUniqueness(input.devices, input.fingerprintPeers),
  "replay (session, seq, sample times)": () => checkReplay(input.frames, P.replay, examples),
  "copied stream (within the enterprise)": () =>
    findCopiedStreams(
      input.series.map((s) => ({ ...s, enterprise: "bench" })),
      P.copiedStream,
      () => false,
    ),
  "related devices (feeder vs machine)": () =>
    checkRelatedDevices(input.relations ?? [], input.devices, input.series, PERIOD, P.relations, P.presence),
  "whole report (every check, rates, evidence)": () => computeEnterpriseReport(input, P),
};

const gc = (globalThis as { gc?: () => void }).gc;
const figures: Record<string, number[]> = Object.fromEntries(Object.keys(CHECKS).map((k) => [k, []]));
for (let run = 0; run < RUNS; run++)
  for (const [name, fn] of Object.entries(CHECKS)) {
    gc?.();
    const start = cpuMs();
    fn();
    figures[name]?.push(cpuMs() - start);
  }
const perMillion = Object.fromEntries(
  Object.entries(figures).map(([name, ms]) => [name, Math.round((median(ms) * 1_000 * 1e6) / values)]),
);
const width = Math.max(...Object.keys(perMillion).map((k) => k.length));
process.stdout.write(
  `enterprise: ${input.devices.length} devices, ${values.toLocaleString("en")} values, ${input.frames.length.toLocaleString("en")} frames, one working day; CPU per million values, median of ${RUNS}\n`,
);
for (const [name, us] of Object.entries(perMillion))
  process.stdout.write(
    `${name.padEnd(width)}  ${(us / 1e6).toFixed(3)} CPU-s  (${us.toLocaleString("en")} µs)\n`,
  );
const outDir = fileURLToPath(new URL("./out/", import.meta.url));
mkdirSync(outDir, { recursive: true });
const summary = {
  devices: input.devices.length,
  values,
  frames: input.frames.length,
  runs: RUNS,
  cpuMicrosPerMillionValues: perMillion,
};
writeFileSync(`${outDir}indicator-checks.json`, `${JSON.stringify(summary, null, 2)}\n`);
