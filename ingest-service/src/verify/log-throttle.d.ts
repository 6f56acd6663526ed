/**
 * Lets one log line through per key per window, with a bounded number of keys: a flood of bad
 * frames from many (possibly invented) gateway ids costs at most `maxKeys` entries and one
 * summary line per window for everything beyond.
 */
export declare class LogThrottle {
    private readonly windowMs;
    private readonly maxKeys;
    private readonly last;
    private suppressedOverflow;
    private overflowLoggedAt;
    constructor(windowMs?: number, maxKeys?: number);
    /** True when a line for `key` may be logged now. */
    shouldLog(key: string, now: number): boolean;
    /** Lines dropped because the key table was full, reported once per window then reset. */
    takeOverflow(now: number): number;
    private evictExpired;
}
