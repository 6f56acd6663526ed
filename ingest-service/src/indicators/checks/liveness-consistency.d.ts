import type { ReplySample } from "@onramp/contract";
import type { SignalSeries, SignalSpec } from "../inputs.js";
export interface ConsistencyRule {
    /** Share of the stream's scale a numeric reply value may lie outside the stream's range. */
    readonly tolerance: number;
    /** Multiplies the slack for an `uncertain` reply value. */
    readonly uncertainSlackFactor: number;
}
/**
 * How far a value may be from the last reported one without a new sample: the profile's
 * deadband in the signal's unit (a `percentOfRange` deadband is a share of the range span,
 * OPC 10000-8 §6.2, the agent reporter's own reading). 0 without a deadband.
 */
export declare function deadbandSlack(spec: SignalSpec | undefined): number;
/**
 * Why a reply value does not match the stream, or null if it does or is no evidence either way.
 *
 * - A `bad` sample (or one without a value) says nothing about the value: skipped here; a reply
 *   with no usable value at all fails the freshness test instead.
 * - Numbers may lie outside the stream's range by max(tolerance × scale, deadband): the agent
 *   reports a change only past the deadband, so the device's value may sit that far from the last
 *   reported one while the stream stays silent. An `uncertain` value gets that slack ×
 *   `uncertainSlackFactor`; other types must equal a value the stream reported.
 * - The stream is taken within `window`; when it has no usable sample there (a device that
 *   reports by exception and whose heartbeat is longer than the window, or a stream gap), the
 *   last usable value before the window stands in for it — the value the stream says the device
 *   still had — provided it is younger than the device's offline horizon (INDICATORS §3,
 *   10 × heartbeat): past that the stream itself says the device was gone. With no usable sample
 *   there either, the stream cannot vouch for the reply: that is an inconsistency (a device that
 *   answers challenges while its stream is silent).
 */
export declare function inconsistency(sample: ReplySample, spec: SignalSpec | undefined, series: SignalSeries | undefined, window: {
    readonly from: number;
    readonly to: number;
    /** How far back the last value before the window may be (the device's offline horizon). */
    readonly lastValueFrom: number;
}, rule: ConsistencyRule): string | null;
