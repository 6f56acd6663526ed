import { describe, expect, it } from "vitest";
import type { SeriesPoint } from "../inputs.js";
import { DEFAULT_PARAMS } from "../params.js";
import { changeEvents, changeSignature, changeTokens } from "./change-signature.js";
import { copiedStreamFlags, findCopiedStreams, type StreamSeries } from "./copied-stream.js";
import { StreamIndex } from "./stream-index.js";

const P = DEFAULT_PARAMS.copiedStream;
const T0 = Date.UTC(2026, 11, 1, 8);
const MIN = 60_000;

/** mulberry32, as the simulators use: a seeded stream of uniforms. */
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

/**
 * A meter's power as report-by-exception delivers it: a random walk around 12 kW read every
 * second, reported when it moved by more than 0.05 kW (the deadband) — irregular change times.
 */
function powerStream(seed: number, hours: number): SeriesPoint[] {
  const next = uniforms(seed);
  const points: SeriesPoint[] = [];
  let v = 12;
  let reported = Number.NaN;
  for (let t = T0; t < T0 + hours * 3_600_000; t += 1_000) {
    v = Math.max(0.5, v + (next() - 0.5) * 0.3);
    if (!(Math.abs(v - reported) <= 0.05)) {
      points.push({ t: t + Math.floor(next() * 40), v: Math.round(v * 1000) / 1000, q: "good" });
      reported = v;
    }
  }
  return points;
}

const stream = (enterprise: string, device: string, points: SeriesPoint[]): StreamSeries => ({
  enterprise,
  device,
  signal: "power_active",
  role: "power_active",
  points,
});

/** The copier's transformation: 37 min later, ×2.5 (W instead of a different CT ratio) + 3. */
const copied = (points: readonly SeriesPoint[]) =>
  points.map((p) => ({ t: p.t + 37 * MIN, v: 2.5 * (p.v as number) + 3, q: p.q }));

describe("change signature", () => {
  it("turns each change into the interval since the last one and the ratio of the last two steps", () => {
    const changes = changeEvents([
      { t: 0, v: 10 },
      { t: 500, v: 10 },
      { t: 1_000, v: 12 },
      { t: 3_000, v: 8 },
    ]);
    expect(changes.map((c) => c.t)).toEqual([0, 1_000, 3_000]);
    // interval 2,000 ms → ⌊2·log2 2000⌋ = 21; ratio (8−12)/(12−10) = −2 → negative, ⌊2·log2 2⌋ = 2:
    // 33 (sign) + 2 + 16 (clip offset) = 51.
    expect([...changeTokens(changes)]).toEqual([21_051]);
  });

  it("is the same after a shift in time, an offset and a scale", () => {
    const original = powerStream(1, 1).map((p) => ({ t: p.t, v: p.v as number }));
    const copy = copied(powerStream(1, 1)).map((p) => ({ t: p.t, v: p.v }));
    expect(changeTokens(changeEvents(copy))).toEqual(changeTokens(changeEvents(original)));
    const a = changeSignature(changeEvents(original), P.windowChanges, P.winnowWindow);
    const b = changeSignature(changeEvents(copy), P.windowChanges, P.winnowWindow);
    expect(b.fingerprints.map((f) => f.hash)).toEqual(a.fingerprints.map((f) => f.hash));
    expect(a.distinctWindowShare).toBeGreaterThan(0.99);
  });
});

describe("copied streams", () => {
  it("catches a stream copied to another device 37 min later with an offset and a scale, and names both", () => {
    const original = powerStream(7, 3);
    const matches = findCopiedStreams(
      [stream("acme", "meter-1", original), stream("acme", "meter-9", copied(original))],
      P,
    );
    expect(matches).toHaveLength(1);
    const [match] = matches;
    expect(match?.a).toEqual({ enterprise: "acme", device: "meter-1", signal: "power_active" });
    expect(match?.b.device).toBe("meter-9");
    expect(match?.fit.shiftMs).toBe(37 * MIN);
    expect(match?.fit.scale).toBeCloseTo(2.5, 9);
    expect(match?.fit.offset).toBeCloseTo(3, 6);
    expect(match?.fit.matchedChanges).toBeGreaterThan(1_000);
    expect(match?.fit.coverage).toBeGreaterThan(0.99);

    const flags = copiedStreamFlags(matches, "acme");
    expect(flags.map((f) => [f.code, f.device, f.severity])).toEqual([
      // meter-1 came first: its stream was copied, so a warning; meter-9, 37 min later, is the copy.
      ["UNIQUENESS_STREAM_COPIED_ELSEWHERE", "meter-1", "warning"],
      ["UNIQUENESS_COPIED_STREAM", "meter-9", "failure"],
    ]);
    expect(flags[0]?.data).toMatchObject({ otherDevice: "meter-9", shiftMs: 37 * MIN, scale: 2.5 });
    expect(flags[1]?.data).toMatchObject({ otherDevice: "meter-1", shiftMs: -37 * MIN, scale: 0.4 });
    expect(flags[1]?.data.offset).toBeCloseTo(-1.2, 6);
    expect(flags[0]?.reason).toContain('"power_active" of device "meter-9", 37.0 min later');
  });

  it("catches a copy replayed 1.5× slower (and shifted, offset, scaled), with its stretch in the data", () => {
    const original = powerStream(12, 2);
    // t' = T0 + 1.5·(t − T0) + 5 min, rounded to the ms as a copier's clock would.
    const slowed = copied(original).map((p) => ({
      ...p,
      t: Math.round(T0 + 1.5 * (p.t - 37 * MIN - T0) + 5 * MIN),
    }));
    // The plain pass alone (maxStretch 1) finds nothing: no single shift gathers the fingerprints.
    const pair = [stream("acme", "m-1", original), stream("globex", "m-2", slowed)];
    expect(findCopiedStreams(pair, { ...P, maxStretch: 1 })).toEqual([]);
    expect(P.maxStretch).toBe(2);
    const matches = findCopiedStreams(pair, P);
    expect(matches).toHaveLength(1);
    const fit = matches[0]?.fit;
    expect(fit?.stretch).toBeCloseTo(1.5, 4);
    expect(fit?.scale).toBeCloseTo(2.5, 9);
    expect(fit?.matchedChanges).toBeGreaterThan(500);
    expect(fit?.coverage).toBeGreaterThan(0.99);
    // Mean delay over the two hours: 5 min + half of the elapsed time ≈ 5 + 30 min.
    expect((fit?.shiftMs ?? 0) / MIN).toBeGreaterThan(30);
    const [copy] = copiedStreamFlags(matches, "globex");
    expect(copy?.code).toBe("UNIQUENESS_COPIED_STREAM");
    expect(copy?.data).toMatchObject({ otherIsAnotherEnterprise: true, scale: 0.4 });
    expect(copy?.data.stretch).toBeCloseTo(1 / 1.5, 4);
    expect(copy?.reason).toContain("played 1.5× faster");
    const [source] = copiedStreamFlags(matches, "acme");
    expect(source?.code).toBe("UNIQUENESS_STREAM_COPIED_ELSEWHERE");
    expect(source?.reason).toContain("played 1.5× slower");
    // Beyond maxStretch the pass does not look.
    expect(findCopiedStreams(pair, { ...P, maxStretch: 1.4 })).toEqual([]);
  });

  it("names a device of another enterprise only as such in the enterprise's flags", () => {
    const original = powerStream(8, 2);
    const matches = findCopiedStreams(
      [stream("acme", "cnc-1", original), stream("globex", "cnc-4", copied(original))],
      P,
    );
    expect(matches).toHaveLength(1);
    const [acmeFlag] = copiedStreamFlags(matches, "acme");
    expect(acmeFlag?.reason).toContain("a device of another enterprise");
    expect(acmeFlag?.reason).not.toContain("globex");
    expect(acmeFlag?.data).toMatchObject({
      otherDevice: null,
      otherEnterprise: null,
      otherIsAnotherEnterprise: true,
    });
    const globexFlags = copiedStreamFlags(matches, "globex");
    expect(globexFlags.map((f) => f.device)).toEqual(["cnc-4"]);
  });

  it("does not match independent machines, nor a copy drowned in its own noise", () => {
    const honest = [1, 2, 3, 4, 5, 6].map((seed) => stream("acme", `meter-${seed}`, powerStream(seed, 2)));
    expect(findCopiedStreams(honest, P)).toEqual([]);
    // 5 % noise on every value: the timing matches, the values do not follow within 0.5 %.
    const next = uniforms(99);
    const original = powerStream(11, 2);
    const noisy = copied(original).map((p) => ({ ...p, v: p.v * (1 + (next() - 0.5) * 0.1) }));
    expect(findCopiedStreams([stream("a", "x", original), stream("a", "y", noisy)], P)).toEqual([]);
  });

  it("leaves machines running one repetitive program alone: their windows repeat", () => {
    // Spindle load of a 95-s cycle: the same 5 steps every cycle, 3 % cycle-time noise.
    const cycle = (seed: number) => {
      const next = uniforms(seed);
      const points: SeriesPoint[] = [];
      let t = T0 + seed * 13_000;
      for (let part = 0; part < 200; part++) {
        for (const [v, seconds] of [
          [5, 15],
          [62, 30],
          [78, 25],
          [40, 20],
          [5, 5],
        ] as const) {
          points.push({ t, v, q: "good" });
          t += Math.round(seconds * 1_000 * (1 + (next() - 0.5) * 0.06));
        }
      }
      return points;
    };
    const streams = [1, 2].map((seed) => ({
      ...stream("acme", `cnc-${seed}`, cycle(seed)),
      role: "spindle_load",
    }));
    expect(findCopiedStreams(streams, P)).toEqual([]);
  });

  it("skips roles a copier does not need and the same device's own signals", () => {
    const original = powerStream(5, 2);
    const setpoints = [
      { ...stream("acme", "cnc-1", original), role: "setpoint" },
      { ...stream("acme", "cnc-2", copied(original)), role: "setpoint" },
    ];
    expect(findCopiedStreams(setpoints, P)).toEqual([]);
    const phases = [
      stream("acme", "meter-1", original),
      { ...stream("acme", "meter-1", copied(original)), signal: "power_active_l1" },
    ];
    expect(findCopiedStreams(phases, P)).toEqual([]);
  });
});

describe("stream index", () => {
  it("finds a candidate at the copy's shift from shared fingerprints, and ignores patterns everyone has", () => {
    const a = changeSignature(
      changeEvents(powerStream(3, 1).map((p) => ({ t: p.t, v: p.v as number }))),
      P.windowChanges,
      P.winnowWindow,
    );
    const b = changeSignature(
      changeEvents(copied(powerStream(3, 1)).map((p) => ({ t: p.t, v: p.v }))),
      P.windowChanges,
      P.winnowWindow,
    );
    const index = new StreamIndex({ minVotes: 3, shiftBucketMs: 2_000, maxPostings: 64 });
    const self = index.add({ enterprise: "e", device: "a", signal: "p" }, a);
    index.add({ enterprise: "e", device: "b", signal: "p" }, b);
    const found = index.candidates(a, self);
    expect(found).toHaveLength(1);
    expect(found[0]?.key.device).toBe("b");
    expect(found[0]?.shiftMs).toBe(37 * MIN);
    expect(found[0]?.votes).toBe(a.fingerprints.length);
    // With every fingerprint held by more streams than maxPostings, nothing is a candidate.
    const crowded = new StreamIndex({ minVotes: 3, shiftBucketMs: 2_000, maxPostings: 2 });
    for (const device of ["b", "c", "d"]) crowded.add({ enterprise: "e", device, signal: "p" }, b);
    expect(crowded.candidates(a)).toEqual([]);
  });
});
