import { createPublicKey } from "node:crypto";
import type { BirthDevice } from "@onramp/contract";
import type { SqlExecutor } from "../state/sql-client.js";
import { UNKNOWN_PROFILE } from "../store/telemetry-store.js";
import type { GatewayKey } from "./verify-frame.js";

export interface GatewayEntry extends GatewayKey {
  ent: string;
  gw: string;
  /** Device id → profile ref, for the `profile` tag of the points. */
  profiles: Map<string, string>;
}

interface Cached {
  entry: GatewayEntry | undefined;
  loadedAt: number;
}

/**
 * Gateway keys and device profiles for the hot path, read from SQL and cached for `ttlMs`. The
 * TTL bounds how long another instance may accept frames of a gateway revoked elsewhere; this
 * instance invalidates at once. Unknown gateways are cached too, so a flood of frames on invented
 * topics costs one query per id per TTL, and the cache is bounded.
 */
export class GatewayDirectory {
  private readonly cache = new Map<string, Cached>();
  private readonly loading = new Map<string, Promise<GatewayEntry | undefined>>();

  constructor(
    private readonly sql: SqlExecutor,
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 20_000,
  ) {}

  async get(ent: string, gw: string, now = Date.now()): Promise<GatewayEntry | undefined> {
    const key = `${ent}/${gw}`;
    const cached = this.cache.get(key);
    if (cached !== undefined && now - cached.loadedAt < this.ttlMs) return cached.entry;
    let pending = this.loading.get(key);
    if (pending === undefined) {
      pending = this.load(ent, gw).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    const entry = await pending;
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    // A birth applied while loading must survive the reload: keep the newer profiles.
    if (entry !== undefined && cached?.entry !== undefined) {
      for (const [dev, profile] of cached.entry.profiles)
        if (!entry.profiles.has(dev)) entry.profiles.set(dev, profile);
    }
    this.cache.set(key, { entry, loadedAt: now });
    return entry;
  }

  invalidate(ent: string, gw: string): void {
    this.cache.delete(`${ent}/${gw}`);
  }

  /** Called when a birth is verified, before it is committed: its data frames may share the batch. */
  applyBirth(entry: GatewayEntry, devices: readonly BirthDevice[]): void {
    for (const device of devices) entry.profiles.set(device.id, device.profile);
  }

  profileOf(entry: GatewayEntry, dev: string): string {
    return entry.profiles.get(dev) ?? UNKNOWN_PROFILE;
  }

  private async load(ent: string, gw: string): Promise<GatewayEntry | undefined> {
    const [row] = await this.sql.query<{ kid: string; publicJwk: object; revokedAt: number | null }>(
      // A Sparkplug B gateway has no key: a signed frame claiming its id is from an unknown gateway.
      `SELECT kid, public_jwk AS "publicJwk", revoked_at AS "revokedAt" FROM gateways
       WHERE ent = $1 AND id = $2 AND source = 'onramp-agent'`,
      [ent, gw],
    );
    if (row === undefined) return undefined;
    const devices = await this.sql.query<{ id: string; profile: string }>(
      "SELECT id, profile FROM devices WHERE ent = $1 AND gw = $2",
      [ent, gw],
    );
    const jwk = typeof row.publicJwk === "string" ? JSON.parse(row.publicJwk) : row.publicJwk;
    return {
      ent,
      gw,
      kid: row.kid,
      publicKey: createPublicKey({ key: jwk, format: "jwk" }),
      isRevoked: row.revokedAt !== null,
      profiles: new Map(devices.map((d) => [d.id, d.profile])),
    };
  }
}
