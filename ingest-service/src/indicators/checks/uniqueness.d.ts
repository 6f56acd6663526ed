import { type Flag } from "../flags.js";
import type { DeviceRecord, FingerprintClaim } from "../inputs.js";
/**
 * INDICATORS §5 uniqueness: one device identity (the fingerprint read from the device: OPC UA
 * certificate thumbprint, application URI + serial number, Modbus device identification, or an
 * industrial-internet identifier) registered twice, or under two enterprises. Fingerprints are
 * compared exactly as read; one flag per device of `devices` that shares its fingerprint, listing
 * every other registration.
 */
export declare function checkFingerprintUniqueness(devices: readonly Pick<DeviceRecord, "id" | "enterprise" | "fingerprint">[], peers: readonly FingerprintClaim[]): Flag[];
