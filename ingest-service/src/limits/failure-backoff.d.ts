/**
 * Back-off after repeated authentication failures, per key (a source address, an MQTT client
 * id). The first `freeFailures` failures cost nothing; after that the key is blocked for
 * `baseBlockMs`, doubling with every further failure up to `maxBlockMs`. A blocked attempt is
 * refused before any password is hashed, so guessing costs the attacker time and the service no
 * CPU. A key with no failure for `forgetAfterMs` starts afresh; a success clears it.
 */
export interface FailureBackoffOptions {
    freeFailures: number;
    baseBlockMs: number;
    maxBlockMs: number;
    forgetAfterMs: number;
    /** Keys remembered at most; the oldest are forgotten first, so an address sweep cannot grow memory. */
    maxKeys: number;
}
export declare class FailureBackoff {
    private readonly opts;
    private readonly entries;
    constructor(opts: FailureBackoffOptions);
    /** Milliseconds this key must still wait, 0 when it may try now. */
    blockedForMs(key: string, now: number): number;
    /** Records a failure; returns how long the key is now blocked (0 while failures are still free). */
    fail(key: string, now: number): number;
    succeed(key: string): void;
    get size(): number;
    private current;
}
