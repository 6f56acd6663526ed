import type { DeviceIdentity } from "../driver.js";
import { fingerprintOf } from "../modbus/identity.js";
import { type S7Connection, type S7Failure, S7FailureError } from "./connection.js";
import { parseSzl, readSzlRequest } from "./protocol.js";

/**
 * SZL (System Status List) records the identity comes from, as the S7-300/400 system manual
 * ("System Status Lists") and Snap7's Cli_GetOrderCode / Cli_GetCpuInfo read them:
 * 0x0011 "module identification", record index 1 = the module's order number (MLFB, 20 chars);
 * 0x001C "component identification", record index 2 = module name, 5 = serial number,
 * 7 = module type name, 1 = automation system name (24 chars each).
 */
const SZL_MODULE_ID = 0x0011;
const SZL_COMPONENT_ID = 0x001c;
const COMPONENT_FIELDS: Readonly<Record<number, string>> = {
  1: "systemName",
  2: "moduleName",
  5: "serialNumber",
  7: "moduleTypeName",
};

export type SzlIdentity =
  | { readonly ok: true; readonly identity: DeviceIdentity }
  | { readonly ok: false; readonly failure: S7Failure }
  | { readonly ok: false; readonly refused: string };

/** Latin-1 text of a fixed-width SZL field, without its trailing NULs and blanks. */
function text(bytes: Buffer): string {
  return bytes
    .toString("latin1")
    .replace(/[\0\s]+$/, "")
    .trim();
}

/** Reads the CPU's order number, serial number and module name fresh from its SZL. */
export async function readSzlIdentity(connection: S7Connection, timeoutMs: number): Promise<SzlIdentity> {
  const fields: Record<string, string> = {};
  try {
    const moduleId = parseSzl(
      await connection.request((ref) => readSzlRequest(ref, SZL_MODULE_ID, 0), timeoutMs, "SZL 0x0011"),
    );
    if (!moduleId.ok) return { ok: false, refused: `SZL 0x0011: ${moduleId.message}` };
    for (const record of moduleId.value.records) {
      if (record.length >= 22 && record.readUInt16BE(0) === 1)
        fields.orderNumber = text(record.subarray(2, 22));
    }
    const components = parseSzl(
      await connection.request((ref) => readSzlRequest(ref, SZL_COMPONENT_ID, 0), timeoutMs, "SZL 0x001C"),
    );
    if (!components.ok) return { ok: false, refused: `SZL 0x001C: ${components.message}` };
    for (const record of components.value.records) {
      const name = record.length >= 26 ? COMPONENT_FIELDS[record.readUInt16BE(0)] : undefined;
      if (name !== undefined) fields[name] = text(record.subarray(2, 26));
    }
  } catch (error) {
    if (error instanceof S7FailureError) return { ok: false, failure: error.failure };
    throw error;
  }
  const kept = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ""));
  if (kept.orderNumber === undefined && kept.serialNumber === undefined)
    return { ok: false, refused: "the SZL carries neither an order number nor a serial number" };
  return {
    ok: true,
    identity: { method: "s7-szl", fingerprint: fingerprintOf("s7-szl", kept), fields: kept },
  };
}
