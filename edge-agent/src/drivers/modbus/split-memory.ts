import type { PlannedRead } from "@onramp/profiles";

function keyOf(read: PlannedRead): string {
  return `${read.table}:${read.address}+${read.count}:${read.signals.map((s) => s.id).join(",")}`;
}

/**
 * The splits one device has needed: a coalesced read it refused with exception 02/03 is
 * replaced by its two halves from then on (until the driver restarts), so the refusal costs
 * one extra round trip once, not on every cycle.
 */
export class SplitMemory {
  private readonly splits = new Map<string, readonly [PlannedRead, PlannedRead]>();

  remember(read: PlannedRead, halves: readonly [PlannedRead, PlannedRead]): void {
    this.splits.set(keyOf(read), halves);
  }

  /** The reads to send for `read`: itself, or the halves it was split into, recursively. */
  expand(read: PlannedRead): PlannedRead[] {
    const halves = this.splits.get(keyOf(read));
    return halves ? [...this.expand(halves[0]), ...this.expand(halves[1])] : [read];
  }

  get size(): number {
    return this.splits.size;
  }
}
