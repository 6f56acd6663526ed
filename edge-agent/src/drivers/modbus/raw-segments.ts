import type { Outcome } from "./errors.js";

/** A run of a raw dump: values the device answered, or a range it refused with an exception. */
export type RawSegment =
  | { readonly address: number; readonly values: readonly (number | boolean)[] }
  | { readonly address: number; readonly count: number; readonly exception: number };

/**
 * Exceptions that say "not this range" rather than "not this device": 02 ILLEGAL DATA ADDRESS (a
 * gap in the register map) and 03 ILLEGAL DATA VALUE (some devices answer it for a quantity they
 * cap), Modbus Application Protocol v1.1b3 §7. Splitting the request helps with these only.
 */
const SPLITTABLE = new Set([2, 3]);

/**
 * Reads `count` registers (or bits) from `address`; where the device refuses a range with 02 or
 * 03, splits it in halves down to single addresses, as the profile reads do (split-memory.ts),
 * so that a dump across a gap shows what is on both sides and where the gap is. At most about
 * 2 × count requests, only when the device refuses. Any other failure fails the whole dump.
 */
export async function readAroundRefusals(
  read: (address: number, count: number) => Promise<Outcome<readonly (number | boolean)[]>>,
  address: number,
  count: number,
): Promise<Outcome<RawSegment[]>> {
  const outcome = await read(address, count);
  if (outcome.ok) return { ok: true, value: [{ address, values: outcome.value }] };
  if (outcome.failure.kind !== "exception" || !SPLITTABLE.has(outcome.failure.exception)) return outcome;
  if (count === 1) return { ok: true, value: [{ address, count, exception: outcome.failure.exception }] };
  const half = Math.ceil(count / 2);
  const low = await readAroundRefusals(read, address, half);
  if (!low.ok) return low;
  const high = await readAroundRefusals(read, address + half, count - half);
  if (!high.ok) return high;
  return { ok: true, value: mergeGaps([...low.value, ...high.value]) };
}

/** Joins adjacent refused ranges with the same exception, so a gap reads as one row. */
function mergeGaps(segments: readonly RawSegment[]): RawSegment[] {
  const out: RawSegment[] = [];
  for (const segment of segments) {
    const last = out.at(-1);
    if (last && "exception" in last && "exception" in segment && last.exception === segment.exception) {
      out[out.length - 1] = {
        address: last.address,
        count: last.count + segment.count,
        exception: last.exception,
      };
    } else if (last && "values" in last && "values" in segment) {
      out[out.length - 1] = { address: last.address, values: [...last.values, ...segment.values] };
    } else out.push(segment);
  }
  return out;
}
