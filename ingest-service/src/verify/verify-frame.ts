import type { KeyObject } from "node:crypto";
import { decodeFrameAsync } from "@onramp/contract";
import type { RejectionCode } from "../errors.js";
import type { VerifiedBody } from "../state/accounting.js";

/** What verification needs to know about the gateway named by the topic. */
export interface GatewayKey {
  kid: string;
  publicKey: KeyObject;
  isRevoked: boolean;
}

export type Verdict =
  | { ok: true; body: VerifiedBody; isSkewed: boolean }
  | { ok: false; code: RejectionCode; message: string; path?: string | undefined };

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
export async function verifyFrame(
  payload: Uint8Array,
  gateway: GatewayKey | undefined,
  opts: VerifyOptions,
): Promise<Verdict> {
  if (gateway === undefined) {
    return {
      ok: false,
      code: "ONRAMP_GATEWAY_UNKNOWN",
      message: `no enrolled gateway publishes on ${opts.topic}`,
    };
  }
  if (gateway.isRevoked) {
    return { ok: false, code: "ONRAMP_GATEWAY_REVOKED", message: `the gateway of ${opts.topic} is revoked` };
  }
  const decoded = await decodeFrameAsync(
    payload,
    (kid) => (kid === gateway.kid ? gateway.publicKey : undefined),
    // A v2 data body stays in its blocks: the ingest reads samples column by column.
    { topic: opts.topic, maxBytes: opts.maxBytes, keepDataBlocks: true },
  );
  if (!decoded.ok) return { ok: false, ...decoded.error };
  const body = decoded.body;
  if (body.kind === "cmd") {
    // parseTopic already sent cmd topics elsewhere; a cmd body here means kind and topic disagree.
    return {
      ok: false,
      code: "ONRAMP_FRAME_TOPIC_MISMATCH",
      message: "a cmd body cannot come from a gateway",
    };
  }
  if (body.kind === "birth" && body.kid !== decoded.kid) {
    return {
      ok: false,
      code: "ONRAMP_BIRTH_KID_MISMATCH",
      message: `birth announces kid ${body.kid} but is signed by ${decoded.kid}`,
    };
  }
  // The will is signed at connect time and published later by the broker (contract README):
  // its age is expected, so only a will from the future counts as skew.
  const skew = body.ts - opts.receivedAt;
  const isWill = body.kind === "death" && body.reason === "lwt";
  const isSkewed = isWill ? skew > opts.maxSkewMs : Math.abs(skew) > opts.maxSkewMs;
  return { ok: true, body, isSkewed };
}
