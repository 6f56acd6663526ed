import type { IngestConfig } from "../config.js";
import { ConcurrencyGate } from "./concurrency-gate.js";
import { FailureBackoff } from "./failure-backoff.js";
import { TokenBuckets } from "./token-bucket.js";
/**
 * The service's defences against guessing and flooding, in one place (issue 17). Everything
 * here is checked before any expensive work (scrypt, SQL), so a refused attempt costs
 * microseconds and other gateways do not notice it.
 */
export declare class AbuseLimits {
    /** Enrollment requests per source address, whatever their outcome. */
    readonly enrollByAddress: TokenBuckets;
    /** Failed API bearer tokens per source address. */
    readonly apiFailuresByAddress: FailureBackoff;
    /** Failed MQTT CONNECTs per source address (set wider: many gateways may share one NAT). */
    readonly mqttFailuresByAddress: FailureBackoff;
    /** Failed MQTT CONNECTs per client id (= username: a guesser of one gateway's password). */
    readonly mqttFailuresByClient: FailureBackoff;
    /** scrypt password checks at once (enrollment hashing and MQTT CONNECTs). */
    readonly passwordChecks: ConcurrencyGate;
    /** MQTT CONNECT passwords actually checked (hashed) since start; refused-unchecked ones are not. */
    mqttPasswordsChecked: number;
    constructor(config: IngestConfig["limits"]);
}
