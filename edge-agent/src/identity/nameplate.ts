import type { Profile } from "@onramp/profiles";
import type { DeviceIdentity, Driver, DriverResult } from "../drivers/driver.js";
import { fingerprintOf } from "./fingerprint.js";

/**
 * The identity of a device that exposes none (profile `identity.method: nameplate`): vendor and
 * model from the profile, the serial the integrator typed from the rating plate into the agent
 * config. Nothing here was read from the device, so the cloud trusts it only as far as the
 * enrollment confirmed that serial for this device (`onramp-agent enroll` sends it).
 */
export function nameplateIdentity(
  profile: Pick<Profile, "vendor" | "model">,
  serial: string,
): DeviceIdentity {
  const fields = { vendor: profile.vendor, model: profile.model, serial_number: serial };
  return { method: "nameplate", fingerprint: fingerprintOf("nameplate", fields), fields };
}

/**
 * The device's driver with `readIdentity` answering the nameplate identity: everything else —
 * polling, fresh reads for challenges, counters — stays the device's own. The identity is still
 * announced only once the device answers (`connected`), as for a device read.
 */
export function withNameplate(driver: Driver, identity: DeviceIdentity): Driver {
  const answer: DriverResult<DeviceIdentity> = { ok: true, value: identity };
  return {
    device: driver.device,
    start: (sink) => driver.start(sink),
    readIdentity: async () => answer,
    read: (signalIds) => driver.read(signalIds),
    close: () => driver.close(),
    ...(driver.counters === undefined ? {} : { counters: () => driver.counters?.() ?? {} }),
  };
}
