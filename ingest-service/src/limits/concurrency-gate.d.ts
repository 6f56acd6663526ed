/**
 * At most `limit` tasks at once; the rest wait in order. Password checks (scrypt, ≈ 60 ms and
 * 32 MiB each) go through one of these so that however many CONNECTs arrive, they hold at most
 * `limit` of libuv's 4 pool threads, and the frame signature checks that share the pool keep the
 * rest (issue 17: 32 concurrent wrong passwords took PUBACKs from 6 ms to 2.9 s).
 */
export declare class ConcurrencyGate {
    private readonly limit;
    private running;
    /** Tasks started so far: how much expensive work was actually done. */
    started: number;
    private readonly waiting;
    constructor(limit: number);
    run<T>(task: () => Promise<T>): Promise<T>;
    get queued(): number;
}
