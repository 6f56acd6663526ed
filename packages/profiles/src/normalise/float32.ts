/**
 * The shortest decimal that reads back as the same 32-bit float: what Java's `Float.toString`
 * and every HMI print. A float32 register or node widened to a double carries binary digits the
 * device never had (23.1f is 23.100000381469727 as a double): sent as is, each such value costs
 * about ten more bytes on the wire and in the store, for no information. The result is exact
 * with respect to the source: `Math.fround(shortestFloat32(x)) === Math.fround(x)`.
 */
export function shortestFloat32(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const single = Math.fround(x);
  // A float32 round-trips through at most 9 significant digits (IEEE 754-2019 §5.12.2).
  for (let digits = 6; digits < 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return Number(single.toPrecision(9));
}
