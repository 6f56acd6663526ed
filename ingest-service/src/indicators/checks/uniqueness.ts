import { type Flag, makeFlag } from "../flags.js";
import type { DeviceRecord, FingerprintClaim } from "../inputs.js";
import { compareText } from "../ordering.js";

/**
 * INDICATORS §5 uniqueness: one device identity (the fingerprint read from the device: OPC UA
 * certificate thumbprint, application URI + serial number, Modbus device identification, or an
 * industrial-internet identifier) registered twice, or under two enterprises. Fingerprints are
 * compared exactly as read; one flag per device of `devices` that shares its fingerprint, listing
 * every other registration.
 */
export function checkFingerprintUniqueness(
  devices: readonly Pick<DeviceRecord, "id" | "enterprise" | "fingerprint">[],
  peers: readonly FingerprintClaim[],
): Flag[] {
  const claims = new Map<string, FingerprintClaim>();
  for (const claim of peers) claims.set(`${claim.enterprise}/${claim.device}`, claim);
  for (const device of devices) {
    if (device.fingerprint === undefined) continue;
    claims.set(`${device.enterprise}/${device.id}`, {
      device: device.id,
      enterprise: device.enterprise,
      fingerprint: device.fingerprint,
    });
  }
  const byFingerprint = new Map<string, FingerprintClaim[]>();
  for (const claim of claims.values()) {
    byFingerprint.set(claim.fingerprint, [...(byFingerprint.get(claim.fingerprint) ?? []), claim]);
  }
  const flags: Flag[] = [];
  for (const device of devices) {
    if (device.fingerprint === undefined) continue;
    const others = (byFingerprint.get(device.fingerprint) ?? [])
      .filter((c) => !(c.device === device.id && c.enterprise === device.enterprise))
      .sort((a, b) => compareText(a.enterprise, b.enterprise) || compareText(a.device, b.device));
    const sameEnterprise = others.filter((c) => c.enterprise === device.enterprise);
    const otherEnterprises = others.filter((c) => c.enterprise !== device.enterprise);
    const data = { fingerprint: device.fingerprint, others: others.map((c) => ({ ...c })) };
    if (sameEnterprise.length > 0) {
      const names = sameEnterprise.map((c) => `"${c.device}"`).join(", ");
      flags.push(
        makeFlag(
          "UNIQUENESS_FINGERPRINT_DUPLICATE",
          device.id,
          `Device "${device.id}" has the same identity fingerprint as ${names} in this enterprise: one machine is registered more than once.`,
          data,
        ),
      );
    }
    if (otherEnterprises.length > 0) {
      const names = otherEnterprises.map((c) => `"${c.device}" of enterprise "${c.enterprise}"`).join(", ");
      flags.push(
        makeFlag(
          "UNIQUENESS_FINGERPRINT_OTHER_ENTERPRISE",
          device.id,
          `Device "${device.id}" has the same identity fingerprint as ${names}: one machine is claimed by two enterprises.`,
          data,
        ),
      );
    }
  }
  return flags;
}
