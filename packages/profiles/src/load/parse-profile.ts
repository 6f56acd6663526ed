import { migrateProfile } from "../migrations.js";
import { Profile } from "../schema/profile.js";
import type { DocumentLocator } from "./locate.js";
import { parseYaml, validateAt } from "./parse-yaml.js";
import type { ProfileError } from "./profile-error.js";
import { readTextFile } from "./read-text-file.js";

export type ProfileResult =
  | {
      readonly ok: true;
      readonly profile: Profile;
      /** Finds a path of this profile in its file: for errors found after loading (fixture coverage). */
      readonly locator: DocumentLocator;
    }
  | { readonly ok: false; readonly errors: ProfileError[] };

/**
 * Parses and validates a profile. `file` is the name errors carry (the library tests pass the
 * repo-relative path, so a message points straight at the file to edit).
 */
export function parseProfile(text: string, file: string): ProfileResult {
  const parsed = parseYaml(text, file, "ONRAMP_PROFILE_INVALID");
  if (!parsed.ok) return parsed;
  const { locator } = parsed;
  const migrated = migrateProfile(parsed.value);
  if (!migrated.ok) {
    const { line, column } = locator.position(["schemaVersion"]);
    const error: ProfileError = {
      code: "ONRAMP_PROFILE_SCHEMA_VERSION",
      file,
      line,
      column,
      path: "schemaVersion",
      message: migrated.message,
    };
    return { ok: false, errors: [error] };
  }
  const checked = validateAt(Profile, migrated.value, locator, "ONRAMP_PROFILE_INVALID");
  return checked.ok ? { ok: true, profile: checked.value, locator } : checked;
}

/** Reads and parses a profile file; `options.file` overrides the name errors carry (default: `path`). */
export async function loadProfileFile(path: string, options: { file?: string } = {}): Promise<ProfileResult> {
  const file = options.file ?? path;
  const read = await readTextFile(path, file);
  return read.ok ? parseProfile(read.text, file) : read;
}
