import type { JsonValue } from "../canonical-json.js";
import { type Flag, type FlagCode } from "../flags.js";
export type Example = {
    readonly [key: string]: JsonValue;
};
/**
 * Occurrences of one code for one device, summarised into a single flag with the count and the
 * first examples: a replayed day is one finding with thousands of occurrences, not thousands of
 * flags.
 */
export declare class Findings<C extends FlagCode> {
    #private;
    constructor(maxExamples: number);
    add(device: string, code: C, example: Example): void;
    toFlags(describe: (code: C, device: string, count: number, first: Example) => string): Flag[];
}
/** Text of an epoch-ms example field for a reason. */
export declare function timeText(value: JsonValue | undefined): string;
