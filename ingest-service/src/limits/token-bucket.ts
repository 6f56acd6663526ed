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

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly opts: TokenBucketOptions) {}

  /** Takes one token: 0 when granted, else the milliseconds until one is available. */
  take(key: string, now: number): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.opts.capacity, updatedAt: now };
    const refilled = Math.min(
      this.opts.capacity,
      bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.opts.refillPerSecond,
    );
    this.buckets.delete(key);
    if (refilled >= 1) {
      this.buckets.set(key, { tokens: refilled - 1, updatedAt: now });
      this.evict();
      return 0;
    }
    this.buckets.set(key, { tokens: refilled, updatedAt: now });
    this.evict();
    return Math.ceil(((1 - refilled) / this.opts.refillPerSecond) * 1000);
  }

  private evict(): void {
    if (this.buckets.size <= this.opts.maxKeys) return;
    const oldest = this.buckets.keys().next().value;
    if (oldest !== undefined) this.buckets.delete(oldest);
  }
}
