import type { Logger } from "pino";
import type { RejectionCode } from "../errors.js";
export interface Rejection {
    at: number;
    code: RejectionCode;
    message: string;
    topic: string;
    /** From the topic, when it parsed: who the frame claims to come from (unauthenticated). */
    ent: string | null;
    gw: string | null;
    path?: string | undefined;
}
/**
 * Rejected frames: counted per code (a fixed set), the last `capacity` kept in a ring buffer for
 * the API, and logged once per gateway per code per minute. Memory is bounded whatever the flood.
 */
export declare class RejectionLog {
    private readonly log;
    private readonly ring;
    private next;
    private readonly counts;
    private readonly throttle;
    constructor(log: Logger, capacity?: number, logWindowMs?: number);
    record(input: Rejection): void;
    /** Newest first; `ent` restricts to frames claiming that enterprise. */
    recent(filter?: {
        ent?: string | undefined;
        limit?: number;
    }): Rejection[];
    countsByCode(): ReadonlyMap<RejectionCode, number>;
}
