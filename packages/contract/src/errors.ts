/**
 * The one registry of this package's error codes (CONVENTIONS habit 6). Codes are stable: tests,
 * counters and dashboards key on them, so a code is never renamed or reused. `meaning` and
 * `solution` are mirrored in docs/errors.md; errors.test.ts keeps the two in step.
 */
export const ERROR_CODES = {
  ONRAMP_FRAME_TOO_LARGE: {
    meaning: "The frame is larger than the decoder's byte limit; it was rejected before any parsing.",
    solution:
      "Send smaller batches (fewer samples per data frame), or raise `maxBytes` on the receiver if the limit is too low for a legitimate message such as a birth with many devices.",
  },
  ONRAMP_FRAME_TOO_DEEP: {
    meaning: "The frame, its protected header or its payload nests arrays/objects deeper than the limit.",
    solution:
      "Onramp bodies nest at most 5 levels; a deeper document is not an Onramp message. Find the publisher of this topic and check what it sends.",
  },
  ONRAMP_FRAME_DUPLICATE_KEY: {
    meaning:
      'The frame, its protected header or its payload has an object with the same key twice (for example `{"v":1,"v":2}`); parsers disagree on which value counts.',
    solution:
      "Signed evidence must read the same in every parser, so such a frame is refused even when its signature holds. The Onramp codec never writes one: find the publisher of this topic and check what it sends.",
  },
  ONRAMP_FRAME_MALFORMED: {
    meaning:
      "The bytes are not a JWS in flattened JSON serialisation with exactly `protected`, `payload` and `signature`, or a part is not valid base64url, UTF-8 or JSON.",
    solution:
      "Check that the publisher uses the Onramp frame codec (or a JOSE library producing flattened JWS JSON) and that nothing between it and the receiver rewrites the payload.",
  },
  ONRAMP_FRAME_BAD_ALGORITHM: {
    meaning:
      'The protected header names an algorithm other than "EdDSA" (for example "none" or "HS256"), or marks extensions as critical.',
    solution:
      'Sign with Ed25519 and `alg: "EdDSA"` and no `crit` header. Frames with other algorithms are refused on purpose: accepting them would let anyone forge a frame.',
  },
  ONRAMP_FRAME_UNKNOWN_KEY: {
    meaning: "No enrolled Ed25519 public key matches the `kid` in the frame's protected header.",
    solution:
      "Enroll the gateway (or its new key after a key rotation), and check that the `kid` is the RFC 7638 thumbprint of the public key that was enrolled.",
  },
  ONRAMP_FRAME_BAD_SIGNATURE: {
    meaning:
      "The signature does not verify with the key named by `kid`: the frame was altered or signed by another key.",
    solution:
      "Treat as tampering until shown otherwise. Check that the gateway signs with the private key matching its enrolled public key and that no proxy re-encodes the payload.",
  },
  ONRAMP_FRAME_SCHEMA: {
    meaning:
      "The signature is valid but the body does not match the message schema; `path` points at the offending field.",
    solution:
      "Compare the field at `path` with the JSON Schema for that kind (packages/contract/schemas). Usually the agent and the ingest run different contract versions: upgrade the older one.",
  },
  ONRAMP_FRAME_TOPIC_MISMATCH: {
    meaning: "The body's `ent`, `gw` or `kind` differs from the topic it was published on.",
    solution:
      "A gateway must publish only its own messages on its own topics. Check the agent's enterprise and gateway ids; if they are right, the frame was replayed onto another topic.",
  },
  ONRAMP_TOPIC_INVALID: {
    meaning: "The topic is not `onramp/v1/{ent}/{gw}/{kind}` with valid ids and a known kind.",
    solution:
      "Use lowercase ids of [a-z0-9_-] (1..64 chars) and one of the kinds birth, death, data, status, cmd, reply; never publish to a topic with wildcards.",
  },
} as const satisfies Record<string, { meaning: string; solution: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An expected failure, returned as a value. `message` is written for the person reading the log. */
export interface OnrampError {
  code: ErrorCode;
  message: string;
  /** Location inside the body, e.g. `devices[3].samples[0].t`, when the error concerns a field. */
  path?: string;
}

export type FrameError = OnrampError;

export function onrampError(code: ErrorCode, message: string, path?: string): OnrampError {
  return path === undefined ? { code, message } : { code, message, path };
}
