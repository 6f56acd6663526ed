import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { loadProfileFile, type Profile } from "@onramp/profiles";
import type { Logger } from "pino";
import type { ProfileCatalog, ProfileExpectation } from "../state/accounting.js";

const HOUR_MS = 3_600_000;

/**
 * What a profile promises: every signal reports at least once per heartbeat (report-by-exception
 * with heartbeat, DESIGN §5), so an hour holds at least Σ 3600 s / heartbeat samples. The
 * device's heartbeat for presence is its most frequent one: some frame must come that often.
 */
export function expectationOf(profile: Profile): ProfileExpectation {
  let expected = 0;
  let heartbeatMs = Number.POSITIVE_INFINITY;
  for (const signal of profile.signals) {
    const hb = signal.heartbeatMs ?? profile.defaults.heartbeatMs;
    expected += HOUR_MS / hb;
    heartbeatMs = Math.min(heartbeatMs, hb);
  }
  return { heartbeatMs, expectedSamplesPerHour: expected };
}

/**
 * Loads every profile of a library directory (device-profiles/<class>/<name>.yaml) into a catalog
 * keyed `vendor/model@version`, the reference births carry. Files that fail to load are logged
 * and skipped: the ledger then has no expectation for those devices, nothing else breaks.
 */
export async function loadProfileCatalog(dir: string | undefined, log: Logger): Promise<ProfileCatalog> {
  const byRef = new Map<string, ProfileExpectation>();
  if (dir !== undefined) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith(".yaml") || entry.name.endsWith(".fixtures.yaml")) continue;
      const path = join(entry.parentPath, entry.name);
      const loaded = await loadProfileFile(path);
      if (!loaded.ok) {
        log.warn({ file: path, code: loaded.errors[0]?.code }, "device profile skipped: it does not load");
        continue;
      }
      byRef.set(`${loaded.profile.id}@${loaded.profile.version}`, expectationOf(loaded.profile));
    }
    log.info({ dir, profiles: byRef.size }, "device profile library loaded");
  }
  return (ref) => byRef.get(ref);
}
