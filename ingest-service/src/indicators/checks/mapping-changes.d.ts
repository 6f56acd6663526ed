import { type Flag } from "../flags.js";
import type { MappingChange, Period } from "../inputs.js";
export interface MappingAudit {
    /** Every change of the device's effective-mapping hash in the period, oldest first. */
    readonly changes: readonly MappingChange[];
    readonly flags: readonly Flag[];
}
/**
 * Mapping changes (issue: "every change of a device's effective mapping hash is recorded with
 * time and gateway"): each change in the period is an `info` flag for the audit trail; a remap
 * that turns a non-production device (a meter, a sensor) into production equipment is a
 * `warning`, because it moves the device into the rates' denominators and numerators. A device's
 * first mapping (no previous hash) is not a change.
 */
export declare function auditMappingChanges(device: string, changes: readonly MappingChange[], period: Period): MappingAudit;
