export interface Difference {
  path: string;
  bundled: string;
  recomputed: string;
}

const text = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v));

/** Every leaf where two JSON values differ, with a JSONPath-like location (`$.rates.cnc.value`). */
export function diffJson(bundled: unknown, recomputed: unknown, path = "$"): Difference[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  if (Array.isArray(bundled) && Array.isArray(recomputed)) {
    const out: Difference[] = [];
    for (let i = 0; i < Math.max(bundled.length, recomputed.length); i++)
      out.push(...diffJson(bundled[i], recomputed[i], `${path}[${i}]`));
    return out;
  }
  if (isObject(bundled) && isObject(recomputed) && !Array.isArray(bundled) && !Array.isArray(recomputed)) {
    const out: Difference[] = [];
    for (const key of [...new Set([...Object.keys(bundled), ...Object.keys(recomputed)])].sort())
      out.push(...diffJson(bundled[key], recomputed[key], `${path}.${key}`));
    return out;
  }
  return JSON.stringify(bundled) === JSON.stringify(recomputed)
    ? []
    : [{ path, bundled: text(bundled), recomputed: text(recomputed) }];
}
