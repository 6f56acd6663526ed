import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { type DeviceClass, loadProfileFile, type SparkplugMapping } from "@onramp/profiles";
import type { Logger } from "pino";

/** What the Sparkplug source needs of one profile: its class and the metric → signal map, compiled. */
export interface SparkplugProfile {
  ref: string;
  class: DeviceClass;
  /** Metric name → signal id. */
  metrics: Map<string, string>;
  /** Template definition → member metric name → signal id. */
  templates: Map<string, Map<string, string>>;
  /** Signal id → code → label, for enum signals (a gateway may send the code or the label). */
  enums: Map<string, Record<string, string>>;
}

export type SparkplugProfiles = (ref: string) => SparkplugProfile | undefined;

/** Loads the profiles of the library that have a `sparkplug` section, keyed `vendor/model@version`. */
export async function loadSparkplugProfiles(
  dir: string | undefined,
  log: Logger,
): Promise<SparkplugProfiles> {
  const byRef = new Map<string, SparkplugProfile>();
  if (dir !== undefined) {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".yaml") || entry.name.endsWith(".fixtures.yaml")) continue;
      const loaded = await loadProfileFile(join(entry.parentPath, entry.name));
      if (!loaded.ok || loaded.profile.sparkplug === undefined) continue;
      const p = loaded.profile;
      const ref = `${p.id}@${p.version}`;
      byRef.set(ref, compile(ref, p.class, p.sparkplug as SparkplugMapping, p.signals));
    }
    log.info({ dir, profiles: byRef.size }, "profiles with a sparkplug mapping loaded");
  }
  return (ref) => byRef.get(ref);
}

function compile(
  ref: string,
  cls: DeviceClass,
  m: SparkplugMapping,
  signals: readonly { id: string; enum?: Record<string, string> | undefined }[],
): SparkplugProfile {
  const enums = new Map<string, Record<string, string>>();
  for (const s of signals) if (s.enum !== undefined) enums.set(s.id, s.enum);
  return {
    ref,
    class: cls,
    metrics: new Map(Object.entries(m.metrics)),
    templates: new Map(
      Object.entries(m.templates ?? {}).map(([t, members]) => [t, new Map(Object.entries(members))]),
    ),
    enums,
  };
}
