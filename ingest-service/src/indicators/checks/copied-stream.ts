import { type Flag, makeFlag } from "../flags.js";
import type { SeriesPoint } from "../inputs.js";
import type { CopiedStreamParams } from "../params.js";
import { changeEvents, changeSignature } from "./change-signature.js";
import { type CopyFit, confirmCopy, isCopy } from "./copy-confirmation.js";
import { numericPoints } from "./series-values.js";
import { StreamIndex, type StreamKey } from "./stream-index.js";
import { confirmStretchedCopy, fitTimeMap, stretchTokens } from "./stretch-signature.js";

/** One stream of one device, wherever it comes from (this enterprise or any other). */
export interface StreamSeries extends StreamKey {
  readonly role: string;
  readonly points: readonly SeriesPoint[];
}

/** Two streams found to be one series: `b` = scale × `a` + offset, `shiftMs` later. */
export interface CopiedStreamMatch {
  readonly a: StreamKey;
  readonly b: StreamKey;
  readonly fit: CopyFit;
}

/** Where a pair of devices may legitimately carry the same series: the same device, or related ones. */
export type PairExemption = (a: StreamKey, b: StreamKey) => boolean;

const sameDevice: PairExemption = (a, b) => a.enterprise === b.enterprise && a.device === b.device;

/**
 * Issue 14, INDICATORS §5 uniqueness: the same series (timing of value changes and the changes
 * themselves, up to a time shift, a constant offset and a scale — and, in a second pass, a
 * stretch of time: stretch-signature.ts) under two devices, in one enterprise or two. Index, then confirm: every eligible stream's change signature goes into a
 * `StreamIndex`; each stream looks up the streams sharing fingerprints at one shift; each
 * candidate pair is confirmed by `confirmCopy` over all its changes. Honest machines of one model
 * running one program repeat themselves (their windows are not distinct: `minDistinctWindowShare`)
 * or differ in timing and values (no shared fingerprints, or a large residual).
 */
export function findCopiedStreams(
  streams: readonly StreamSeries[],
  params: CopiedStreamParams,
  isExempt: PairExemption = sameDevice,
): CopiedStreamMatch[] {
  const index = new StreamIndex(params);
  const eligible = streams.flatMap((s) => {
    if (!params.roles.includes(s.role)) return [];
    const changes = changeEvents(numericPoints(s.points)).slice(-params.maxChangesPerStream);
    const signature = changeSignature(changes, params.windowChanges, params.winnowWindow);
    if (changes.length < params.minMatchedChanges) return [];
    if (signature.distinctWindowShare < params.minDistinctWindowShare) return [];
    return [{ key: s as StreamKey, changes, signature, id: index.add(s, signature) }];
  });
  const matches: CopiedStreamMatch[] = [];
  const byKey = new Map(eligible.map((e) => [keyText(e.key), e]));
  for (const self of eligible) {
    for (const candidate of index.candidates(self.signature, self.id)) {
      const other = byKey.get(keyText(candidate.key));
      // Each unordered pair once: from the stream added first.
      if (other === undefined || other.id < self.id) continue;
      if (isExempt(self.key, other.key) || sameDevice(self.key, other.key)) continue;
      const fit = confirmCopy(self.changes, other.changes, candidate.shiftMs, params.shiftBucketMs, params);
      if (isCopy(fit, params)) matches.push({ a: plainKey(self.key), b: plainKey(other.key), fit });
    }
  }
  if (params.maxStretch > 1) matches.push(...findStretchedCopies(eligible, matches, params, isExempt));
  return matches;
}

interface EligibleStream {
  readonly key: StreamKey;
  readonly changes: ReturnType<typeof changeEvents>;
  readonly id: number;
}

/**
 * The stretch-tolerant pass (stretch-signature.ts) over the streams the plain pass judged, for the
 * pairs it did not already confirm: a second index of interval-ratio tokens, a time map fitted to
 * each sharing pair's fingerprints, kept when its stretch is within [1/maxStretch, maxStretch] and
 * at least minVotes fingerprints lie on it, then the exact comparison on the mapped changes.
 */
function findStretchedCopies(
  eligible: readonly EligibleStream[],
  found: readonly CopiedStreamMatch[],
  params: CopiedStreamParams,
  isExempt: PairExemption,
): CopiedStreamMatch[] {
  const index = new StreamIndex(params);
  const done = new Set(found.map((m) => `${keyText(m.a)}\u0001${keyText(m.b)}`));
  const signed = eligible.flatMap((e) => {
    const signature = changeSignature(e.changes, params.windowChanges, params.winnowWindow, stretchTokens);
    if (signature.distinctWindowShare < params.minDistinctWindowShare) return [];
    return [{ ...e, signature, stretchId: index.add(e.key, signature) }];
  });
  const byKey = new Map(signed.map((e) => [keyText(e.key), e]));
  const matches: CopiedStreamMatch[] = [];
  for (const self of signed) {
    for (const [key, times] of index.sharedTimes(self.signature, self.stretchId)) {
      const other = byKey.get(keyText(key));
      if (other === undefined || other.stretchId < self.stretchId || times.self.length < params.minVotes)
        continue;
      if (done.has(`${keyText(self.key)}\u0001${keyText(other.key)}`)) continue;
      if (isExempt(self.key, other.key) || sameDevice(self.key, other.key)) continue;
      const map = fitTimeMap(times.self, times.other, params.shiftBucketMs);
      if (map === null || map.inliers < params.minVotes) continue;
      if (map.stretch > params.maxStretch || map.stretch < 1 / params.maxStretch) continue;
      const fit = confirmStretchedCopy(self.changes, other.changes, map, params.shiftBucketMs, params);
      if (isCopy(fit, params)) matches.push({ a: plainKey(self.key), b: plainKey(other.key), fit });
    }
  }
  return matches;
}

function keyText(k: StreamKey): string {
  return `${k.enterprise}\u0000${k.device}\u0000${k.signal}`;
}

function plainKey(k: StreamKey): StreamKey {
  return { enterprise: k.enterprise, device: k.device, signal: k.signal };
}

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

/**
 * The flags one enterprise's report carries for the matches touching its devices: both devices of
 * a pair are flagged, each naming the other. A copy cannot be published before its source was
 * measured, so the later series is the copy (`UNIQUENESS_COPIED_STREAM`, a failure) and the
 * earlier one its source (`UNIQUENESS_STREAM_COPIED_ELSEWHERE`, a warning: an honest plant whose
 * stream someone copied must not lose its evidence to the copier). Simultaneous series (no shift)
 * are both failures: nothing tells them apart. A copier that backdated its samples (within the
 * clock-skew bound) would turn the order round; the frame log's receive times would still tell,
 * and are not compared here. A device of another enterprise is named only as such
 * (its enterprise and id are the bureau's to see, INDICATORS §6 bureau view).
 */
export function copiedStreamFlags(matches: readonly CopiedStreamMatch[], enterprise: string): Flag[] {
  const flags: Flag[] = [];
  for (const { a, b, fit } of matches) {
    for (const [self, other, isA] of [
      [a, b, true],
      [b, a, false],
    ] as const) {
      if (self.enterprise !== enterprise) continue;
      const isSameEnterprise = other.enterprise === enterprise;
      // Seen from b, a = (b − offset) / scale, shifted back.
      const scale = isA ? fit.scale : 1 / fit.scale;
      const offset = isA ? fit.offset : -fit.offset / fit.scale;
      const shiftMs = isA ? fit.shiftMs : -fit.shiftMs;
      // Seen from b, a plays at 1/stretch of b's pace.
      const stretch = isA ? (fit.stretch ?? 1) : 1 / (fit.stretch ?? 1);
      const paced =
        fit.stretch === undefined
          ? ""
          : `, played ${stretch >= 1 ? `${round(stretch, 3)}× slower` : `${round(1 / stretch, 3)}× faster`} (every interval between its value changes ${round(stretch, 3)} times this one's)`;
      const isSource = shiftMs > 0;
      const otherText = isSameEnterprise
        ? `"${other.signal}" of device "${other.device}"`
        : `a signal of a device of another enterprise`;
      flags.push(
        makeFlag(
          isSource ? "UNIQUENESS_STREAM_COPIED_ELSEWHERE" : "UNIQUENESS_COPIED_STREAM",
          self.device,
          `"${self.signal}" of "${self.device}" is the same series as ${otherText}, ${Math.abs(shiftMs / 60_000).toFixed(1)} min ${shiftMs >= 0 ? "later" : "earlier"}${paced}, with other = ${round(scale, 6)} × this + ${round(offset, 6)}: ${fit.matchedChanges} value changes matched in time and value (residual ${(fit.relativeResidual * 100).toFixed(2)} % of the spread). Two machines do not produce one series: ${isSource ? "the later one, not this one, is the copy" : "this one, the later, is the copy"}.`,
          {
            signal: self.signal,
            otherDevice: isSameEnterprise ? other.device : null,
            otherSignal: isSameEnterprise ? other.signal : null,
            otherEnterprise: isSameEnterprise ? enterprise : null,
            otherIsAnotherEnterprise: !isSameEnterprise,
            shiftMs,
            stretch: round(stretch, 9),
            scale: round(scale, 9),
            offset: round(offset, 9),
            matchedChanges: fit.matchedChanges,
            coverage: round(fit.coverage, 6),
            relativeResidual: round(fit.relativeResidual, 6),
          },
        ),
      );
    }
  }
  return flags;
}
