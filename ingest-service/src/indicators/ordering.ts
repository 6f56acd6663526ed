/**
 * Code-unit order for ids and codes. `localeCompare` depends on the host's locale and ICU data,
 * and a report must sort identically wherever an offline verifier recomputes it.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
