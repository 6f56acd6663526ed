import type { PlannedRead } from "@onramp/profiles";
import type { DriverCause, SignalFault } from "../driver.js";
import type { Block } from "./read-blocks.js";

/**
 * The signals a device refuses while it answers otherwise (exception 01/02/03 on a read that
 * cannot be split further): the list `DriverSink.faults` receives whenever it changes.
 */
export class SignalFaults {
  private readonly faults = new Map<string, SignalFault>();

  /** Applies the blocks of one cycle; returns the whole new list when it changed. */
  update(
    blocks: readonly Block[],
    causeOf: (read: PlannedRead, exception: number) => DriverCause,
  ): readonly SignalFault[] | undefined {
    let isChanged = false;
    for (const block of blocks) {
      for (const { id } of block.read.signals) {
        if ("values" in block) {
          isChanged = this.faults.delete(id) || isChanged;
          continue;
        }
        const cause = causeOf(block.read, block.refused);
        if (this.faults.get(id)?.cause.message !== cause.message) {
          this.faults.set(id, { signal: id, cause });
          isChanged = true;
        }
      }
    }
    return isChanged ? [...this.faults.values()] : undefined;
  }
}
