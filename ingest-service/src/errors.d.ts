import { type ErrorCode as ContractErrorCode } from "@onramp/contract";
/**
 * The one registry of the ingest service's own error codes (CONVENTIONS habit 6): code, HTTP
 * status, message, how to solve. Codes are stable — counters, tests and dashboards key on them.
 * Frame rejections reuse the contract's codes (`ONRAMP_FRAME_*`), listed in
 * packages/contract/docs/errors.md; docs/errors.md mirrors this table (errors.test.ts checks).
 */
export declare const INGEST_ERRORS: {
    readonly ONRAMP_GATEWAY_UNKNOWN: {
        readonly status: 404;
        readonly message: "No enrolled gateway has this enterprise and gateway id.";
        readonly solution: "Enroll the gateway (POST /api/v1/enroll with a token from its integrator), then restart its agent.";
    };
    readonly ONRAMP_GATEWAY_REVOKED: {
        readonly status: 403;
        readonly message: "The gateway was revoked; its frames and connections are refused.";
        readonly solution: "Revocation is deliberate. If the gateway is trusted again, have the integrator create a new enrollment token and re-enroll it with a new key.";
    };
    readonly ONRAMP_BROKER_AUTH_FAILED: {
        readonly status: 401;
        readonly message: "MQTT CONNECT refused: unknown username, wrong password, revoked gateway, or client id ≠ username.";
        readonly solution: "Use the MQTT username and password returned by enrollment, and the username as the client id. Re-enroll if the credentials were lost.";
    };
    readonly ONRAMP_BROKER_PACKET_TOO_LARGE: {
        readonly status: 413;
        readonly message: "An MQTT packet's header declared more bytes than the embedded broker accepts (broker.maxConnectBytes for the CONNECT, broker.maxPacketBytes after it); the connection was closed before the body was read.";
        readonly solution: "A legitimate agent never sends one: its frames are capped at 256 KiB. If a third-party client needs larger packets, raise broker.maxPacketBytes.";
    };
    readonly ONRAMP_ACL_PUBLISH_DENIED: {
        readonly status: 403;
        readonly message: "A gateway published outside its own topics onramp/v1/{its ent}/{its gw}/ (birth, death, data, status, reply).";
        readonly solution: "Check the agent's enterprise and gateway ids: they must be the ones it was enrolled with. The connection is closed on this error.";
    };
    readonly ONRAMP_ACL_SUBSCRIBE_DENIED: {
        readonly status: 403;
        readonly message: "A gateway subscribed to something other than its own cmd topic.";
        readonly solution: "A gateway may subscribe to onramp/v1/{its ent}/{its gw}/cmd only.";
    };
    readonly ONRAMP_BIRTH_KID_MISMATCH: {
        readonly status: 400;
        readonly message: "A birth announces a signing key id different from the key that signed it.";
        readonly solution: "The agent must announce the kid of the key it signs with; re-enroll after a key rotation.";
    };
    readonly ONRAMP_ENROLL_TOKEN_INVALID: {
        readonly status: 401;
        readonly message: "The enrollment token is unknown.";
        readonly solution: "Copy the token exactly as the integrator received it, or ask for a new one.";
    };
    readonly ONRAMP_ENROLL_TOKEN_USED: {
        readonly status: 409;
        readonly message: "The enrollment token was already used; tokens are single-use.";
        readonly solution: "Ask the integrator for a new enrollment token.";
    };
    readonly ONRAMP_ENROLL_TOKEN_EXPIRED: {
        readonly status: 410;
        readonly message: "The enrollment token has expired.";
        readonly solution: "Ask the integrator for a new token, and enroll before its expiry.";
    };
    readonly ONRAMP_ENROLL_KEY_INVALID: {
        readonly status: 400;
        readonly message: "The public key is not an Ed25519 JWK (kty OKP, crv Ed25519, 32-byte x), or is already enrolled.";
        readonly solution: "Send publicJwk(key.publicKey) from @onramp/contract, generated for this gateway only.";
    };
    readonly ONRAMP_AUTH_MISSING: {
        readonly status: 401;
        readonly message: "The request has no valid bearer token.";
        readonly solution: "Send `Authorization: Bearer <token>`. An admin creates one with POST /api/v1/tokens, or with `onramp-ingest token create` while the server is stopped.";
    };
    readonly ONRAMP_AUTH_FORBIDDEN: {
        readonly status: 403;
        readonly message: "The token's role or enterprise scope does not allow this request.";
        readonly solution: "Use a token with the right role (admin, integrator, enterprise, bureau) and enterprise scope.";
    };
    readonly ONRAMP_NOT_FOUND: {
        readonly status: 404;
        readonly message: "No such resource.";
        readonly solution: "Check the ids in the path.";
    };
    readonly ONRAMP_CONFLICT: {
        readonly status: 409;
        readonly message: "The resource already exists.";
        readonly solution: "Choose another id, or update the existing resource.";
    };
    readonly ONRAMP_RELATION_INVALID: {
        readonly status: 422;
        readonly message: "The relation names an unannounced device, relates a device to itself, or starts at a wrong class.";
        readonly solution: "A feeds relation starts at an energy_meter, a runs relation at a plc; both devices must be in GET …/enterprises/{ent}/devices.";
    };
    readonly ONRAMP_DIGITAL_LEVEL_ANSWERS_INVALID: {
        readonly status: 422;
        readonly message: 'The digital level answers do not fit the questionnaire: an unknown item or option, several options on a single-choice item, or "None" combined with another option.';
        readonly solution: "GET /api/v1/digital-level/questionnaire lists the items and their option ids; the message names the item.";
    };
    readonly ONRAMP_QUESTIONNAIRE_INVALID: {
        readonly status: 500;
        readonly message: "A digital level questionnaire or bindings file under ingest-service/data/sme-digital-level/ is invalid.";
        readonly solution: "Read the message: it names the file and the rule broken (points not adding up, a binding to an unknown item…). Fix the data file.";
    };
    readonly ONRAMP_API_VALIDATION: {
        readonly status: 400;
        readonly message: "The request does not match the API schema.";
        readonly solution: "Compare the request with the OpenAPI document at /docs/json; the message names the field.";
    };
    readonly ONRAMP_TELEMETRY_UNAVAILABLE: {
        readonly status: 503;
        readonly message: "The telemetry store did not answer.";
        readonly solution: "Check that InfluxDB is running and reachable with the configured URL and credentials.";
    };
    readonly ONRAMP_INTERNAL: {
        readonly status: 500;
        readonly message: "An unexpected error; it is logged with the request id.";
        readonly solution: "Report it with the log line carrying the same request id (reqId).";
    };
    readonly ONRAMP_PERIOD_TOO_LONG: {
        readonly status: 400;
        readonly message: "The requested period is longer than a report may cover (31 days, 250,000 frames).";
        readonly solution: "Ask for a shorter period (from/to in epoch ms) and combine the reports.";
    };
    readonly ONRAMP_DEVICE_AMBIGUOUS: {
        readonly status: 409;
        readonly message: "More than one registered device has this id.";
        readonly solution: "Name the device's enterprise (and gateway) in the request body.";
    };
    readonly ONRAMP_BROKER_UNAVAILABLE: {
        readonly status: 503;
        readonly message: "The broker link is down, so the challenge cmd could not be sent.";
        readonly solution: "Check the embedded broker started (or the external broker is reachable), then retry.";
    };
    readonly ONRAMP_RATE_LIMITED: {
        readonly status: 429;
        readonly message: "Too many requests or failed logins from this address (or for this MQTT client id); refused without being checked.";
        readonly solution: "Wait for the Retry-After header's seconds. If a legitimate gateway or script hits this, check it is not retrying a wrong token in a loop; the limits are under `limits` in the service configuration.";
    };
    readonly ONRAMP_DATA_DIR_LOCKED: {
        readonly status: 409;
        readonly message: "Another onramp-ingest process holds this data directory (a running `serve`).";
        readonly solution: "Make the change through the running server's API (POST /api/v1/tokens, POST /api/v1/enterprises) with an admin token, or stop the server first. The lock file names the holder's pid.";
    };
    readonly ONRAMP_CONFIG_INVALID: {
        readonly status: 500;
        readonly message: "The service configuration is invalid.";
        readonly solution: "Read the message: it names the option; `onramp-ingest serve --help` lists them.";
    };
};
export type IngestErrorCode = keyof typeof INGEST_ERRORS;
/** Every reason a frame can be refused: the contract decoder's codes plus the ingest's own. */
export type RejectionCode = ContractErrorCode | IngestErrorCode;
export declare const CONTRACT_REJECTION_CODES: ContractErrorCode[];
/** An expected failure crossing an API boundary; the error handler turns it into `{code, message}`. */
export declare class IngestError extends Error {
    readonly code: IngestErrorCode;
    readonly status: number;
    /** For ONRAMP_RATE_LIMITED: sent as the Retry-After header (RFC 9110 §10.2.3). */
    retryAfterMs?: number;
    constructor(code: IngestErrorCode, message?: string);
}
/** ONRAMP_RATE_LIMITED with its Retry-After. */
export declare function rateLimited(retryAfterMs: number, message?: string): IngestError;
