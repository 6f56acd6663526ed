import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CompiledProfile,
  compileProfile,
  loadProfileFile,
  parseProfile,
  type Sample,
} from "@onramp/profiles";
import { pino } from "pino";
import type { DriverContext, DriverSink, SignalFault, StateChange } from "../../driver.js";

/** Test-only: a context with its own data dir (the agent's PKI goes there) and a silent logger (LOG_LEVEL=debug shows it). */
export async function opcuaTestContext(): Promise<DriverContext & { cleanup(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), "onramp-opcua-agent-"));
  return {
    logger: pino({ level: process.env.LOG_LEVEL ?? "silent" }),
    dataDir,
    now: Date.now,
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `onramp-${prefix}-`));
}

/** Test-only: everything a driver delivered, latest sample per signal included. */
export interface RecordingSink extends DriverSink {
  readonly samples: (device: string, samples: readonly Sample[]) => void;
  readonly all: Sample[];
  readonly latest: Map<string, Sample>;
  readonly states: StateChange[];
  readonly faultLists: (readonly SignalFault[])[];
}

export function recordingSink(): RecordingSink {
  const all: Sample[] = [];
  const latest = new Map<string, Sample>();
  const states: StateChange[] = [];
  const faultLists: (readonly SignalFault[])[] = [];
  return {
    all,
    latest,
    states,
    faultLists,
    samples(_device, samples) {
      for (const s of samples) {
        all.push(s);
        latest.set(s.signal, s);
      }
    },
    state(change) {
      states.push(change);
    },
    faults(_device, faults) {
      faultLists.push(faults);
    },
  };
}

/** Polls `probe` until it returns something other than undefined; no sleeping on a guess. */
export async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const LIBRARY = new URL("../../../../../device-profiles/", import.meta.url).pathname;

/** A profile of the library, compiled. */
export async function libraryProfile(path: string): Promise<CompiledProfile> {
  const loaded = await loadProfileFile(join(LIBRARY, path));
  if (!loaded.ok) throw new Error(`cannot load ${path}: ${loaded.errors.map((e) => e.message).join("; ")}`);
  return compileProfile(loaded.profile);
}

/** A profile written inline in a test, compiled. */
export function inlineProfile(yaml: string): CompiledProfile {
  const parsed = parseProfile(yaml, "inline.yaml");
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; "));
  return compileProfile(parsed.profile);
}
