// The profiles the forged devices claim, read from the library the ingest serves (so every signal
// the ingest expects is sent: completeness counts each signal against its heartbeat).
import { join } from "node:path";
import { loadProfileFile, type Signal } from "@onramp/profiles";

export const PROFILE_DIR = join(import.meta.dirname, "../../../device-profiles");

export interface ClaimedProfile {
  /** `id@version`, as a birth announces it. */
  readonly ref: string;
  readonly class: string;
  readonly signals: readonly Signal[];
}

const cache = new Map<string, ClaimedProfile>();

export async function claimedProfile(file: string): Promise<ClaimedProfile> {
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  const result = await loadProfileFile(join(PROFILE_DIR, file));
  if (!result.ok) throw new Error(`profile ${file}: ${result.errors.map((e) => e.message).join("; ")}`);
  const { profile } = result;
  const claimed = { ref: `${profile.id}@${profile.version}`, class: profile.class, signals: profile.signals };
  cache.set(file, claimed);
  return claimed;
}

export const CNC_PROFILE = "cnc_machine_tool/cnc-modbus-template.yaml";
export const METER_PROFILE = "energy_meter/schneider-pm5300.yaml";
