import { type Flag } from "../flags.js";
import type { SeriesPoint } from "../inputs.js";
import type { CopiedStreamParams } from "../params.js";
import { type CopyFit } from "./copy-confirmation.js";
import { type StreamKey } from "./stream-index.js";
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
/**
 * Issue 14, INDICATORS §5 uniqueness: the same series (timing of value changes and the changes
 * themselves, up to a time shift, a constant offset and a scale) under two devices, in one
 * enterprise or two. Index, then confirm: every eligible stream's change signature goes into a
 * `StreamIndex`; each stream looks up the streams sharing fingerprints at one shift; each
 * candidate pair is confirmed by `confirmCopy` over all its changes. Honest machines of one model
 * running one program repeat themselves (their windows are not distinct: `minDistinctWindowShare`)
 * or differ in timing and values (no shared fingerprints, or a large residual).
 */
export declare function findCopiedStreams(streams: readonly StreamSeries[], params: CopiedStreamParams, isExempt?: PairExemption): CopiedStreamMatch[];
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
export declare function copiedStreamFlags(matches: readonly CopiedStreamMatch[], enterprise: string): Flag[];
