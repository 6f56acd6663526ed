import type { KeyObject } from "node:crypto";
import type { RejectionCode } from "../errors.js";
import type { GatewayBody } from "../state/accounting.js";
/** What verification needs to know about the gateway named by the topic. */
export interface GatewayKey {
    kid: string;
    publicKey: KeyObject;
    isRevoked: boolean;
}
export type Verdict = {
    ok: true;
    body: GatewayBody;
    isSkewed: boolean;
} | {
    ok: false;
    code: RejectionCode;
    message: string;
    path?: string | undefined;
};
export interface VerifyOptions {
    topic: string;
    receivedAt: number;
    /** Frames whose sending time is further than this from our clock are flagged (not refused). */
    maxSkewMs: number;
    maxBytes?: number | undefined;
}
/**
 * Verifies one frame published on a topic of a known gateway: the key must be the one enrolled
 * for the gateway the topic names (so a frame signed by gateway A is refused on B's topic even
 * if A's key is valid), then signature, schema and topic agreement (contract decoder). The
 * signature is checked on libuv's thread pool, off the event loop every other stage shares.
 */
export declare function verifyFrame(payload: Uint8Array, gateway: GatewayKey | undefined, opts: VerifyOptions): Promise<Verdict>;
