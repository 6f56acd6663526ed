import {
  type CompiledProfile,
  compileProfile,
  encodeRegisters,
  ModbusSource,
  Profile,
  type ProfileInput,
  type RegisterValue,
} from "@onramp/profiles";
import type { Blocks, UnitMap } from "../../../../../test/peers/pymodbus.js";

/** Test-only: profiles built in code, and the register maps a server needs to answer them. */

export type SignalInput = ProfileInput["signals"][number];
export type ModbusSourceInput = Extract<SignalInput["source"], { modbus: unknown }>["modbus"];

/** A signal with the raw value the simulated device holds for it. */
export interface SignalCase {
  readonly signal: SignalInput & { readonly source: { readonly modbus: ModbusSourceInput } };
  readonly raw: RegisterValue | bigint;
}

/** Compiles a Modbus profile around `signals`; `extra` overrides any top-level field (workarounds, defaults…). */
export function compileTestProfile(
  signals: readonly SignalInput[],
  extra: Partial<ProfileInput> = {},
): CompiledProfile {
  return compileProfile(
    Profile.parse({
      schemaVersion: 1,
      id: "onramp-test/modbus-driver",
      version: "1.0.0",
      vendor: "Onramp",
      model: "test device",
      class: "plc",
      protocol: "modbus",
      source: { kind: "template", document: "edge-agent Modbus driver tests", note: "built by the tests" },
      signals,
      ...extra,
    }),
  );
}

const TABLE_KEY = { holding: "holding", input: "input", coil: "coils", discrete: "discrete" } as const;

/** The unit map holding every case's raw value at its source address (encoded by the profile codecs). */
export function unitMapOf(cases: readonly SignalCase[]): UnitMap {
  const tables: Record<keyof UnitMap, Record<number, number[]>> = {
    holding: {},
    input: {},
    coils: {},
    discrete: {},
  };
  for (const { signal, raw } of cases) {
    const source = ModbusSource.parse(signal.source.modbus);
    const words = encodeRegisters(raw, source);
    const blocks = tables[TABLE_KEY[source.table]];
    words.forEach((word, i) => {
      const address = source.address + i;
      // Bits of one register may come from several `bit` signals: merge them.
      blocks[address] = [(blocks[address]?.[0] ?? 0) | word];
    });
  }
  return Object.fromEntries(Object.entries(tables).map(([table, blocks]) => [table, blocks as Blocks]));
}
