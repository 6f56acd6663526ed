import type { ParseArgsConfig } from "node:util";
import type { DriverContext } from "./driver.js";

/**
 * A protocol-specific mode of `onramp-agent probe` (Modbus `--raw` register dumps, OPC UA
 * `--browse`): the interface a driver folder implements to plug a mode into the probe. The CLI
 * lists the drivers' modes (cli/probe-modes.ts); drivers never import the CLI.
 *
 * A mode is two halves so that a command never loads a protocol stack it does not use: the
 * descriptor (options, usage lines, `wants`) is plain data imported by the CLI at start, and
 * `load()` imports the module that talks to the device only when the options ask for the mode.
 * (node-opcua alone costs ≈ 1 s and ≈ 90 MiB at import, and prints its W27 warning on Node 20.)
 */

/** parseArgs option definitions. */
export type ProbeOptions = NonNullable<ParseArgsConfig["options"]>;

/** Parsed `probe` options: strings and booleans by option name. */
export type ProbeValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/** Where a probe mode writes: stdout for the result, stderr for causes and logs. */
export interface ProbeIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export interface ProbeRun {
  readonly connection: string;
  readonly values: ProbeValues;
  readonly json: boolean;
  readonly io: ProbeIo;
  readonly ctx: DriverContext;
}

/** Resolves to the process exit code, one of PROBE_EXIT (documented in `probe --help`). */
export type ProbeModeRun = (probe: ProbeRun) => Promise<number>;

export interface ProbeMode {
  readonly options: ProbeOptions;
  /** Lines for `probe --help`, the first naming the options. */
  readonly usage: readonly string[];
  /** Whether the parsed options ask for this mode. */
  wants(values: ProbeValues): boolean;
  /** Imports the mode's implementation (and with it the protocol stack). */
  load(): Promise<ProbeModeRun>;
}

/**
 * `onramp-agent probe` exit codes, so that a script can tell what went wrong without parsing text.
 * Distinct per cause an integrator acts on differently.
 */
export const PROBE_EXIT = {
  /** Every signal read good (or the mode's whole dump/browse answered). */
  ok: 0,
  /** The device answered but some signals are bad (see each signal's note). */
  someBad: 3,
  /** The device answered but no signal read good. */
  noneRead: 4,
  /** The OPC UA server's certificate is not trusted yet (`onramp-agent trust`). */
  untrusted: 5,
  /** The device did not answer: connection refused, timeout, unknown host. */
  unreachable: 1,
  /** Bad usage, URL or profile. */
  badArguments: 2,
} as const;

/**
 * The exit code for a read that failed as a whole, from its cause's stable code. By suffix, so a
 * new driver's codes map without touching this list when they follow the naming of the existing
 * ones: `…_UNTRUSTED_SERVER` / `…_CERTIFICATE_CHANGED` (the device answered but we refuse it),
 * `…_BAD_URL` / `…_URL_INVALID` / `…_UNKNOWN_SCHEME` / `…_ROOT_REQUIRED` (our arguments), `…_EXCEPTION` /
 * `…_UNRESOLVED` / `…_NAMESPACE_UNKNOWN` (the device answered and refused the request);
 * anything else means the device did not answer.
 */
export function probeExitOfCause(code: string): number {
  if (/_(UNTRUSTED_SERVER|CERTIFICATE_CHANGED)$/.test(code)) return PROBE_EXIT.untrusted;
  if (/_(BAD_URL|URL_INVALID|UNKNOWN_SCHEME|PROFILE_MISMATCH|ROOT_REQUIRED)$/.test(code))
    return PROBE_EXIT.badArguments;
  if (/_(EXCEPTION|UNRESOLVED|NAMESPACE_UNKNOWN)$/.test(code)) return PROBE_EXIT.noneRead;
  return PROBE_EXIT.unreachable;
}

/** The exit code for a read that answered: all good, some bad, or none good. */
export function probeExitOfQualities(qualities: readonly string[]): number {
  const good = qualities.filter((q) => q === "good").length;
  if (good === qualities.length) return PROBE_EXIT.ok;
  return good === 0 ? PROBE_EXIT.noneRead : PROBE_EXIT.someBad;
}
