/** A value JSON can carry exactly: no undefined, NaN, Infinity, Date or class instance. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * JSON with object keys sorted at every level and no whitespace, so two computations of the same
 * report give byte-identical text (the evidence bundle's verifier diffs it). Properties whose
 * value is `undefined` are left out, as `JSON.stringify` does; non-finite numbers are a bug in
 * the computation and throw rather than turn into `null` silently. Numbers use ECMAScript's
 * shortest round-trip form, identical on every engine.
 */
export function canonicalJson(value: unknown): string {
  return write(value, "$");
}

function write(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} cannot be written as JSON`);
      return JSON.stringify(value);
    case "string":
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        return `[${value.map((item, index) => (item === undefined ? "null" : write(item, `${path}[${index}]`))).join(",")}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${write(item, `${path}.${key}`)}`).join(",")}}`;
    }
    default:
      throw new TypeError(`${path}: a ${typeof value} cannot be written as JSON`);
  }
}
