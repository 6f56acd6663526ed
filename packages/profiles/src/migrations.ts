import { PROFILE_SCHEMA_VERSION } from "./schema/profile.js";

/** The first profile format; files older than this never existed. */
export const FIRST_SCHEMA_VERSION = 1;

/**
 * One step of the profile format, from `from` to `from + 1` (Zigbee2MQTT's settings-migration
 * habit): it rewrites the plain data read from YAML before validation, so old files keep loading
 * after the format changes and nobody has to edit the library by hand. A migration returns a new
 * object with `schemaVersion: from + 1`.
 */
export interface Migration {
  readonly from: number;
  /** Why the format changed: shown in the changelog and in tests. */
  readonly why: string;
  migrate(profile: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/** Ordered: `MIGRATIONS[i].from === FIRST_SCHEMA_VERSION + i`. Empty while version 1 is current. */
export const MIGRATIONS: readonly Migration[] = [];

export type MigrationResult =
  | { readonly ok: true; readonly value: unknown; readonly fromVersion: number | undefined }
  | { readonly ok: false; readonly message: string };

/**
 * Brings parsed profile data to the current `schemaVersion`. Data that is not a mapping passes
 * through untouched, for the schema to report.
 */
export function migrateProfile(
  data: unknown,
  migrations: readonly Migration[] = MIGRATIONS,
  current: number = PROFILE_SCHEMA_VERSION,
): MigrationResult {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { ok: true, value: data, fromVersion: undefined };
  }
  const version: unknown = (data as Record<string, unknown>).schemaVersion;
  if (version === undefined) {
    return { ok: false, message: `schemaVersion is missing: add \`schemaVersion: ${current}\` at the top` };
  }
  if (typeof version !== "number" || !Number.isInteger(version)) {
    return { ok: false, message: `schemaVersion must be a whole number (this engine reads ${current})` };
  }
  if (version > current) {
    return {
      ok: false,
      message: `schemaVersion ${version} is newer than this engine understands (${current}): upgrade Onramp`,
    };
  }
  if (version < FIRST_SCHEMA_VERSION) {
    return {
      ok: false,
      message: `schemaVersion ${version} is not a profile format (formats are ${FIRST_SCHEMA_VERSION}..${current})`,
    };
  }
  let value = data as Readonly<Record<string, unknown>>;
  for (let v = version; v < current; v++) {
    const step = migrations.find((m) => m.from === v);
    // The registry test guarantees a complete chain; a gap here is a bug in this package.
    if (step === undefined) throw new Error(`no migration from schemaVersion ${v}`);
    value = step.migrate(value);
  }
  return { ok: true, value, fromVersion: version };
}
