import { parseArgs } from "node:util";
import {
  type CompiledProfile,
  compileProfile,
  formatProfileError,
  loadProfileFile,
  type Sample,
} from "@onramp/profiles";
import { pino } from "pino";
import type { DeviceIdentity, Driver, DriverContext, DriverResult } from "../drivers/driver.js";
import {
  PROBE_EXIT,
  type ProbeMode,
  type ProbeOptions,
  type ProbeValues,
  probeExitOfCause,
  probeExitOfQualities,
} from "../drivers/probe-mode.js";
import { BUILTIN_DRIVERS, createDriverRegistry } from "../drivers/registry.js";
import { formatTable } from "../drivers/text-table.js";
import { type CliIo, processIo } from "./io.js";
import { PROBE_MODES } from "./probe-modes.js";

const OPTIONS = {
  connection: { type: "string" },
  profile: { type: "string" },
  once: { type: "boolean" },
  interval: { type: "string" },
  json: { type: "boolean" },
  "data-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ProbeOptions;

function usage(extensions: readonly ProbeMode[]): string {
  return [
    "usage: onramp-agent probe --connection <url> --profile <file> [--once | --interval <ms>] [--json]",
    "       onramp-agent probe --connection <url> <protocol options> [--json]",
    "",
    "Reads a device and prints its normalised signals: once (default), or every --interval ms until",
    "Ctrl-C. --json prints one JSON object per read. --data-dir: where drivers keep certificates",
    "(default .onramp-data). A one-shot read also prints the device's identity and fingerprint.",
    "",
    "Connection URLs (the scheme picks the driver):",
    ...BUILTIN_DRIVERS.flatMap((d) => d.urlHelp.map((line) => `  ${line}`)),
    "",
    "Protocol options:",
    ...extensions.flatMap((e) => e.usage.map((line) => `  ${line}`)),
    "",
    "Exit codes:",
    `  ${PROBE_EXIT.ok}  every signal read good (or the --raw / --browse answer)`,
    `  ${PROBE_EXIT.someBad}  the device answered, some signals are bad (each says why)`,
    `  ${PROBE_EXIT.noneRead}  the device answered, no signal read good (or it refused the request)`,
    `  ${PROBE_EXIT.untrusted}  the OPC UA server's certificate is not trusted: onramp-agent trust`,
    `  ${PROBE_EXIT.unreachable}  the device did not answer (refused, timeout, unknown host)`,
    `  ${PROBE_EXIT.badArguments}  bad usage, URL or profile (e.g. an OPC UA profile read without the root= it needs)`,
    "",
  ].join("\n");
}

/** `onramp-agent probe`: reads a device through the driver registry, as the agent would. */
export async function probeCommand(
  args: readonly string[],
  io: CliIo = processIo,
  extensions: readonly ProbeMode[] = PROBE_MODES,
): Promise<number> {
  const options: ProbeOptions = Object.assign({}, OPTIONS, ...extensions.map((e) => e.options));
  let values: ProbeValues;
  try {
    values = parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${usage(extensions)}`);
    return PROBE_EXIT.badArguments;
  }
  if (values.help === true) {
    io.stdout(usage(extensions));
    return PROBE_EXIT.ok;
  }
  const connection = values.connection;
  if (typeof connection !== "string") {
    io.stderr(`probe: --connection <url> is required\n${usage(extensions)}`);
    return PROBE_EXIT.badArguments;
  }
  const json = values.json === true;
  const ctx = probeContext(io, values);
  const extension = extensions.find((e) => e.wants(values));
  if (extension) return (await extension.load())({ connection, values, json, io, ctx });

  const interval = typeof values.interval === "string" ? Number(values.interval) : undefined;
  if (interval !== undefined && (!Number.isInteger(interval) || interval < 10)) {
    io.stderr("probe: --interval: expected a whole number of milliseconds, at least 10\n");
    return PROBE_EXIT.badArguments;
  }
  if (interval !== undefined && values.once === true) {
    io.stderr("probe: give --once or --interval, not both\n");
    return PROBE_EXIT.badArguments;
  }
  if (typeof values.profile !== "string") {
    io.stderr(`probe: --profile <file> is required to read signals\n${usage(extensions)}`);
    return PROBE_EXIT.badArguments;
  }
  const loaded = await loadProfileFile(values.profile);
  if (!loaded.ok) {
    for (const error of loaded.errors) io.stderr(`${formatProfileError(error)}\n`);
    return PROBE_EXIT.badArguments;
  }
  const profile = compileProfile(loaded.profile);
  const registry = createDriverRegistry(ctx);
  const created = await registry.create({ id: "probe", url: connection, profile });
  if (!created.ok) {
    io.stderr(`${created.error.code}: ${created.error.message}\n`);
    await registry.close();
    return PROBE_EXIT.badArguments;
  }
  const print = printer(io, json, connection, profile);
  try {
    if (interval === undefined) {
      // Identity first: it opens the connection, and a failure there is the device's whole cause.
      const identity = await created.value.readIdentity();
      return print(await created.value.read(), identity);
    }
    await readEvery(created.value, interval, print);
    return PROBE_EXIT.ok;
  } finally {
    await registry.close();
  }
}

function probeContext(io: CliIo, values: ProbeValues): DriverContext {
  const dataDir = typeof values["data-dir"] === "string" ? values["data-dir"] : ".onramp-data";
  // Logs go to stderr so that --json output on stdout stays parseable.
  const logger = pino({ level: io.env.LOG_LEVEL ?? "warn" }, pino.destination(2));
  return { logger, dataDir, now: Date.now };
}

/** Reads on the grid start + k × interval (no drift) until SIGINT or SIGTERM. */
async function readEvery(
  driver: Driver,
  intervalMs: number,
  print: (result: DriverResult<Sample[]>) => number,
): Promise<void> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const start = performance.now();
  try {
    for (let tick = 1; !stop.signal.aborted; tick += 1) {
      print(await driver.read());
      const wait = Math.max(0, start + tick * intervalMs - performance.now());
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          stop.signal.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, wait);
        stop.signal.addEventListener("abort", done, { once: true });
      });
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** Prints one read's result (and, for a one-shot read, the identity); returns the exit code. */
function printer(io: CliIo, json: boolean, connection: string, compiled: CompiledProfile) {
  const profile = `${compiled.profile.id}@${compiled.profile.version}`;
  const units = new Map(compiled.signals.map((s) => [s.id, s.unit ?? ""]));
  return (result: DriverResult<Sample[]>, identity?: DriverResult<DeviceIdentity>): number => {
    const readAt = new Date().toISOString();
    if (!result.ok) {
      if (json) io.stdout(`${JSON.stringify({ connection, profile, readAt, error: result.error })}\n`);
      else io.stderr(`${result.error.code}: ${result.error.message}\n`);
      return probeExitOfCause(result.error.code);
    }
    const code = probeExitOfQualities(result.value.map((s) => s.quality));
    if (json) {
      const samples = result.value.map((s) => ({ ...s, unit: units.get(s.signal) || undefined }));
      const id =
        identity === undefined
          ? {}
          : identity.ok
            ? { identity: identity.value }
            : { identityError: identity.error };
      io.stdout(`${JSON.stringify({ connection, profile, readAt, ...id, samples })}\n`);
      return code;
    }
    const rows = result.value.map((s) => [
      s.signal,
      s.value === null ? "—" : String(s.value),
      units.get(s.signal) ?? "",
      s.quality,
      s.outOfRange ? "out of range" : s.error ? `${s.error.code}: ${s.error.message}` : "",
    ]);
    io.stdout(
      `${profile} at ${connection}, ${readAt}\n${identityLines(identity)}${formatTable([["signal", "value", "unit", "quality", "note"], ...rows])}\n`,
    );
    return code;
  };
}

function identityLines(identity: DriverResult<DeviceIdentity> | undefined): string {
  if (identity === undefined) return "";
  if (!identity.ok) return `identity: unavailable (${identity.error.code}: ${identity.error.message})\n`;
  const fields = Object.entries(identity.value.fields).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `identity (${identity.value.method}): ${fields.join(" ")}\nfingerprint: ${identity.value.fingerprint}\n`;
}
