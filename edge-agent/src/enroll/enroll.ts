import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { publicJwk } from "@onramp/contract";
import {
  ENROLLMENT_FILE,
  type EnrollmentRecord,
  EnrollResponseSchema,
  importPrivateKey,
  KEY_FILE,
} from "./enrollment.js";
import { writePrivateFile } from "./private-file.js";

/** A device's rating-plate serial as the integrator entered it, sent for the cloud to confirm. */
export interface NameplateClaim {
  readonly device: string;
  readonly serial: string;
  /** The fingerprint the agent will announce for it (vendor, model, serial; see identity/nameplate.ts). */
  readonly fingerprint: string;
}

export interface EnrollOptions {
  readonly server: string;
  readonly token: string;
  readonly dataDir: string;
  readonly agent: { readonly name: string; readonly version: string };
  /** Devices of this gateway whose identity is a nameplate serial (config `identity.nameplateSerial`). */
  readonly nameplates?: readonly NameplateClaim[];
  readonly timeoutMs?: number;
}

export type EnrollResult =
  | { readonly ok: true; readonly record: EnrollmentRecord }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Bound on the server's answer: an enrollment response is well under 1 KiB. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Creates (or reuses, after an attempt that failed) the gateway's Ed25519 key, registers its public
 * JWK with `<server>/api/v1/enroll` using the one-time token, and stores what the server returns.
 * The private key never leaves the data dir and is never logged.
 */
export async function enroll(options: EnrollOptions): Promise<EnrollResult> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const keyPath = join(options.dataDir, KEY_FILE);
  const existing = await readFile(keyPath, "utf8").catch(() => undefined);
  if (
    existing !== undefined &&
    (await readFile(join(options.dataDir, ENROLLMENT_FILE)).catch(() => undefined))
  ) {
    return {
      ok: false,
      code: "ONRAMP_ENROLL_ALREADY",
      message: `${options.dataDir} already holds an enrollment; use another data dir to enroll again`,
    };
  }
  let pem = existing;
  if (pem === undefined) {
    const { privateKey } = generateKeyPairSync("ed25519");
    pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    await writePrivateFile(keyPath, pem);
  }
  const { privateKey, kid } = importPrivateKey(pem);
  const url = new URL("/api/v1/enroll", options.server);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        token: options.token,
        publicJwk: publicJwk(createPublicKey(privateKey)),
        agent: options.agent,
        ...(options.nameplates?.length ? { nameplates: options.nameplates } : {}),
      }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (e) {
    return {
      ok: false,
      code: "ONRAMP_ENROLL_UNREACHABLE",
      message: `cannot reach ${url.origin}: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) {
    return {
      ok: false,
      code: "ONRAMP_ENROLL_BAD_RESPONSE",
      message: `the server answered ${text.length} bytes; an enrollment is < 1 KiB`,
    };
  }
  if (!response.ok) {
    const reason = parseJson(text) as { code?: unknown; message?: unknown } | undefined;
    const detail = typeof reason?.message === "string" ? reason.message.slice(0, 300) : text.slice(0, 300);
    const code = typeof reason?.code === "string" ? ` (${reason.code.slice(0, 64)})` : "";
    return {
      ok: false,
      code: "ONRAMP_ENROLL_REFUSED",
      message: `the server refused the enrollment: HTTP ${response.status}${code} ${detail}`,
    };
  }
  const parsed = EnrollResponseSchema.safeParse(parseJson(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      code: "ONRAMP_ENROLL_BAD_RESPONSE",
      message: `unexpected answer at ${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""}`,
    };
  }
  const record: EnrollmentRecord = {
    ...parsed.data,
    server: url.origin,
    kid,
    enrolledAt: new Date().toISOString(),
  };
  await writePrivateFile(join(options.dataDir, ENROLLMENT_FILE), `${JSON.stringify(record, null, 2)}\n`);
  return { ok: true, record };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
