import type { JsonValue } from "../canonical-json.js";
import { type Flag, type FlagCode, makeFlag } from "../flags.js";

export type Example = { readonly [key: string]: JsonValue };

/**
 * Occurrences of one code for one device, summarised into a single flag with the count and the
 * first examples: a replayed day is one finding with thousands of occurrences, not thousands of
 * flags.
 */
export class Findings<C extends FlagCode> {
  readonly #byKey = new Map<string, { device: string; code: C; count: number; examples: Example[] }>();
  readonly #maxExamples: number;

  constructor(maxExamples: number) {
    this.#maxExamples = maxExamples;
  }

  add(device: string, code: C, example: Example): void {
    const key = `${device}\u0000${code}`;
    const entry = this.#byKey.get(key) ?? { device, code, count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < this.#maxExamples) entry.examples.push(example);
    this.#byKey.set(key, entry);
  }

  /** Every device and code found, in the order first found, with its count and first examples. */
  entries(): { device: string; code: C; count: number; examples: Example[] }[] {
    return [...this.#byKey.values()].map((e) => ({ ...e, examples: [...e.examples] }));
  }

  toFlags(describe: (code: C, device: string, count: number, first: Example) => string): Flag[] {
    return [...this.#byKey.values()].map(({ device, code, count, examples }) =>
      makeFlag(code, device, describe(code, device, count, examples[0] ?? {}), { count, examples }),
    );
  }
}

/** Text of an epoch-ms example field for a reason. */
export function timeText(value: JsonValue | undefined): string {
  return typeof value === "number" ? new Date(value).toISOString() : "?";
}
