import { type KeyObject, verify } from "node:crypto";
import type { z } from "zod";
import { type ErrorCode, type FrameError, onrampError } from "../errors.js";
import { MAX_KID_LENGTH } from "../ids.js";
import { type Body, BodySchema } from "../messages/body.js";
import { acceptDataBody } from "../messages/data-fast-path.js";
import type { DataBodyV2 } from "../messages/data-v2.js";
import { acceptDataBodyV2, acceptDataBodyV2AsSigned } from "../messages/data-v2-fast-path.js";
import { BodyV2Schema, type ContractVersionNumber, expandBodyV2 } from "../messages/versions.js";
import { parseTopic } from "../topics.js";
import { decodeBase64Url } from "./base64url.js";
import { type BoundedJson, parseBoundedJson } from "./bounded-json.js";
import { FrameEnvelopeSchema, type ProtectedHeader } from "./envelope.js";
import { formatIssuePath } from "./issue-path.js";
import { isEd25519Key } from "./keys.js";

/** 256 KiB: about 3,500 samples per data frame, and a quarter of EMQX's default 1 MB packet limit. */
export const DEFAULT_MAX_FRAME_BYTES = 262_144;
/** Onramp bodies nest 5 levels at most; 16 leaves room for later kinds and still stops bombs. */
export const DEFAULT_MAX_JSON_DEPTH = 16;

export type KeyLookup = (kid: string) => KeyObject | undefined;

export interface DecodeOptions {
  /** Topic the frame arrived on; when given, the body's `ent`, `gw` and `kind` must match it. */
  topic?: string;
  maxBytes?: number;
  maxDepth?: number;
  /**
   * Hand a v2 data body on as signed (its blocks) instead of in its v1 form. A consumer that
   * reads the samples column by column (the ingest) skips building an object per value; every
   * other body, v2 replies included, still comes in its v1 form.
   */
  keepDataBlocks?: boolean;
}

/** `DecodeResult` when `keepDataBlocks` is set: a v2 data body comes as signed. */
export type DecodeResultKeepingBlocks =
  | (Omit<Extract<DecodeResult, { ok: true }>, "body"> & { body: Body | DataBodyV2 })
  | Extract<DecodeResult, { ok: false }>;

export type DecodeResult =
  | {
      ok: true;
      /** The body in its v1 form, whichever version was signed: one representation for consumers. */
      body: Body;
      /** The contract version of the signed body (`payloadBytes` hold that form). */
      version: ContractVersionNumber;
      kid: string;
      payloadBytes: Uint8Array;
    }
  | { ok: false; error: FrameError };

type Step<T> = { ok: true; value: T } | { ok: false; error: FrameError };

/**
 * Verifies and decodes a signed frame. Every failure is returned as a value with a stable code,
 * whatever the bytes: frames come from the network and one bad gateway must not stop the
 * ingest. Cheap checks run first, and nothing is parsed before the size and depth bounds hold.
 * Exceptions thrown by `keyLookup` itself propagate: they are the caller's failures, not the frame's.
 */
export function decodeFrame(
  bytes: Uint8Array,
  keyLookup: KeyLookup,
  opts: DecodeOptions & { keepDataBlocks: true },
): DecodeResultKeepingBlocks;
export function decodeFrame(bytes: Uint8Array, keyLookup: KeyLookup, opts?: DecodeOptions): DecodeResult;
export function decodeFrame(
  bytes: Uint8Array,
  keyLookup: KeyLookup,
  opts: DecodeOptions = {},
): DecodeResultKeepingBlocks {
  const signed = readSignedFrame(bytes, keyLookup, opts);
  if (!signed.ok) return signed;
  if (!isSignatureValid(signed.value)) return badSignature(signed.value);
  return readBody(signed.value, opts);
}

/**
 * `decodeFrame` with the signature checked on libuv's thread pool (Node's `crypto.verify` with a
 * callback) rather than on the caller's thread: the same checks in the same order, the same
 * results. Ed25519 hashes the whole signed input with SHA-512, about 15 % of a busy ingest's main
 * thread at full load with 2,000-sample frames; the pool runs it beside the event loop.
 */
export function decodeFrameAsync(
  bytes: Uint8Array,
  keyLookup: KeyLookup,
  opts: DecodeOptions & { keepDataBlocks: true },
): Promise<DecodeResultKeepingBlocks>;
export function decodeFrameAsync(
  bytes: Uint8Array,
  keyLookup: KeyLookup,
  opts?: DecodeOptions,
): Promise<DecodeResult>;
export async function decodeFrameAsync(
  bytes: Uint8Array,
  keyLookup: KeyLookup,
  opts: DecodeOptions = {},
): Promise<DecodeResultKeepingBlocks> {
  const signed = readSignedFrame(bytes, keyLookup, opts);
  if (!signed.ok) return signed;
  if (!(await isSignatureValidOnPool(signed.value))) return badSignature(signed.value);
  return readBody(signed.value, opts);
}

/** A frame whose envelope and header are sound and whose kid names an enrolled Ed25519 key. */
interface SignedFrame extends Envelope {
  kid: string;
  key: KeyObject;
  maxDepth: number;
}

function readSignedFrame(bytes: Uint8Array, keyLookup: KeyLookup, opts: DecodeOptions): Step<SignedFrame> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  if (!(bytes instanceof Uint8Array)) {
    return fail("ONRAMP_FRAME_MALFORMED", "frame is not a byte array");
  }
  if (bytes.byteLength > maxBytes) {
    return fail(
      "ONRAMP_FRAME_TOO_LARGE",
      `frame is ${bytes.byteLength} bytes, over the ${maxBytes}-byte limit`,
    );
  }
  const envelope = readEnvelope(bytes, maxDepth);
  if (!envelope.ok) return envelope;
  const header = readProtectedHeader(envelope.value.protectedB64, maxDepth);
  if (!header.ok) return header;
  const { kid } = header.value;

  const key = keyLookup(kid);
  if (key === undefined) {
    return fail("ONRAMP_FRAME_UNKNOWN_KEY", `no enrolled key has kid ${JSON.stringify(kid)}`);
  }
  if (!isEd25519Key(key)) {
    return fail(
      "ONRAMP_FRAME_UNKNOWN_KEY",
      `the key enrolled as kid ${JSON.stringify(kid)} is not an Ed25519 key`,
    );
  }
  return { ok: true, value: { ...envelope.value, kid, key, maxDepth } };
}

function badSignature({ kid }: SignedFrame): { ok: false; error: FrameError } {
  return fail(
    "ONRAMP_FRAME_BAD_SIGNATURE",
    `signature does not verify with the key of kid ${JSON.stringify(kid)}`,
  );
}

/** Only after the signature holds is the payload parsed: without a key, nobody can make us parse a body. */
function readBody(frame: SignedFrame, opts: DecodeOptions): DecodeResultKeepingBlocks {
  const { payloadBytes, kid, maxDepth } = frame;
  const json = parseBoundedJson(payloadBytes, maxDepth);
  if (!json.ok) return jsonFailure("payload", json);
  const version: ContractVersionNumber = isVersion2(json.value) ? 2 : 1;
  const keepBlocks = opts.keepDataBlocks === true;
  const fast =
    version === 1
      ? acceptDataBody(json.value)
      : keepBlocks
        ? acceptDataBodyV2AsSigned(json.value)
        : acceptDataBodyV2(json.value);
  const parsed: Step<Body | DataBodyV2> =
    fast === undefined ? parseBody(json.value, version, keepBlocks) : { ok: true, value: fast };
  if (!parsed.ok) return parsed;
  const body = parsed.value;

  if (opts.topic !== undefined) {
    const mismatch = checkTopic(body, opts.topic);
    if (mismatch !== undefined) return { ok: false, error: mismatch };
  }
  return { ok: true, body, version, kid, payloadBytes };
}

/** `v` picks the schema: a body that says 2 is judged as version 2 only, never also as 1. */
const isVersion2 = (value: unknown) =>
  typeof value === "object" && value !== null && (value as { v?: unknown }).v === 2;

/**
 * The schema's verdict on a body the data fast paths did not accept: the body in its v1 form,
 * or the first issue (its path in the body as signed).
 */
function parseBody(
  value: unknown,
  version: ContractVersionNumber,
  keepBlocks: boolean,
): Step<Body | DataBodyV2> {
  if (version === 2) {
    const parsed = BodyV2Schema.safeParse(value);
    if (!parsed.success) return schemaFailure(parsed.error);
    const body = parsed.data;
    return { ok: true, value: keepBlocks && body.kind === "data" ? body : expandBodyV2(body) };
  }
  const parsed = BodySchema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : schemaFailure(parsed.error);
}

function schemaFailure(error: z.ZodError): { ok: false; error: FrameError } {
  const [first] = error.issues;
  const path = first === undefined ? "" : formatIssuePath(first.path);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more issues)` : "";
  const where = path === "" ? "body" : `body field ${path}`;
  return fail("ONRAMP_FRAME_SCHEMA", `${where}: ${first?.message ?? "invalid"}${more}`, path || undefined);
}

interface Envelope {
  /** The two signed parts as received: the signing input is built from these texts. */
  protectedB64: string;
  payloadB64: string;
  payloadBytes: Buffer;
  signature: Buffer;
}

function readEnvelope(bytes: Uint8Array, maxDepth: number): Step<Envelope> {
  const json = parseBoundedJson(bytes, maxDepth);
  if (!json.ok) return jsonFailure("frame", json);
  const envelope = FrameEnvelopeSchema.safeParse(json.value);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    const path = issue === undefined ? "" : formatIssuePath(issue.path);
    const detail = path === "" ? "" : ` (${path}: ${issue?.message})`;
    return fail(
      "ONRAMP_FRAME_MALFORMED",
      `frame is not a flattened JWS with exactly protected, payload and signature${detail}`,
    );
  }
  const { protected: protectedB64, payload: payloadB64 } = envelope.data;
  const payloadBytes = decodeBase64Url(payloadB64);
  if (payloadBytes === undefined) return fail("ONRAMP_FRAME_MALFORMED", "payload is not canonical base64url");
  const signature = decodeBase64Url(envelope.data.signature);
  if (signature === undefined) return fail("ONRAMP_FRAME_MALFORMED", "signature is not canonical base64url");
  return { ok: true, value: { protectedB64, payloadB64, payloadBytes, signature } };
}

function readProtectedHeader(encoded: string, maxDepth: number): Step<ProtectedHeader> {
  const bytes = decodeBase64Url(encoded);
  if (bytes === undefined)
    return fail("ONRAMP_FRAME_MALFORMED", "protected header is not canonical base64url");
  const json = parseBoundedJson(bytes, maxDepth);
  if (!json.ok) return jsonFailure("protected header", json);
  const header = json.value;
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    return fail("ONRAMP_FRAME_MALFORMED", "protected header is not a JSON object");
  }
  const { alg, kid, crit } = header as Record<string, unknown>;
  // The algorithm is pinned, never taken from the frame: a header saying "none" or "HS256" must
  // not choose how we verify (RFC 8725 §3.1, algorithm confusion).
  if (alg !== "EdDSA") {
    return fail(
      "ONRAMP_FRAME_BAD_ALGORITHM",
      `protected header alg is ${describeValue(alg)}; only "EdDSA" is accepted`,
    );
  }
  // `crit` lists extensions the verifier must understand (RFC 7515 §4.1.11), e.g. b64:false
  // (RFC 7797), which changes what the signature covers; we implement none, so we must refuse.
  if (crit !== undefined) {
    return fail("ONRAMP_FRAME_BAD_ALGORITHM", "protected header has crit; no JWS extensions are supported");
  }
  if (typeof kid !== "string" || kid.length === 0 || kid.length > MAX_KID_LENGTH) {
    return fail(
      "ONRAMP_FRAME_MALFORMED",
      `protected header kid must be a string of 1..${MAX_KID_LENGTH} chars`,
    );
  }
  return { ok: true, value: { alg, kid } };
}

/** RFC 7515 §5.2: the signing input is the two base64url texts as received, joined by ".". */
const signingInputOf = ({ protectedB64, payloadB64 }: SignedFrame) =>
  Buffer.from(`${protectedB64}.${payloadB64}`, "latin1");

function isSignatureValid(frame: SignedFrame): boolean {
  // An Ed25519 signature is exactly 64 bytes (RFC 8032 §5.1.6).
  if (frame.signature.length !== 64) return false;
  try {
    return verify(null, signingInputOf(frame), frame.key, frame.signature);
  } catch {
    return false;
  }
}

function isSignatureValidOnPool(frame: SignedFrame): Promise<boolean> {
  if (frame.signature.length !== 64) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      verify(null, signingInputOf(frame), frame.key, frame.signature, (error, isValid) =>
        resolve(error === null && isValid),
      );
    } catch {
      resolve(false);
    }
  });
}

function checkTopic(body: Body | DataBodyV2, topic: string): FrameError | undefined {
  const parsed = parseTopic(topic);
  if (!parsed.ok) return parsed.error;
  for (const field of ["ent", "gw", "kind"] as const) {
    if (body[field] !== parsed[field]) {
      return onrampError(
        "ONRAMP_FRAME_TOPIC_MISMATCH",
        `body ${field} "${body[field]}" does not match topic ${JSON.stringify(topic)}`,
        field,
      );
    }
  }
  return undefined;
}

const JSON_FAILURE_CODES = {
  "too-deep": "ONRAMP_FRAME_TOO_DEEP",
  "duplicate-key": "ONRAMP_FRAME_DUPLICATE_KEY",
  "not-utf8": "ONRAMP_FRAME_MALFORMED",
  "not-json": "ONRAMP_FRAME_MALFORMED",
} as const satisfies Record<Exclude<BoundedJson, { ok: true }>["reason"], ErrorCode>;

function jsonFailure(
  what: string,
  json: Exclude<BoundedJson, { ok: true }>,
): { ok: false; error: FrameError } {
  const code: ErrorCode = JSON_FAILURE_CODES[json.reason];
  return fail(code, `${what} ${json.detail}`);
}

function describeValue(value: unknown): string {
  return value === undefined ? "missing" : JSON.stringify(value).slice(0, 40);
}

function fail(code: ErrorCode, message: string, path?: string): { ok: false; error: FrameError } {
  return { ok: false, error: onrampError(code, message, path) };
}
