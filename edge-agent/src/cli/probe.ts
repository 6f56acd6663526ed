import { parseArgs } from "node:util";
import {
  type CompiledProfile,
  compileProfile,
  formatProfileError,
  loadProfileFile,
  type Sample,
} from "@onramp/profiles";
import { pino } from "pino";
import type { Driver, DriverContext, DriverResult } from "../drivers/driver.js";
import { createDriverRegistry } from "../drivers/registry.js";
import { type CliIo, processIo } from "./io.js";
import type { ProbeExtension, ProbeOptions, ProbeValues } from "./probe-extension.js";
import { PROBE_EXTENSIONS } from "./probe-extensions.js";
import { printIdentity } from "./probe-identity.js";
import { formatTable } from "./text-table.js";

const OPTIONS = {
  connection: { type: "string" },
  profile: { type: "string" },
  once: { type: "boolean" },
  interval: { type: "string" },
  json: { type: "boolean" },
  identity: { type: "boolean" },
  "data-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ProbeOptions;

function usage(extensions: readonly ProbeExtension[]): string {
  return [
    "usage: onramp-agent probe --connection <url> --profile <file> [--once | --interval <ms>] [--identity] [--json]",
    "       onramp-agent probe --connection <url> <protocol options> [--json]",
    "",
    "Reads a device and prints its normalised signals: once (default), or every --interval ms until",
    "Ctrl-C. --json prints one JSON object per read. --data-dir: where drivers keep certificates",
    "(default .onramp-data). --identity also reads the device's identity (the profile's method) and",
    "prints its fields and fingerprint. Protocol options:",
    ...extensions.flatMap((e) => e.usage.map((line) => `  ${line}`)),
    "",
    "Exit code: 0 read, 1 the device did not answer, 2 bad usage, URL or profile.",
    "",
  ].join("\n");
}

/** `onramp-agent probe`: reads a device through the driver registry, as the agent would. */
export async function probeCommand(
  args: readonly string[],
  io: CliIo = processIo,
  extensions: readonly ProbeExtension[] = PROBE_EXTENSIONS,
): Promise<number> {
  const options: ProbeOptions = Object.assign({}, OPTIONS, ...extensions.map((e) => e.options));
  let values: ProbeValues;
  try {
    values = parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${usage(extensions)}`);
    return 2;
  }
  if (values.help === true) {
    io.stdout(usage(extensions));
    return 0;
  }
  const connection = values.connection;
  if (typeof connection !== "string") {
    io.stderr(`probe: --connection <url> is required\n${usage(extensions)}`);
    return 2;
  }
  const json = values.json === true;
  const ctx = probeContext(io, values);
  const extension = extensions.find((e) => e.wants(values));
  if (extension) return extension.run({ connection, values, json, io, ctx });

  const interval = typeof values.interval === "string" ? Number(values.interval) : undefined;
  if (interval !== undefined && (!Number.isInteger(interval) || interval < 10)) {
    io.stderr("probe: --interval: expected a whole number of milliseconds, at least 10\n");
    return 2;
  }
  if (interval !== undefined && values.once === true) {
    io.stderr("probe: give --once or --interval, not both\n");
    return 2;
  }
  if (typeof values.profile !== "string") {
    io.stderr(`probe: --profile <file> is required to read signals\n${usage(extensions)}`);
    return 2;
  }
  const loaded = await loadProfileFile(values.profile);
  if (!loaded.ok) {
    for (const error of loaded.errors) io.stderr(`${formatProfileError(error)}\n`);
    return 2;
  }
  const profile = compileProfile(loaded.profile);
  const registry = createDriverRegistry(ctx);
  const created = await registry.create({ id: "probe", url: connection, profile });
  if (!created.ok) {
    io.stderr(`${created.error.code}: ${created.error.message}\n`);
    await registry.close();
    return 2;
  }
  const print = printer(io, json, connection, profile);
  try {
    if (interval === undefined) {
      const isRead = print(await created.value.read());
      const hasIdentity =
        values.identity !== true || (await printIdentity(created.value, io, json, connection));
      return isRead && hasIdentity ? 0 : 1;
    }
    await readEvery(created.value, interval, print);
    return 0;
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
  print: (result: DriverResult<Sample[]>) => boolean,
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

/** Prints one read's result; returns whether the device answered. */
function printer(io: CliIo, json: boolean, connection: string, compiled: CompiledProfile) {
  const profile = `${compiled.profile.id}@${compiled.profile.version}`;
  const units = new Map(compiled.signals.map((s) => [s.id, s.unit ?? ""]));
  return (result: DriverResult<Sample[]>): boolean => {
    const readAt = new Date().toISOString();
    if (!result.ok) {
      if (json) io.stdout(`${JSON.stringify({ connection, profile, readAt, error: result.error })}\n`);
      else io.stderr(`${result.error.code}: ${result.error.message}\n`);
      return false;
    }
    if (json) {
      const samples = result.value.map((s) => ({ ...s, unit: units.get(s.signal) || undefined }));
      io.stdout(`${JSON.stringify({ connection, profile, readAt, samples })}\n`);
      return true;
    }
    const rows = result.value.map((s) => [
      s.signal,
      s.value === null ? "—" : String(s.value),
      units.get(s.signal) ?? "",
      s.quality,
      s.outOfRange ? "out of range" : (s.error?.code ?? ""),
    ]);
    io.stdout(
      `${profile} at ${connection}, ${readAt}\n${formatTable([["signal", "value", "unit", "quality", "note"], ...rows])}\n`,
    );
    return true;
  };
}
