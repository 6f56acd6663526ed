/**
 * Token buckets per key (a source address): `capacity` requests at once, refilled at
 * `refillPerSecond`. Used where every request costs the service work whatever its outcome
 * (enrollment), so a flood from one address is refused cheaply and others are not slowed.
 */
export interface TokenBucketOptions {
    capacity: number;
    refillPerSecond: number;
    /** Buckets kept at most; the least recently used are dropped (a dropped bucket is full again). */
    maxKeys: number;
}
export declare class TokenBuckets {
    private readonly opts;
    private readonly buckets;
    constructor(opts: TokenBucketOptions);
    /** Takes one token: 0 when granted, else the milliseconds until one is available. */
    take(key: string, now: number): number;
    private evict;
}
