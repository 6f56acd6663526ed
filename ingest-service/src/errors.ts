import { ERROR_CODES as CONTRACT_ERROR_CODES, type ErrorCode as ContractErrorCode } from "@onramp/contract";

/**
 * The one registry of the ingest service's own error codes (CONVENTIONS habit 6): code, HTTP
 * status, message, how to solve. Codes are stable — counters, tests and dashboards key on them.
 * Frame rejections reuse the contract's codes (`ONRAMP_FRAME_*`), listed in
 * packages/contract/docs/errors.md; docs/errors.md mirrors this table (errors.test.ts checks).
 */
export const INGEST_ERRORS = {
  ONRAMP_GATEWAY_UNKNOWN: {
    status: 404,
    message: "No enrolled gateway has this enterprise and gateway id.",
    solution:
      "Enroll the gateway (POST /api/v1/enroll with a token from its integrator), then restart its agent.",
  },
  ONRAMP_GATEWAY_REVOKED: {
    status: 403,
    message: "The gateway was revoked; its frames and connections are refused.",
    solution:
      "Revocation is deliberate. If the gateway is trusted again, have the integrator create a new enrollment token and re-enroll it with a new key.",
  },
  ONRAMP_BROKER_AUTH_FAILED: {
    status: 401,
    message:
      "MQTT CONNECT refused: unknown username, wrong password, revoked gateway, or client id ≠ username.",
    solution:
      "Use the MQTT username and password returned by enrollment, and the username as the client id. Re-enroll if the credentials were lost.",
  },
  ONRAMP_BROKER_PACKET_TOO_LARGE: {
    status: 413,
    message:
      "An MQTT packet's header declared more bytes than the embedded broker accepts (broker.maxConnectBytes for the CONNECT, broker.maxPacketBytes after it); the connection was closed before the body was read.",
    solution:
      "A legitimate agent never sends one: its frames are capped at 256 KiB. If a third-party client needs larger packets, raise broker.maxPacketBytes.",
  },
  ONRAMP_ACL_PUBLISH_DENIED: {
    status: 403,
    message:
      "A gateway published outside its own topics onramp/v1/{its ent}/{its gw}/ (birth, death, data, status, reply).",
    solution:
      "Check the agent's enterprise and gateway ids: they must be the ones it was enrolled with. The connection is closed on this error.",
  },
  ONRAMP_ACL_SUBSCRIBE_DENIED: {
    status: 403,
    message: "A gateway subscribed to something other than its own cmd topic.",
    solution: "A gateway may subscribe to onramp/v1/{its ent}/{its gw}/cmd only.",
  },
  ONRAMP_BIRTH_KID_MISMATCH: {
    status: 400,
    message: "A birth announces a signing key id different from the key that signed it.",
    solution: "The agent must announce the kid of the key it signs with; re-enroll after a key rotation.",
  },
  ONRAMP_ENROLL_TOKEN_INVALID: {
    status: 401,
    message: "The enrollment token is unknown.",
    solution: "Copy the token exactly as the integrator received it, or ask for a new one.",
  },
  ONRAMP_ENROLL_TOKEN_USED: {
    status: 409,
    message: "The enrollment token was already used; tokens are single-use.",
    solution: "Ask the integrator for a new enrollment token.",
  },
  ONRAMP_ENROLL_TOKEN_EXPIRED: {
    status: 410,
    message: "The enrollment token has expired.",
    solution: "Ask the integrator for a new token, and enroll before its expiry.",
  },
  ONRAMP_ENROLL_KEY_INVALID: {
    status: 400,
    message:
      "The public key is not an Ed25519 JWK (kty OKP, crv Ed25519, 32-byte x), or is already enrolled.",
    solution: "Send publicJwk(key.publicKey) from @onramp/contract, generated for this gateway only.",
  },
  ONRAMP_AUTH_MISSING: {
    status: 401,
    message: "The request has no valid bearer token.",
    solution:
      "Send `Authorization: Bearer <token>`. An admin creates one with POST /api/v1/tokens, or with `onramp-ingest token create` while the server is stopped.",
  },
  ONRAMP_AUTH_FORBIDDEN: {
    status: 403,
    message: "The token's role or enterprise scope does not allow this request.",
    solution: "Use a token with the right role (admin, integrator, enterprise, bureau) and enterprise scope.",
  },
  ONRAMP_NOT_FOUND: {
    status: 404,
    message: "No such resource.",
    solution: "Check the ids in the path.",
  },
  ONRAMP_CONFLICT: {
    status: 409,
    message: "The resource already exists.",
    solution: "Choose another id, or update the existing resource.",
  },
  ONRAMP_RELATION_INVALID: {
    status: 422,
    message:
      "The relation names an unannounced device, relates a device to itself, or starts at a wrong class.",
    solution:
      "A feeds relation starts at an energy_meter, a runs relation at a plc; both devices must be in GET …/enterprises/{ent}/devices.",
  },
  ONRAMP_DIGITAL_LEVEL_ANSWERS_INVALID: {
    status: 422,
    message:
      'The digital level answers do not fit the questionnaire: an unknown item or option, several options on a single-choice item, or "None" combined with another option.',
    solution:
      "GET /api/v1/digital-level/questionnaire lists the items and their option ids; the message names the item.",
  },
  ONRAMP_QUESTIONNAIRE_INVALID: {
    status: 500,
    message:
      "A digital level questionnaire or bindings file under ingest-service/data/sme-digital-level/ is invalid.",
    solution:
      "Read the message: it names the file and the rule broken (points not adding up, a binding to an unknown item…). Fix the data file.",
  },
  ONRAMP_API_VALIDATION: {
    status: 400,
    message: "The request does not match the API schema.",
    solution: "Compare the request with the OpenAPI document at /docs/json; the message names the field.",
  },
  ONRAMP_TELEMETRY_UNAVAILABLE: {
    status: 503,
    message: "The telemetry store did not answer.",
    solution: "Check that InfluxDB is running and reachable with the configured URL and credentials.",
  },
  ONRAMP_INTERNAL: {
    status: 500,
    message: "An unexpected error; it is logged with the request id.",
    solution: "Report it with the log line carrying the same request id (reqId).",
  },
  ONRAMP_PERIOD_TOO_LONG: {
    status: 400,
    message:
      "The requested period is longer than a report may cover (31 days), a trend (three years), or a summarised frame log's bounds (250,000 births/deaths/status frames, 250,000 frames received more than once, 100,000 sessions).",
    solution:
      "Ask for a shorter from/to; `period=since-registered` judges its last 31 days, and trends of up to three years take weeks or months.",
  },
  ONRAMP_DEVICE_AMBIGUOUS: {
    status: 409,
    message: "More than one registered device has this id.",
    solution: "Name the device's enterprise (and gateway) in the request body.",
  },
  ONRAMP_BROKER_UNAVAILABLE: {
    status: 503,
    message: "The broker link is down, so the challenge cmd could not be sent.",
    solution: "Check the embedded broker started (or the external broker is reachable), then retry.",
  },
  ONRAMP_RATE_LIMITED: {
    status: 429,
    message:
      "Too many requests or failed logins from this address (or for this MQTT client id); refused without being checked.",
    solution:
      "Wait for the Retry-After header's seconds. If a legitimate gateway or script hits this, check it is not retrying a wrong token in a loop; the limits are under `limits` in the service configuration.",
  },
  ONRAMP_REPORT_BUSY: {
    status: 503,
    message:
      "The diagnosis report printer is full: report.maxConcurrent PDFs are printing and report.maxQueued are waiting.",
    solution:
      "Retry after the Retry-After header's seconds. If many reports are needed at once (a bureau printing every enterprise), fetch them one after another, or raise report.maxQueued / report.maxConcurrent on a machine with the cores and memory for more Chromium pages.",
  },
  ONRAMP_REPORT_RENDERER_UNAVAILABLE: {
    status: 503,
    message: "The diagnosis report PDF could not be printed: Chromium is not installed or did not start.",
    solution:
      "Install Debian's Chromium and a CJK font (apt-get install -y chromium fonts-wqy-microhei), or point report.chromiumPath at a Chromium binary; the log line names the failure. ?format=html still answers without Chromium.",
  },
  ONRAMP_DATA_DIR_LOCKED: {
    status: 409,
    message: "Another onramp-ingest process holds this data directory (a running `serve`).",
    solution:
      "Make the change through the running server's API (POST /api/v1/tokens, POST /api/v1/enterprises) with an admin token, or stop the server first. The lock file names the holder's pid.",
  },
  ONRAMP_CONFIG_INVALID: {
    status: 500,
    message: "The service configuration is invalid.",
    solution: "Read the message: it names the option; `onramp-ingest serve --help` lists them.",
  },
  ONRAMP_SPARKPLUG_PAYLOAD_TOO_LARGE: {
    status: 413,
    message:
      "A Sparkplug B message was larger than sparkplug.maxPayloadBytes; it was dropped before decoding (counted in onramp_sparkplug_drops_total).",
    solution: "Split the gateway's messages (fewer metrics per DDATA), or raise sparkplug.maxPayloadBytes.",
  },
  ONRAMP_SPARKPLUG_PAYLOAD_INVALID: {
    status: 400,
    message: "A Sparkplug B message is not a valid Sparkplug B protobuf payload; it was dropped.",
    solution:
      "Check that the gateway publishes Sparkplug B (spBv1.0), not Sparkplug A or JSON, on that topic.",
  },
  ONRAMP_SPARKPLUG_TOO_MANY_METRICS: {
    status: 413,
    message:
      "A Sparkplug B message carried more metrics (template members included) than sparkplug.maxMetricsPerMessage; it was dropped.",
    solution:
      "Configure the gateway to send fewer metrics per message, or raise sparkplug.maxMetricsPerMessage.",
  },
  ONRAMP_SPARKPLUG_EDGE_UNMAPPED: {
    status: 404,
    message: "A Sparkplug B edge node that is not mapped to any gateway published; its message was dropped.",
    solution:
      "Map it: POST /api/v1/sparkplug/edges with its group, edge, enterprise and gateway id (admin or integrator).",
  },
  ONRAMP_SPARKPLUG_NOT_BORN: {
    status: 409,
    message:
      "Data from a Sparkplug B edge node whose NBIRTH this host has not seen (aliases and devices unknown); dropped.",
    solution:
      "Allow commands (sparkplug.allowCommands) so the host asks for a rebirth, or restart the edge node so it publishes its births.",
  },
  ONRAMP_SPARKPLUG_STALE_DEATH: {
    status: 409,
    message:
      "An NDEATH whose bdSeq is not the one of the edge node's current birth (a late will of an earlier connection); ignored.",
    solution:
      "Nothing to do: the node's current session stays online. Frequent ones point at a gateway reconnecting in a loop.",
  },
  ONRAMP_SPARKPLUG_SEQ_MISSING: {
    status: 400,
    message: "A Sparkplug B data or device message without a seq; dropped.",
    solution:
      "The edge node breaks Sparkplug B 3.0 §6.4.1 (every message but NDEATH carries seq): update or fix the gateway.",
  },
  ONRAMP_SPARKPLUG_LATE_BEFORE_BIRTH: {
    status: 409,
    message:
      "A Sparkplug B message whose seq places it before the edge node's current birth arrived late; dropped.",
    solution: "Nothing to do for one; many point at a broker or bridge reordering messages.",
  },
  ONRAMP_SPARKPLUG_PROFILE_UNMAPPED: {
    status: 422,
    message:
      "The profile is not in the ingest's profile library or has no sparkplug section mapping metrics to signals.",
    solution:
      "Add a sparkplug section (metrics and/or templates → signal ids) to the profile, or choose one that has it.",
  },
  ONRAMP_SPARKPLUG_CHALLENGE_IMPOSSIBLE: {
    status: 409,
    message:
      "The device sends through a Sparkplug B gateway: it holds no Onramp key and cannot answer a signed challenge, so no live check is possible.",
    solution:
      "Move the device to an Onramp agent (or front it with one) to make it challengeable; until then it stays at the connected level.",
  },
} as const satisfies Record<string, { status: number; message: string; solution: string }>;

export type IngestErrorCode = keyof typeof INGEST_ERRORS;

/** Every reason a frame can be refused: the contract decoder's codes plus the ingest's own. */
export type RejectionCode = ContractErrorCode | IngestErrorCode;

export const CONTRACT_REJECTION_CODES = Object.keys(CONTRACT_ERROR_CODES) as ContractErrorCode[];

/** An expected failure crossing an API boundary; the error handler turns it into `{code, message}`. */
export class IngestError extends Error {
  readonly code: IngestErrorCode;
  readonly status: number;
  /** For ONRAMP_RATE_LIMITED: sent as the Retry-After header (RFC 9110 §10.2.3). */
  retryAfterMs?: number;

  constructor(code: IngestErrorCode, message: string = INGEST_ERRORS[code].message) {
    super(message);
    this.name = "IngestError";
    this.code = code;
    this.status = INGEST_ERRORS[code].status;
  }
}

/** ONRAMP_RATE_LIMITED with its Retry-After. */
export function rateLimited(retryAfterMs: number, message?: string): IngestError {
  const error = new IngestError("ONRAMP_RATE_LIMITED", message);
  error.retryAfterMs = retryAfterMs;
  return error;
}
