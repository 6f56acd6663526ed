import { isProductionEquipment } from "../equipment.js";
import { type Flag, isoTime, makeFlag } from "../flags.js";
import type { MappingChange, Period } from "../inputs.js";
import { compareText } from "../ordering.js";

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
export function auditMappingChanges(
  device: string,
  changes: readonly MappingChange[],
  period: Period,
): MappingAudit {
  const inPeriod = changes
    .filter((c) => c.device === device && c.at >= period.from && c.at < period.to)
    .filter((c) => c.previousHash !== null && c.previousHash !== c.hash)
    .sort((a, b) => a.at - b.at || compareText(a.hash, b.hash));
  const flags: Flag[] = [];
  for (const change of inPeriod) {
    const data = { ...change };
    const when = `${isoTime(change.at)} (gateway "${change.gateway}")`;
    flags.push(
      makeFlag(
        "MAPPING_CHANGED",
        device,
        `The mapping of "${device}" changed at ${when} from profile ${change.previousProfile ?? "?"} (${change.previousClass ?? "?"}) to ${change.profile} (${change.class}).`,
        data,
      ),
    );
    const previousClass = change.previousClass;
    if (
      previousClass !== null &&
      !isProductionEquipment({ class: previousClass }) &&
      isProductionEquipment({ class: change.class })
    ) {
      flags.push(
        makeFlag(
          "MAPPING_PROMOTED_TO_PRODUCTION",
          device,
          `At ${when} "${device}" was remapped from ${previousClass} to ${change.class}: a device that was not production equipment now counts as one.`,
          data,
        ),
      );
    }
  }
  return { changes: inPeriod, flags };
}
