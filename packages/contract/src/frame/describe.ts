import { BodySchema } from "../messages/body.js";
import { BodyV2Schema } from "../messages/versions.js";
import { decodeBase64Url } from "./base64url.js";
import { parseBoundedJson } from "./bounded-json.js";
import { DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_JSON_DEPTH } from "./decode.js";
import { FrameEnvelopeSchema } from "./envelope.js";
import { formatIssuePath } from "./issue-path.js";

/**
 * A readable rendering of a frame for people debugging with `mosquitto_sub`
 * (`onramp-verify --decode`). It verifies nothing, so it says so, and it shows as much as it can
 * of a damaged frame instead of failing: a broken frame is exactly what someone is debugging.
 * The same size and depth bounds as decodeFrame apply, so it never throws either.
 */
export function describeFrame(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) return "not a frame: expected bytes";
  const lines = [
    `Onramp frame, ${bytes.byteLength} bytes — signature NOT verified (use decodeFrame for that)`,
  ];
  if (bytes.byteLength > DEFAULT_MAX_FRAME_BYTES) {
    lines.push(`not decoded: larger than ${DEFAULT_MAX_FRAME_BYTES} bytes`);
    return lines.join("\n");
  }
  const json = parseBoundedJson(bytes, DEFAULT_MAX_JSON_DEPTH);
  if (!json.ok) {
    lines.push(`not a frame: the frame ${json.detail}`);
    return lines.join("\n");
  }
  const envelope = FrameEnvelopeSchema.safeParse(json.value);
  if (!envelope.success) {
    lines.push(
      "not a frame: expected a JSON object with exactly protected, payload and signature (base64url)",
    );
    return lines.join("\n");
  }
  const { protected: protectedB64, payload, signature } = envelope.data;
  lines.push(`protected header: ${describePart(protectedB64, false)}`);
  const signatureBytes = decodeBase64Url(signature);
  lines.push(
    signatureBytes === undefined
      ? "signature: not valid base64url"
      : `signature: ${signatureBytes.length} bytes${signatureBytes.length === 64 ? "" : " (an Ed25519 signature has 64)"}`,
  );
  lines.push(`payload: ${describePart(payload, true)}`);
  return lines.join("\n");
}

function describePart(encoded: string, isBody: boolean): string {
  const bytes = decodeBase64Url(encoded);
  if (bytes === undefined) return "not valid base64url";
  const json = parseBoundedJson(bytes, DEFAULT_MAX_JSON_DEPTH);
  if (!json.ok) return `${bytes.length} bytes that ${json.detail}`;
  if (!isBody) return JSON.stringify(json.value);
  return `${bytes.length} bytes, ${describeBody(json.value)}\n${JSON.stringify(json.value, null, 2)}`;
}

function describeBody(value: unknown): string {
  const isV2 = typeof value === "object" && value !== null && (value as { v?: unknown }).v === 2;
  const parsed = (isV2 ? BodyV2Schema : BodySchema).safeParse(value);
  if (parsed.success) {
    const body = parsed.data;
    return `a valid ${body.kind} body of ${body.ent}/${body.gw}, sent ${new Date(body.ts).toISOString()} by its own clock, contract version ${body.v}`;
  }
  const issue = parsed.error.issues[0];
  const path = issue === undefined ? "" : formatIssuePath(issue.path);
  return `NOT a valid body (${path === "" ? "" : `${path}: `}${issue?.message ?? "invalid"})`;
}
