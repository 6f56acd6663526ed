import type { ChangeSignature } from "./change-signature.js";

/** Which stream a signature belongs to. */
export interface StreamKey {
  readonly enterprise: string;
  readonly device: string;
  readonly signal: string;
}

/** A stream that shares fingerprints with the one looked up, and the time shift they agree on. */
export interface StreamCandidate {
  readonly key: StreamKey;
  /** Shared fingerprints voting for `shiftMs`. */
  readonly votes: number;
  /** Time of the other stream minus time of this one, at the shared fingerprints. */
  readonly shiftMs: number;
}

export interface StreamIndexOptions {
  /** Shared fingerprints agreeing on one shift before a pair is a candidate. */
  readonly minVotes: number;
  /** Shifts within this bucket width vote together (a copier may re-time samples slightly). */
  readonly shiftBucketMs: number;
  /**
   * A fingerprint held by more streams than this is a common pattern, not a copy (like a stop
   * word): it is skipped at lookup, which also bounds the lookup's work per fingerprint.
   */
  readonly maxPostings: number;
}

/**
 * An inverted index from fingerprint hash to the streams holding it: adding a stream costs its
 * fingerprints, a lookup costs its fingerprints × their (bounded) postings, independent of how
 * many streams the index holds — the bureau's whole city (~10⁵ devices) stays sub-linear.
 * Postings are flat number arrays (stream id, time) to keep 10⁶ entries cheap in memory.
 */
export class StreamIndex {
  readonly #postings = new Map<number, number[]>();
  readonly #keys: StreamKey[] = [];
  readonly #options: StreamIndexOptions;

  constructor(options: StreamIndexOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#keys.length;
  }

  /** Adds a stream; returns its id in this index. */
  add(key: StreamKey, signature: ChangeSignature): number {
    const id = this.#keys.length;
    this.#keys.push(key);
    for (const { hash, t } of signature.fingerprints) {
      const list = this.#postings.get(hash);
      if (list === undefined) this.#postings.set(hash, [id, t]);
      else list.push(id, t);
    }
    return id;
  }

  /** Streams sharing ≥ minVotes fingerprints at one shift with `signature`, the stream `self` excepted. */
  candidates(signature: ChangeSignature, self?: number): StreamCandidate[] {
    const { minVotes, shiftBucketMs, maxPostings } = this.#options;
    const votes = new Map<number, Map<number, number>>();
    for (const { hash, t } of signature.fingerprints) {
      const list = this.#postings.get(hash);
      if (list === undefined || list.length / 2 > maxPostings) continue;
      for (let i = 0; i < list.length; i += 2) {
        const id = list[i] as number;
        if (id === self) continue;
        const bucket = Math.round(((list[i + 1] as number) - t) / shiftBucketMs);
        const byShift = votes.get(id) ?? new Map<number, number>();
        byShift.set(bucket, (byShift.get(bucket) ?? 0) + 1);
        votes.set(id, byShift);
      }
    }
    const found: StreamCandidate[] = [];
    for (const [id, byShift] of votes) {
      let best: [number, number] = [0, 0];
      for (const entry of byShift) if (entry[1] > best[1]) best = entry;
      if (best[1] >= minVotes)
        found.push({ key: this.#keys[id] as StreamKey, votes: best[1], shiftMs: best[0] * shiftBucketMs });
    }
    return found;
  }
}
