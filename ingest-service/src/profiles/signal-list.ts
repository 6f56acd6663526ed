import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { loadProfileFile } from "@onramp/profiles";

/** What the device page lists for a signal, from the device's profile. */
export interface SignalListEntry {
  readonly id: string;
  /** The profile's human name for it (the vendor document's), when it gives one. */
  readonly name: string | null;
  readonly role: string;
  readonly unit: string | null;
  readonly type: string;
}

/** Signal lists by profile reference (`vendor/model@version`), as births name profiles. */
export type ProfileSignalList = (profileRef: string) => readonly SignalListEntry[] | undefined;

/**
 * Loads id, name, role, unit and type of every signal of every profile in the library, for the
 * device page to list a device's signals to pick from. Files that do not load are skipped (the
 * catalog logs them, profiles/catalog.ts); without a library every lookup is undefined.
 */
export async function loadProfileSignalList(dir: string | undefined): Promise<ProfileSignalList> {
  const byRef = new Map<string, SignalListEntry[]>();
  if (dir !== undefined) {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith(".yaml") || entry.name.endsWith(".fixtures.yaml")) continue;
      const loaded = await loadProfileFile(join(entry.parentPath, entry.name));
      if (!loaded.ok) continue;
      const { profile } = loaded;
      byRef.set(
        `${profile.id}@${profile.version}`,
        profile.signals.map((s) => ({
          id: s.id,
          name: s.name ?? null,
          role: s.role,
          unit: s.unit ?? null,
          type: s.type,
        })),
      );
    }
  }
  return (ref) => byRef.get(ref);
}
