/**
 * What the host knows of one edge node between its births (Sparkplug B 3.0 §5.8–§5.11, §6.4):
 * its birth-death sequence (`bdSeq`), the running message sequence (`seq`, 0–255 wrapping, one
 * counter for the node and all its devices), the aliases its births declared and the devices
 * born under it. Pure state: the source feeds it decoded messages and acts on what it returns.
 */

/** How a message's `seq` relates to the last one: in order, a repeat, after a hole, or late. */
export type SeqVerdict =
  | { kind: "next"; index: number }
  | { kind: "duplicate"; index: number }
  | { kind: "gap"; index: number; missed: number }
  | { kind: "late"; index: number };

export class EdgeNodeState {
  /** bdSeq of the NBIRTH in force; undefined until one arrives (then the node is not born). */
  bdSeq: number | undefined;
  /** Onramp session id of the current birth: `spb_{bdSeq}_{NBIRTH timestamp}` (stable on redelivery). */
  session: string | undefined;
  /** Unwrapped seq of the newest message: NBIRTH is 0, seq 255 → 0 continues at 256. */
  private lastIndex = 0;
  private readonly aliases = new Map<number, string>();
  /** Sparkplug device ids born (DBIRTH) since the NBIRTH. */
  readonly devices = new Set<string>();
  /** When we last asked this node for a rebirth (rate limit). */
  lastRebirthRequest = Number.NEGATIVE_INFINITY;

  constructor(private readonly maxAliases: number) {}

  get isBorn(): boolean {
    return this.session !== undefined;
  }

  /** An NBIRTH starts everything afresh: aliases and devices of the previous birth are void (§6.4.6). */
  birth(bdSeq: number, birthTimestamp: number): void {
    this.bdSeq = bdSeq;
    this.session = `spb_${bdSeq}_${birthTimestamp}`;
    this.lastIndex = 0;
    this.aliases.clear();
    this.devices.clear();
  }

  /** NDEATH: the node is gone until its next NBIRTH. */
  death(): void {
    this.session = undefined;
    this.aliases.clear();
    this.devices.clear();
  }

  /** Records a birth's alias; false when the node already declared `maxAliases` (counted as a drop). */
  declareAlias(alias: number, name: string): boolean {
    if (!this.aliases.has(alias) && this.aliases.size >= this.maxAliases) return false;
    this.aliases.set(alias, name);
    return true;
  }

  nameOf(alias: number): string | undefined {
    return this.aliases.get(alias);
  }

  /**
   * Places a message's seq on the node's unwrapped line. One step ahead is in order; the same seq
   * again a repeat; up to 127 ahead a gap (the messages between were lost: §5.9 says the host
   * should then ask for a rebirth); more than 128 ahead is read as up to 128 behind — a message
   * that arrived late, filling a hole the ledger counted.
   */
  place(seq: number): SeqVerdict {
    const last = this.lastIndex;
    const delta = (seq - (last % 256) + 256) % 256;
    if (delta === 0) return { kind: "duplicate", index: last };
    if (delta === 1) {
      this.lastIndex = last + 1;
      return { kind: "next", index: this.lastIndex };
    }
    if (delta < 128) {
      this.lastIndex = last + delta;
      return { kind: "gap", index: this.lastIndex, missed: delta - 1 };
    }
    return { kind: "late", index: last - (256 - delta) };
  }
}
