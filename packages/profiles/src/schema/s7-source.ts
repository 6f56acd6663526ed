import { z } from "zod";

/**
 * An S7 memory area as the S7comm "any pointer" addresses it (the area byte of a read-var item):
 * `db` data block, `m` merkers (flags), `i` process inputs, `q` process outputs, `c` counters,
 * `t` timers. Letters are the English mnemonics of Siemens STEP 7 (I/Q/M), not the German E/A/M.
 */
export const S7Area = z.enum(["db", "m", "i", "q", "c", "t"]);
export type S7Area = z.infer<typeof S7Area>;

/**
 * The SIMATIC elementary types (STEP 7 / TIA Portal names, lower-cased). `bool` is one bit of a
 * byte (`bit: 0..7`); `counter` and `timer` are the 16-bit BCD counter value and S5TIME of the
 * `c` and `t` areas.
 */
export const S7DataType = z.enum([
  "bool",
  "byte",
  "word",
  "int",
  "dword",
  "dint",
  "real",
  "lreal",
  "string",
  "wstring",
  "date_and_time",
  "counter",
  "timer",
]);
export type S7DataType = z.infer<typeof S7DataType>;

const FIXED_SIZE: Record<Exclude<S7DataType, "string" | "wstring">, number> = {
  bool: 1,
  byte: 1,
  word: 2,
  int: 2,
  dword: 4,
  dint: 4,
  real: 4,
  lreal: 8,
  date_and_time: 8,
  counter: 2,
  timer: 2,
};

/**
 * One value in an S7 CPU's memory: `DB10.DBD4` as a REAL is `{ area: db, db: 10, offset: 4,
 * dataType: real }`, `M3.2` is `{ area: m, offset: 3, bit: 2, dataType: bool }`, `C5` is
 * `{ area: c, offset: 5, dataType: counter }`. Offsets are byte offsets (counter and timer
 * numbers in `c` and `t`), as the DB's "Offset" column in TIA Portal shows them with optimized
 * block access switched off — the only layout PUT/GET can address.
 */
export const S7Source = z
  .object({
    area: S7Area,
    /** Data block number, for `area: db` only. */
    db: z.int().min(1).max(65535).optional(),
    offset: z.int().min(0).max(65535),
    dataType: S7DataType,
    /** For `dataType: bool`. */
    bit: z.int().min(0).max(7).optional(),
    /** For `string` / `wstring`: the declared maximum length in characters (STRING[n]). */
    length: z.int().min(1).max(254).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.area === "db") !== (s.db !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["db"],
        message: "db is required with area db, and only allowed there",
      });
    }
    if ((s.dataType === "bool") !== (s.bit !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["bit"],
        message: "bit is required with dataType bool, and only allowed there",
      });
    }
    const isText = s.dataType === "string" || s.dataType === "wstring";
    if (isText !== (s.length !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["length"],
        message: "length (characters) is required with dataType string or wstring, and only allowed there",
      });
    }
    const isCounterArea = s.area === "c" || s.area === "t";
    const counterType = s.area === "c" ? "counter" : "timer";
    if (isCounterArea && s.dataType !== counterType) {
      ctx.addIssue({
        code: "custom",
        path: ["dataType"],
        message: `area ${s.area} holds ${counterType}s: use dataType ${counterType}`,
      });
    }
    if (!isCounterArea && (s.dataType === "counter" || s.dataType === "timer")) {
      ctx.addIssue({
        code: "custom",
        path: ["dataType"],
        message: `dataType ${s.dataType} is for area ${s.dataType === "counter" ? "c" : "t"}`,
      });
    }
  });
export type S7Source = z.infer<typeof S7Source>;

/** Bytes the value occupies (a counter or timer is one 2-byte word). */
export function s7ByteCount(s: Pick<S7Source, "dataType" | "length">): number {
  if (s.dataType === "string") return 2 + (s.length ?? 0);
  if (s.dataType === "wstring") return 4 + 2 * (s.length ?? 0);
  return FIXED_SIZE[s.dataType];
}
