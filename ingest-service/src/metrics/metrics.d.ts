/**
 * Prometheus text exposition (format 0.0.4), hand-written: a dozen counters and gauges do not
 * justify prom-client's default process collectors and registry API.
 */
type Labels = Record<string, string>;
export declare class Counter {
    readonly name: string;
    readonly help: string;
    private readonly values;
    constructor(name: string, help: string);
    inc(labels?: Labels, by?: number): void;
    get(labels?: Labels): number;
    render(): string;
}
/** A gauge read at scrape time from the component that owns the value. */
export declare class Gauge {
    readonly name: string;
    readonly help: string;
    private readonly read;
    constructor(name: string, help: string, read: () => number);
    render(): string;
}
export declare class MetricsRegistry {
    private readonly metrics;
    counter(name: string, help: string): Counter;
    gauge(name: string, help: string, read: () => number): Gauge;
    render(): string;
}
/** The ingest's counters, created once and handed to the components that count. */
export declare function createIngestMetrics(registry: MetricsRegistry): {
    frames: Counter;
    rejections: Counter;
    points: Counter;
    skewed: Counter;
    commitFailures: Counter;
    batches: Counter;
    brokerMessages: Counter;
    authFailures: Counter;
};
export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
export {};
