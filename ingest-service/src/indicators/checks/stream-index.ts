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
 * Postings are linked lists in typed arrays (a Map from hash to the latest posting, then `next`
 * links), with hashes cut to 30 bits so V8 keeps them as small integers: a plain Map of arrays
 * took 4× the time and memory at 2 million fingerprints (test/bench/copied-stream-index.ts).
 * A collision of two cut hashes costs at most a vote: a candidate needs `minVotes` at one shift
 * and is then confirmed exactly.
 */
export class StreamIndex {
  readonly #head = new Map<number, number>();
  #next = new Int32Array(1_024);
  #owner = new Int32Array(1_024);
  #time = new Float64Array(1_024);
  #count = 0;
  readonly #keys: StreamKey[] = [];
  readonly #options: StreamIndexOptions;

  constructor(options: StreamIndexOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#keys.length;
  }

  /** Postings held (one per fingerprint added). */
  get postings(): number {
    return this.#count;
  }

  #grow(): void {
    const size = this.#next.length * 2;
    const next = new Int32Array(size);
    next.set(this.#next);
    const owner = new Int32Array(size);
    owner.set(this.#owner);
    const time = new Float64Array(size);
    time.set(this.#time);
    this.#next = next;
    this.#owner = owner;
    this.#time = time;
  }

  /** Adds a stream; returns its id in this index. */
  add(key: StreamKey, signature: ChangeSignature): number {
    const id = this.#keys.length;
    this.#keys.push(key);
    for (const { hash, t } of signature.fingerprints) {
      if (this.#count === this.#next.length) this.#grow();
      const slot = this.#count++;
      const bucket = hash & 0x3fffffff;
      this.#next[slot] = this.#head.get(bucket) ?? -1;
      this.#owner[slot] = id;
      this.#time[slot] = t;
      this.#head.set(bucket, slot);
    }
    return id;
  }

  /**
   * Fills `owners` and `times` with the postings of one fingerprint (reused arrays: this runs once
   * per fingerprint of every stream). False when more than maxPostings streams hold the pattern:
   * a common pattern, not a copy, and skipped.
   */
  #postings(hash: number, owners: number[], times: number[]): boolean {
    owners.length = 0;
    times.length = 0;
    for (let slot = this.#head.get(hash & 0x3fffffff) ?? -1; slot >= 0; slot = this.#next[slot] as number) {
      owners.push(this.#owner[slot] as number);
      times.push(this.#time[slot] as number);
      if (owners.length > this.#options.maxPostings) return false;
    }
    return true;
  }

  /**
   * Every stream sharing fingerprints with `signature` (the stream `self` excepted), with the
   * times of each shared fingerprint in both: what the stretch-tolerant pass fits a time map to
   * (stretch-signature.ts), where no single shift gathers the votes. Common patterns (more than
   * maxPostings streams) are skipped as in `candidates`.
   */
  sharedTimes(
    signature: ChangeSignature,
    self?: number,
  ): Map<StreamKey, { self: number[]; other: number[] }> {
    const shared = new Map<number, { self: number[]; other: number[] }>();
    const owners: number[] = [];
    const times: number[] = [];
    for (const { hash, t } of signature.fingerprints) {
      if (!this.#postings(hash, owners, times)) continue;
      for (const [i, id] of owners.entries()) {
        if (id === self) continue;
        const entry = shared.get(id) ?? { self: [], other: [] };
        entry.self.push(t);
        entry.other.push(times[i] as number);
        shared.set(id, entry);
      }
    }
    return new Map([...shared].map(([id, entry]) => [this.#keys[id] as StreamKey, entry]));
  }

  /** Streams sharing ≥ minVotes fingerprints at one shift with `signature`, the stream `self` excepted. */
  candidates(signature: ChangeSignature, self?: number): StreamCandidate[] {
    const { minVotes, shiftBucketMs } = this.#options;
    const votes = new Map<number, Map<number, number>>();
    const owners: number[] = [];
    const times: number[] = [];
    for (const { hash, t } of signature.fingerprints) {
      if (!this.#postings(hash, owners, times)) continue;
      for (const [i, id] of owners.entries()) {
        if (id === self) continue;
        const bucket = Math.round(((times[i] as number) - t) / shiftBucketMs);
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
