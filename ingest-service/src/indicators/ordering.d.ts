/**
 * Code-unit order for ids and codes. `localeCompare` depends on the host's locale and ICU data,
 * and a report must sort identically wherever an offline verifier recomputes it.
 */
export declare function compareText(a: string, b: string): number;
