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
export declare class StreamIndex {
    #private;
    constructor(options: StreamIndexOptions);
    get size(): number;
    /** Postings held (one per fingerprint added). */
    get postings(): number;
    /** Adds a stream; returns its id in this index. */
    add(key: StreamKey, signature: ChangeSignature): number;
    /** Streams sharing ≥ minVotes fingerprints at one shift with `signature`, the stream `self` excepted. */
    candidates(signature: ChangeSignature, self?: number): StreamCandidate[];
}
