import { z } from "zod";
import { MtconnectSource } from "./mtconnect-source.js";
import { S7Source } from "./s7-source.js";

/**
 * Where a signal's raw value comes from. Modbus addresses are the zero-based PDU addresses of
 * the Modbus Application Protocol v1.1b3 §4.4 (holding register "40001" in a vendor manual is
 * `table: holding, address: 0`): one convention, so a profile never needs an offset guess.
 */
export const ModbusTable = z.enum(["coil", "discrete", "input", "holding"]);
export type ModbusTable = z.infer<typeof ModbusTable>;

/** Register encodings. `bit` is one bit of a 16-bit register (`bit: 0..15`, 0 = least significant). */
export const ModbusDataType = z.enum([
  "bool",
  "bit",
  "int16",
  "uint16",
  "int32",
  "uint32",
  "int64",
  "uint64",
  "float32",
  "float64",
  "string",
]);
export type ModbusDataType = z.infer<typeof ModbusDataType>;

/**
 * Byte/word order of multi-register values, in the notation of most vendor manuals: the letters
 * are the bytes of the value from most to least significant as they appear on the wire.
 * ABCD = big-endian (Modbus default, §4.2); CDAB = word-swapped; BADC = byte-swapped within each
 * register; DCBA = little-endian. For 64-bit values the same two swaps apply to all four registers.
 */
export const ByteOrder = z.enum(["ABCD", "CDAB", "BADC", "DCBA"]);
export type ByteOrder = z.infer<typeof ByteOrder>;

const REGISTER_COUNT: Record<ModbusDataType, number> = {
  bool: 1,
  bit: 1,
  int16: 1,
  uint16: 1,
  int32: 2,
  uint32: 2,
  float32: 2,
  int64: 4,
  uint64: 4,
  float64: 4,
  string: 0,
};

export const ModbusSource = z
  .object({
    table: ModbusTable,
    address: z.int().min(0).max(65535),
    dataType: ModbusDataType,
    order: ByteOrder.default("ABCD"),
    /** For `dataType: bit`. */
    bit: z.int().min(0).max(15).optional(),
    /** For `dataType: string`: number of registers (2 characters each). */
    length: z.int().min(1).max(125).optional(),
    /** For `dataType: string`. */
    encoding: z.enum(["ascii", "utf8"]).default("ascii"),
  })
  .strict()
  .superRefine((s, ctx) => {
    const isBitTable = s.table === "coil" || s.table === "discrete";
    if (isBitTable && s.dataType !== "bool") {
      ctx.addIssue({
        code: "custom",
        path: ["dataType"],
        message: `${s.table} tables hold single bits: use dataType bool`,
      });
    }
    if (!isBitTable && s.dataType === "bool") {
      ctx.addIssue({
        code: "custom",
        path: ["dataType"],
        message: "bool is for coil/discrete tables: use dataType bit with bit: N for one bit of a register",
      });
    }
    if ((s.dataType === "bit") !== (s.bit !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["bit"],
        message: "bit is required with dataType bit, and only allowed there",
      });
    }
    if ((s.dataType === "string") !== (s.length !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["length"],
        message: "length (registers) is required with dataType string, and only allowed there",
      });
    }
    // Only once the address itself is valid, so an out-of-range address reports one error.
    if (s.address <= 65535 && s.address + registerCount(s) - 1 > 65535) {
      ctx.addIssue({ code: "custom", path: ["address"], message: "value runs past register 65535" });
    }
  });
export type ModbusSource = z.infer<typeof ModbusSource>;

/** Registers (or bits, for coil/discrete) a Modbus source occupies. */
export function registerCount(s: Pick<ModbusSource, "dataType" | "length">): number {
  return s.dataType === "string" ? (s.length ?? 1) : REGISTER_COUNT[s.dataType];
}

/**
 * A browse path relative to the device's root object, `/`-separated browse names each
 * qualified by a namespace alias declared in the profile's `opcua.namespaces`
 * (`mt:Monitoring/mt:MachineTool/mt:PowerOnDuration`). Aliases, not indexes, because a
 * namespace index differs from server to server (OPC 10000-3 §8.2.2) while its URI does not.
 */
export const BrowsePath = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9]*:[^/:]+(\/[A-Za-z][A-Za-z0-9]*:[^/:]+)*$/,
    "expected alias:BrowseName segments separated by / (e.g. mt:Monitoring/mt:MachineTool)",
  );

export const OpcuaSource = z
  .object({
    /** Absolute NodeId with a namespace URI (`nsu=…;s=…`) or index (`ns=3;s=…`). */
    nodeId: z.string().min(3).max(512).optional(),
    browsePath: BrowsePath.optional(),
    /** For array values: the element to take. */
    index: z.int().min(0).optional(),
    samplingIntervalMs: z.int().min(0).max(3_600_000).optional(),
    queueSize: z.int().min(1).max(1000).optional(),
  })
  .strict()
  .refine((s) => (s.nodeId === undefined) !== (s.browsePath === undefined), {
    message: "give exactly one of nodeId or browsePath",
  });
export type OpcuaSource = z.infer<typeof OpcuaSource>;

export const SignalSource = z.union([
  z.object({ modbus: ModbusSource }).strict(),
  z.object({ opcua: OpcuaSource }).strict(),
  z.object({ s7: S7Source }).strict(),
  z.object({ mtconnect: MtconnectSource }).strict(),
]);
export type SignalSource = z.infer<typeof SignalSource>;
