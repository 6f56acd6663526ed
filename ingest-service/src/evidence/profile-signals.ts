import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { loadProfileFile } from "@onramp/profiles";
import type { SignalSpec } from "../indicators/index.js";

/** Signal specs by profile reference (`vendor/model@version`), as births name profiles. */
export type ProfileSignals = (profileRef: string) => SignalSpec[] | undefined;

/**
 * Loads the role, heartbeat, plausible range and deadband of every signal of every profile in the library
 * (INDICATORS §2.5 heartbeats, §5 ranges and liveness slack). Without a library, devices have no signal specs: they
 * are judged as declared only, and the report says their completeness cannot be computed.
 */
export async function loadProfileSignals(dir: string | undefined): Promise<ProfileSignals> {
  const byRef = new Map<string, SignalSpec[]>();
  if (dir !== undefined) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith(".yaml") || entry.name.endsWith(".fixtures.yaml")) continue;
      const loaded = await loadProfileFile(join(entry.parentPath, entry.name));
      if (!loaded.ok) continue; // the catalog logs these already (profiles/catalog.ts)
      const { profile } = loaded;
      byRef.set(
        `${profile.id}@${profile.version}`,
        profile.signals.map((s) => ({
          id: s.id,
          role: s.role,
          heartbeatMs: s.heartbeatMs ?? profile.defaults.heartbeatMs,
          ...(s.range === undefined ? {} : { range: s.range }),
          ...(s.deadband === undefined ? {} : { deadband: s.deadband }),
          ...(s.unit === undefined ? {} : { unit: s.unit }),
        })),
      );
    }
  }
  return (ref) => byRef.get(ref);
}
