import type { ParseArgsConfig } from "node:util";
import type { DriverContext } from "../drivers/driver.js";
import type { CliIo } from "./io.js";

/** Parsed `probe` options: strings and booleans by option name. */
export type ProbeValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

export interface ProbeRun {
  readonly connection: string;
  readonly values: ProbeValues;
  readonly json: boolean;
  readonly io: CliIo;
  readonly ctx: DriverContext;
}

/**
 * A protocol-specific mode of `onramp-agent probe` (Modbus `--raw` register dumps, OPC UA
 * `--browse`): its options, its usage lines, and the run that replaces the profile read when
 * the options ask for it. Extensions are listed in probe-extensions.ts.
 */
/** parseArgs option definitions. */
export type ProbeOptions = NonNullable<ParseArgsConfig["options"]>;

export interface ProbeExtension {
  readonly options: ProbeOptions;
  readonly usage: readonly string[];
  /** Whether the parsed options ask for this mode. */
  wants(values: ProbeValues): boolean;
  /** Exit code: 0 read, 1 the device did not answer, 2 bad usage. */
  run(probe: ProbeRun): Promise<number>;
}
