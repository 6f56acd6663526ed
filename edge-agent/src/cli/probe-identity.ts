import type { Driver } from "../drivers/driver.js";
import type { CliIo } from "./io.js";

/**
 * `probe --identity`: reads the device's identity fresh through its driver (Modbus FC43, OPC UA
 * Identification, S7 SZL, MTConnect Device) and prints its fields and fingerprint — what the
 * agent's birth message will carry. Returns whether it was read.
 */
export async function printIdentity(
  driver: Driver,
  io: CliIo,
  json: boolean,
  connection: string,
): Promise<boolean> {
  const identity = await driver.readIdentity();
  if (!identity.ok) {
    if (json) io.stdout(`${JSON.stringify({ connection, identityError: identity.error })}\n`);
    else io.stderr(`${identity.error.code}: ${identity.error.message}\n`);
    return false;
  }
  const { method, fingerprint, fields } = identity.value;
  if (json) io.stdout(`${JSON.stringify({ connection, identity: { method, fingerprint, fields } })}\n`);
  else {
    const lines = Object.entries(fields).map(([name, value]) => `  ${name}: ${value}`);
    io.stdout(`identity (${method}) ${fingerprint}\n${lines.join("\n")}\n`);
  }
  return true;
}
