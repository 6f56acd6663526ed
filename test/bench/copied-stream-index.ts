// `npm run bench:copied-streams`: what the copied-stream index (issue 14) costs at a city's scale.
// DEVICES streams (default 10,000) of CHANGES value changes each (default 500: a meter's power
// over a working day with a deadband) are signed, indexed and looked up, with COPIES of them
// copied to other devices 37 min later with an offset and a scale, and STRETCHED (default 20) more
// replayed 1.5× slower. Prints per-device and per-million-value costs of each stage of both passes
// (plain, then stretch-tolerant: stretch-signature.ts), the index's size, and what was found
// (every copy must be found by its pass, nothing else). Pure CPU: no peer, no I/O. Runs RUNS times (default 3) and reports medians.
// Run: node --expose-gc --import tsx test/bench/copied-stream-index.ts
import {
  changeEvents,
  changeSignature,
  confirmCopy,
  confirmStretchedCopy,
  DEFAULT_PARAMS,
  fitTimeMap,
  StreamIndex,
  stretchTokens,
} from "../../ingest-service/src/indicators/index.js";
import { median } from "./median.js";

const DEVICES = Number(process.env.DEVICES ?? 10_000);
const CHANGES = Number(process.env.CHANGES ?? 500);
const COPIES = Number(process.env.COPIES ?? 20);
const STRETCHED = Number(process.env.STRETCHED ?? 20);
const RUNS = Number(process.env.RUNS ?? 3);
const P = DEFAULT_PARAMS.copiedStream;
const T0 = Date.UTC(2026, 11, 1, 8);

/**
 * CPU time of this process (user + system), not wall time: the bench machine is shared by other
 * work (2 cores, load average often above 10), and CPU time is what the ingest would spend.
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000;
}

/** mulberry32 (the simulators' generator): the same city, run after run. */
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

/** A random-walk power reading, reported on change past a 0.05 kW deadband at irregular times. */
function stream(seed: number): { t: number; v: number }[] {
  const next = uniforms(seed);
  const points: { t: number; v: number }[] = [];
  let v = 5 + next() * 20;
  let t = T0 + Math.floor(next() * 3_600_000);
  while (points.length < CHANGES) {
    t += 1_000 + Math.floor(next() * 9_000);
    v = Math.max(0.5, v + (next() - 0.5) * 0.6);
    points.push({ t, v: Math.round(v * 1000) / 1000 });
  }
  return points;
}

interface RunFigures {
  signMs: number;
  addMs: number;
  lookupMs: number;
  confirmMs: number;
  candidates: number;
  confirmed: number;
  copiesFound: number;
  fingerprints: number;
  heapMiB: number;
  stretchSignMs: number;
  stretchAddMs: number;
  stretchLookupMs: number;
  stretchConfirmMs: number;
  stretchCandidates: number;
  stretchedFound: number;
  stretchFalseConfirmed: number;
}

/** The stretch-tolerant pass over the same streams, timed by stage (copied-stream.ts `findStretchedCopies`). */
function stretchPass(changes: { t: number; v: number }[][]) {
  let started = cpuMs();
  const signatures = changes.map((c) => changeSignature(c, P.windowChanges, P.winnowWindow, stretchTokens));
  const stretchSignMs = cpuMs() - started;
  started = cpuMs();
  const index = new StreamIndex(P);
  const ids = signatures.map((s, i) =>
    index.add({ enterprise: `e${i % 1_000}`, device: `d${i}`, signal: "p" }, s),
  );
  const stretchAddMs = cpuMs() - started;
  started = cpuMs();
  const pairs: [number, number, NonNullable<ReturnType<typeof fitTimeMap>>][] = [];
  for (const [i, signature] of signatures.entries()) {
    for (const [key, times] of index.sharedTimes(signature, ids[i])) {
      const other = Number(key.device.slice(1));
      if (other <= i || times.self.length < P.minVotes) continue;
      const map = fitTimeMap(times.self, times.other, P.shiftBucketMs);
      if (map === null || map.inliers < P.minVotes) continue;
      if (map.stretch > P.maxStretch || map.stretch < 1 / P.maxStretch) continue;
      pairs.push([i, other, map]);
    }
  }
  const stretchLookupMs = cpuMs() - started;
  started = cpuMs();
  let stretchedFound = 0;
  let confirmed = 0;
  for (const [a, b, map] of pairs) {
    const fit = confirmStretchedCopy(changes[a] ?? [], changes[b] ?? [], map, P.shiftBucketMs, P);
    if (fit === null || fit.relativeResidual > P.maxRelativeResidual || fit.coverage < P.minCoverage)
      continue;
    confirmed++;
    if (a >= COPIES && a < COPIES + STRETCHED && b === DEVICES - 1 - a) stretchedFound++;
  }
  // The plain copies are found again here too (stretch 1); the pass itself skips pairs already found.
  const plainAgain = pairs.filter(([a, b]) => a < COPIES && b === DEVICES - 1 - a).length;
  return {
    stretchSignMs,
    stretchAddMs,
    stretchLookupMs,
    stretchConfirmMs: cpuMs() - started,
    stretchCandidates: pairs.length,
    stretchedFound,
    stretchFalseConfirmed: confirmed - stretchedFound - plainAgain,
  };
}

function run(): RunFigures {
  const streams = Array.from({ length: DEVICES }, (_, i) => stream(i + 1));
  // The last COPIES devices carry copies of the first COPIES: 37 min later, ×2.5 + 3.
  for (let i = 0; i < COPIES; i++) {
    streams[DEVICES - 1 - i] = (streams[i] ?? []).map((p) => ({ t: p.t + 37 * 60_000, v: 2.5 * p.v + 3 }));
  }
  // The next STRETCHED devices are replayed 1.5× slower, 5 min later, by the devices mirroring them.
  for (let i = COPIES; i < COPIES + STRETCHED; i++) {
    streams[DEVICES - 1 - i] = (streams[i] ?? []).map((p) => ({
      t: Math.round(T0 + 1.5 * (p.t - T0) + 5 * 60_000),
      v: p.v,
    }));
  }
  let started = cpuMs();
  const changes = streams.map((s) => changeEvents(s));
  const signatures = changes.map((c) => changeSignature(c, P.windowChanges, P.winnowWindow));
  const signMs = cpuMs() - started;

  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  started = cpuMs();
  const index = new StreamIndex(P);
  const ids = signatures.map((s, i) =>
    index.add({ enterprise: `e${i % 1_000}`, device: `d${i}`, signal: "p" }, s),
  );
  const addMs = cpuMs() - started;
  global.gc?.();
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  started = cpuMs();
  const pairs: [number, number, number][] = [];
  for (const [i, signature] of signatures.entries()) {
    for (const candidate of index.candidates(signature, ids[i])) {
      const other = Number(candidate.key.device.slice(1));
      if (other > i) pairs.push([i, other, candidate.shiftMs]);
    }
  }
  const lookupMs = cpuMs() - started;

  started = cpuMs();
  let confirmed = 0;
  let copiesFound = 0;
  for (const [a, b, shift] of pairs) {
    const fit = confirmCopy(changes[a] ?? [], changes[b] ?? [], shift, P.shiftBucketMs, P);
    if (fit === null || fit.relativeResidual > P.maxRelativeResidual || fit.coverage < P.minCoverage)
      continue;
    confirmed++;
    if (a < COPIES && b === DEVICES - 1 - a) copiesFound++;
  }
  const confirmMs = cpuMs() - started;
  const stretch = P.maxStretch > 1 ? stretchPass(changes) : undefined;
  return {
    stretchSignMs: stretch?.stretchSignMs ?? 0,
    stretchAddMs: stretch?.stretchAddMs ?? 0,
    stretchLookupMs: stretch?.stretchLookupMs ?? 0,
    stretchConfirmMs: stretch?.stretchConfirmMs ?? 0,
    stretchCandidates: stretch?.stretchCandidates ?? 0,
    stretchedFound: stretch?.stretchedFound ?? 0,
    stretchFalseConfirmed: stretch?.stretchFalseConfirmed ?? 0,
    signMs,
    addMs,
    lookupMs,
    confirmMs,
    candidates: pairs.length,
    confirmed,
    copiesFound,
    fingerprints: signatures.reduce((n, s) => n + s.fingerprints.length, 0),
    heapMiB,
  };
}

const runs = Array.from({ length: RUNS }, run);
const m = (pick: (r: RunFigures) => number) => median(runs.map(pick));
const values = DEVICES * CHANGES;
const perDeviceUs = (ms: number) => (ms * 1_000) / DEVICES;
const perMillionMs = (ms: number) => (ms * 1e6) / values;
const figures = {
  devices: DEVICES,
  changesPerDevice: CHANGES,
  copiesPlanted: COPIES,
  runs: RUNS,
  signature: {
    perDeviceUs: perDeviceUs(m((r) => r.signMs)),
    perMillionValuesMs: perMillionMs(m((r) => r.signMs)),
  },
  indexAdd: {
    perDeviceUs: perDeviceUs(m((r) => r.addMs)),
    perMillionValuesMs: perMillionMs(m((r) => r.addMs)),
  },
  lookup: {
    perDeviceUs: perDeviceUs(m((r) => r.lookupMs)),
    perMillionValuesMs: perMillionMs(m((r) => r.lookupMs)),
  },
  confirmation: { totalMs: m((r) => r.confirmMs), candidatePairs: m((r) => r.candidates) },
  fingerprints: m((r) => r.fingerprints),
  indexHeapMiB: m((r) => r.heapMiB),
  copiesFound: m((r) => r.copiesFound),
  falsePairsConfirmed: m((r) => r.confirmed - r.copiesFound),
  stretchedPlanted: STRETCHED,
  stretchPass: {
    signature: { perMillionValuesMs: perMillionMs(m((r) => r.stretchSignMs)) },
    indexAdd: { perMillionValuesMs: perMillionMs(m((r) => r.stretchAddMs)) },
    lookupAndFit: { perMillionValuesMs: perMillionMs(m((r) => r.stretchLookupMs)) },
    confirmation: { totalMs: m((r) => r.stretchConfirmMs), candidatePairs: m((r) => r.stretchCandidates) },
    stretchedFound: m((r) => r.stretchedFound),
    falsePairsConfirmed: m((r) => r.stretchFalseConfirmed),
  },
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
const f = (x: number) => x.toFixed(1);
process.stderr.write(
  [
    `copied-stream index (CPU time): ${DEVICES.toLocaleString("en")} devices × ${CHANGES} changes (${(values / 1e6).toFixed(1)} M values), ${COPIES} copies planted, median of ${RUNS} runs`,
    `  signature      ${f(figures.signature.perDeviceUs)} µs/device   ${f(figures.signature.perMillionValuesMs)} ms per million values`,
    `  index add      ${f(figures.indexAdd.perDeviceUs)} µs/device   ${f(figures.indexAdd.perMillionValuesMs)} ms per million values`,
    `  lookup         ${f(figures.lookup.perDeviceUs)} µs/device   ${f(figures.lookup.perMillionValuesMs)} ms per million values`,
    `  confirmation   ${f(figures.confirmation.totalMs)} ms for ${figures.confirmation.candidatePairs} candidate pairs`,
    `  index          ${figures.fingerprints.toLocaleString("en")} fingerprints, ${f(figures.indexHeapMiB)} MiB of index heap (run with --expose-gc for a clean figure)`,
    `  found          ${figures.copiesFound}/${COPIES} copies, ${figures.falsePairsConfirmed} other pairs confirmed`,
    `  stretch pass (maxStretch ${P.maxStretch}): signature ${f(figures.stretchPass.signature.perMillionValuesMs)}, index add ${f(figures.stretchPass.indexAdd.perMillionValuesMs)}, lookup + time-map fit ${f(figures.stretchPass.lookupAndFit.perMillionValuesMs)} ms per million values; confirmation ${f(figures.stretchPass.confirmation.totalMs)} ms for ${figures.stretchPass.confirmation.candidatePairs} candidate pairs`,
    `  found          ${figures.stretchPass.stretchedFound}/${STRETCHED} copies replayed 1.5× slower, ${figures.stretchPass.falsePairsConfirmed} other pairs confirmed`,
    "",
  ].join("\n"),
);
