/** A value JSON can carry exactly: no undefined, NaN, Infinity, Date or class instance. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | {
    readonly [key: string]: JsonValue;
};
/**
 * JSON with object keys sorted at every level and no whitespace, so two computations of the same
 * report give byte-identical text (the evidence bundle's verifier diffs it). Properties whose
 * value is `undefined` are left out, as `JSON.stringify` does; non-finite numbers are a bug in
 * the computation and throw rather than turn into `null` silently. Numbers use ECMAScript's
 * shortest round-trip form, identical on every engine.
 */
export declare function canonicalJson(value: unknown): string;
