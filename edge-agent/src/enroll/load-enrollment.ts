import type { KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Signer } from "@onramp/contract";
import {
  ENROLLMENT_FILE,
  type EnrollmentRecord,
  EnrollmentRecordSchema,
  importCmdKeys,
  importPrivateKey,
  KEY_FILE,
} from "./enrollment.js";

export interface Enrollment {
  readonly record: EnrollmentRecord;
  readonly signer: Signer;
  readonly cmdKeys: Map<string, KeyObject>;
}

export type EnrollmentResult =
  | { readonly ok: true; readonly enrollment: Enrollment }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Reads the key and the enrollment record `onramp-agent enroll` stored in the data dir. */
export async function loadEnrollment(dataDir: string): Promise<EnrollmentResult> {
  let pem: string;
  let json: string;
  try {
    pem = await readFile(join(dataDir, KEY_FILE), "utf8");
    json = await readFile(join(dataDir, ENROLLMENT_FILE), "utf8");
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      code: "ONRAMP_NOT_ENROLLED",
      message: `no enrollment in ${dataDir} (${reason}): run onramp-agent enroll --server <url> --token <token>`,
    };
  }
  let record: EnrollmentRecord;
  try {
    record = EnrollmentRecordSchema.parse(JSON.parse(json));
  } catch (e) {
    return {
      ok: false,
      code: "ONRAMP_ENROLLMENT_CORRUPT",
      message: `${join(dataDir, ENROLLMENT_FILE)} is not a valid enrollment: ${e instanceof Error ? e.message.slice(0, 300) : String(e)}`,
    };
  }
  const { privateKey, kid } = importPrivateKey(pem);
  return {
    ok: true,
    enrollment: { record, signer: { privateKey, kid }, cmdKeys: importCmdKeys(record.cmdKeys) },
  };
}
