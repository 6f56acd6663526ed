import type { Quality, SampleValue } from "@onramp/contract";
/** One sample with its identity, as every adapter receives it. */
export interface TelemetryPoint {
    ent: string;
    gw: string;
    dev: string;
    /** `vendor/model@version` from the device's birth, or "unknown" before the first birth. */
    profile: string;
    signal: string;
    /** Source timestamp, epoch ms. */
    t: number;
    value: SampleValue;
    quality: Quality;
}
export interface SignalQuery {
    ent: string;
    gw: string;
    dev: string;
    signal: string;
    /** Inclusive, epoch ms. */
    from: number;
    /** Exclusive, epoch ms. */
    to: number;
    limit: number;
}
export interface SignalPoint {
    t: number;
    value: SampleValue;
    quality: Quality;
}
/**
 * The telemetry port. `write` resolves only once the points are durable (the server answered
 * 2xx, or the SQL transaction committed) and rejects otherwise: the caller acknowledges MQTT
 * messages on that promise. Writing the same point twice stores it once (same series and
 * timestamp overwrite), which is what makes redelivery harmless.
 */
export interface TelemetryStore {
    readonly kind: string;
    write(points: readonly TelemetryPoint[]): Promise<void>;
    readSignal(query: SignalQuery): Promise<SignalPoint[]>;
    /** True when the store answers; used by /readyz. */
    isReachable(): Promise<boolean>;
    close(): Promise<void>;
}
/** The read half alone, for stores whose reads go through another API (InfluxQL). */
export type SignalReader = Pick<TelemetryStore, "readSignal">;
export declare const UNKNOWN_PROFILE = "unknown";
