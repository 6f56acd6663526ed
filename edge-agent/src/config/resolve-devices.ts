import { createHash } from "node:crypto";
import { resolve } from "node:path";
import type { DocumentLocator as ConfigLocator } from "@onramp/profiles";
import {
  type CompiledProfile,
  compileProfile,
  formatProfileError,
  loadProfileFile,
  Profile,
} from "@onramp/profiles";
import type { ConfigError, PathSegment } from "./config-error.js";
import { locatedError } from "./load-config.js";
import type { DeviceConfig, DeviceOverrides } from "./schema.js";

/** A configured device with its profile loaded, overrides applied and compiled. */
export interface ResolvedDevice {
  readonly id: string;
  readonly url: string;
  readonly enabled: boolean;
  readonly profile: CompiledProfile;
  /**
   * `sha256:<hex>` over the effective profile (profile + overrides) in canonical JSON: two
   * gateways reporting the same hash map the device identically.
   */
  readonly mappingHash: string;
  /** The rating-plate serial of a device whose profile takes a nameplate identity. */
  readonly nameplateSerial?: string;
}

export type DevicesResult =
  | { readonly ok: true; readonly devices: ResolvedDevice[] }
  | { readonly ok: false; readonly errors: ConfigError[] };

/** Loads each device's profile (relative to `baseDir`); a profile loaded by several devices is read once. */
export async function resolveDevices(
  devices: readonly DeviceConfig[],
  baseDir: string,
  locator: ConfigLocator,
): Promise<DevicesResult> {
  const errors: ConfigError[] = [];
  const resolved: ResolvedDevice[] = [];
  const cache = new Map<string, ReturnType<typeof loadProfileFile>>();
  for (const [index, device] of devices.entries()) {
    const path = resolve(baseDir, device.profile);
    const loading = cache.get(path) ?? loadProfileFile(path, { file: device.profile });
    cache.set(path, loading);
    const loaded = await loading;
    if (!loaded.ok) {
      for (const e of loaded.errors) {
        errors.push(
          locatedError(
            locator,
            "ONRAMP_CONFIG_PROFILE",
            ["devices", index, "profile"],
            formatProfileError(e),
          ),
        );
      }
      continue;
    }
    const effective = applyOverrides(
      loaded.profile,
      device.overrides,
      ["devices", index, "overrides"],
      locator,
    );
    if (!effective.ok) {
      errors.push(...effective.errors);
      continue;
    }
    const isNameplate = effective.profile.identity?.method === "nameplate";
    const serial = device.identity?.nameplateSerial;
    if (isNameplate !== (serial !== undefined)) {
      // One way to state an identity: a device that can tell its own is read, never typed in.
      const message = isNameplate
        ? `profile ${effective.profile.id} takes a nameplate identity: give identity.nameplateSerial (the serial on the device's rating plate)`
        : `profile ${effective.profile.id} reads the identity from the device (${effective.profile.identity?.method ?? "no identity block"}): remove identity.nameplateSerial`;
      const at = isNameplate ? ["devices", index] : ["devices", index, "identity", "nameplateSerial"];
      errors.push(locatedError(locator, "ONRAMP_CONFIG_INVALID", at, message));
      continue;
    }
    resolved.push({
      ...(serial === undefined ? {} : { nameplateSerial: serial }),
      id: device.id,
      url: device.connection,
      enabled: device.enabled,
      profile: compileProfile(effective.profile),
      mappingHash: `sha256:${createHash("sha256").update(canonicalJson(effective.profile)).digest("hex")}`,
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, devices: resolved };
}

type Applied = { ok: true; profile: Profile } | { ok: false; errors: ConfigError[] };

/** Overrides change sampling only (intervals, heartbeat, deadband), never what a value means. */
export function applyOverrides(
  profile: Profile,
  overrides: DeviceOverrides | undefined,
  at: readonly PathSegment[],
  locator: ConfigLocator,
): Applied {
  if (overrides === undefined) return { ok: true, profile };
  const errors: ConfigError[] = [];
  const known = new Set(profile.signals.map((s) => s.id));
  for (const id of Object.keys(overrides.signals ?? {})) {
    if (!known.has(id)) {
      const message = `profile ${profile.id} has no signal "${id}"`;
      errors.push(
        locatedError(locator, "ONRAMP_CONFIG_INVALID", [...at, "signals", id], message, { key: true }),
      );
    }
  }
  const candidate = {
    ...profile,
    defaults: {
      pollIntervalMs: overrides.pollIntervalMs ?? profile.defaults.pollIntervalMs,
      heartbeatMs: overrides.heartbeatMs ?? profile.defaults.heartbeatMs,
    },
    signals: profile.signals.map((s) => ({ ...s, ...overrides.signals?.[s.id] })),
  };
  // The profile's own rules still hold (a percentOfRange deadband needs a range, …).
  const checked = Profile.safeParse(candidate);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const [first, index, ...rest] = issue.path;
      const signal = first === "signals" && typeof index === "number" ? profile.signals[index] : undefined;
      const path = signal ? [...at, "signals", signal.id, ...rest.map(String)] : [...at];
      errors.push(locatedError(locator, "ONRAMP_CONFIG_INVALID", path, issue.message));
    }
  }
  if (errors.length > 0 || !checked.success) return { ok: false, errors };
  return { ok: true, profile: checked.data };
}

/** JSON with object keys sorted, so the hash does not depend on the order keys were written in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
