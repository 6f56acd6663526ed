import {
  type CompiledProfile,
  decodeRegisters,
  identityText,
  type ModbusSource,
  planReads,
  readLimitsFor,
} from "@onramp/profiles";
import { fingerprintOf } from "../../identity/fingerprint.js";
import type { DeviceIdentity, DriverResult } from "../driver.js";
import { type CauseContext, causeOfFailure, describeException, modbusCause } from "./errors.js";
import { readBlocks } from "./read-blocks.js";
import type { DeviceSession } from "./session.js";
import { SplitMemory } from "./split-memory.js";

/**
 * Object ids 00–06 of Read Device Identification and their names (Modbus Application Protocol
 * v1.1b3 §6.21): 00–02 are the mandatory "basic" category, 03–06 the optional "regular" one.
 */
export const DEVICE_ID_OBJECTS = [
  "VendorName",
  "ProductCode",
  "MajorMinorRevision",
  "VendorUrl",
  "ProductName",
  "ModelName",
  "UserApplicationName",
] as const;
const MANDATORY_OBJECTS = 3;

export { fingerprintOf };

/**
 * Reads the device's identity fresh, by the profile's `identity` method:
 * `modbus-device-identification` reads FC43/14 objects 00–06 one by one (individual access, so
 * no multi-part answer to reassemble), plus any `fields` registers (FC43's basic objects name the
 * model, not the unit: a serial-number register makes the fingerprint unique);
 * `modbus-serial-register` reads only the `fields` registers.
 */
export async function readDeviceIdentity(
  compiled: CompiledProfile,
  session: DeviceSession,
  where: CauseContext,
  now: () => number,
): Promise<DriverResult<DeviceIdentity>> {
  const identity = compiled.profile.identity;
  const method = identity?.method;
  if (method !== "modbus-device-identification" && method !== "modbus-serial-register") {
    const what = method
      ? `identity method "${method}" does not work over Modbus`
      : "the profile has no identity block";
    return { ok: false, error: modbusCause("ONRAMP_MODBUS_NO_IDENTITY", where, what) };
  }
  const fields: Record<string, string> = {};
  if (method === "modbus-device-identification") {
    const objects = await readDeviceIdObjects(session, where);
    if (!objects.ok) return objects;
    Object.assign(fields, objects.value);
  }
  const registers = await readRegisterFields(identity?.fields ?? {}, compiled, session, where, now);
  if (!registers.ok) return registers;
  Object.assign(fields, registers.value);
  if (Object.values(fields).every((value) => value === "" || value === "0")) {
    const what = `every identity field is blank (${Object.keys(fields).join(", ") || "none answered"})`;
    return { ok: false, error: modbusCause("ONRAMP_MODBUS_IDENTITY_BLANK", where, what) };
  }
  return { ok: true, value: { method, fingerprint: fingerprintOf(method, fields), fields } };
}

async function readDeviceIdObjects(
  session: DeviceSession,
  where: CauseContext,
): Promise<DriverResult<Record<string, string>>> {
  const fields: Record<string, string> = {};
  for (const [objectId, name] of DEVICE_ID_OBJECTS.entries()) {
    const answer = await session.readDeviceIdObject(objectId);
    if (answer.ok) {
      if (answer.value) fields[name] = answer.value.trim();
      continue;
    }
    const failure = answer.failure;
    const isOptional = objectId >= MANDATORY_OBJECTS;
    // §6.21: an object the device does not have is refused with exception 02.
    if (isOptional && failure.kind === "exception" && failure.exception === 2) continue;
    const request = `FC43/14 object ${objectId} ${name}`;
    return { ok: false, error: causeOfFailure(failure, { ...where, request }) };
  }
  return { ok: true, value: fields };
}

async function readRegisterFields(
  declared: Readonly<Record<string, { modbus: ModbusSource } | { opcua: unknown }>>,
  compiled: CompiledProfile,
  session: DeviceSession,
  where: CauseContext,
  now: () => number,
): Promise<DriverResult<Record<string, string>>> {
  const sources = new Map<string, ModbusSource>();
  for (const [name, source] of Object.entries(declared))
    if ("modbus" in source) sources.set(name, source.modbus);
  if (sources.size === 0) return { ok: true, value: {} };
  const signals = [...sources].map(([id, source]) => ({ id, source }));
  const plan = planReads(signals, readLimitsFor(compiled.profile.workarounds));
  const result = await readBlocks(plan, session, new SplitMemory(), now);
  if (result.failure)
    return { ok: false, error: causeOfFailure(result.failure, { ...where, request: "identity registers" }) };
  const fields: Record<string, string> = {};
  for (const block of result.blocks) {
    for (const slot of block.read.signals) {
      const source = sources.get(slot.id);
      if (source === undefined) continue;
      if ("refused" in block) {
        const what = `identity field "${slot.id}" at ${source.table} ${source.address} refused: ${describeException(block.refused)}`;
        return { ok: false, error: modbusCause("ONRAMP_MODBUS_EXCEPTION", where, what) };
      }
      fields[slot.id] = identityText(
        decodeRegisters(block.values.slice(slot.offset, slot.offset + slot.count), source),
      );
    }
  }
  return { ok: true, value: fields };
}
