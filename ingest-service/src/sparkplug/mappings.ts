import { createHash } from "node:crypto";
import type { SqlExecutor } from "../state/sql-client.js";

/** An edge node mapped to an Onramp gateway of an enterprise. */
export interface EdgeMapping {
  group: string;
  edge: string;
  ent: string;
  gw: string;
  registeredBy: string;
  registeredAt: number;
}

/** A Sparkplug device of an edge node mapped to an Onramp device with a profile. */
export interface DeviceMapping {
  ent: string;
  gw: string;
  spDevice: string;
  dev: string;
  profile: string;
  registeredBy: string;
  registeredAt: number;
}

export const SPARKPLUG_SOURCE = "sparkplug-b";

/** The placeholder kid and MQTT username of a Sparkplug gateway row (migration 007 says why). */
export const placeholderOf = (group: string, edge: string) => `sparkplug:${group}/${edge}`;

/** Not a scrypt hash: `verifyPassword` refuses every password against it. */
const NO_LOGIN = "none:sparkplug-b";

const EDGE_COLUMNS = `grp AS "group", edge, ent, gw, registered_by AS "registeredBy", registered_at AS "registeredAt"`;
const DEVICE_COLUMNS = `ent, gw, sp_device AS "spDevice", dev, profile, registered_by AS "registeredBy", registered_at AS "registeredAt"`;

/** SQL for the two mapping tables (migration 007_sparkplug_sources). */
export class SparkplugMappings {
  constructor(private readonly sql: SqlExecutor & { transaction?: unknown }) {}

  /**
   * Registers group/edge → ent/gw, creating the gateway row (source `sparkplug-b`). Returns
   * `conflict` when the edge is mapped elsewhere or the gateway id is taken by an enrolled agent.
   */
  async mapEdge(
    m: Omit<EdgeMapping, "registeredAt">,
    now: number,
  ): Promise<{ ok: true; mapping: EdgeMapping; created: boolean } | { ok: false; reason: string }> {
    const [existing] = await this.sql.query<{ ent: string; id: string; source: string }>(
      "SELECT ent, id, source FROM gateways WHERE ent = $1 AND id = $2",
      [m.ent, m.gw],
    );
    if (existing !== undefined && existing.source !== SPARKPLUG_SOURCE)
      return { ok: false, reason: `gateway ${m.ent}/${m.gw} is an enrolled Onramp agent` };
    const [edgeRow] = await this.sql.query<EdgeMapping>(
      `SELECT ${EDGE_COLUMNS} FROM sparkplug_edges WHERE grp = $1 AND edge = $2`,
      [m.group, m.edge],
    );
    if (edgeRow !== undefined) {
      if (edgeRow.ent === m.ent && edgeRow.gw === m.gw) return { ok: true, mapping: edgeRow, created: false };
      return {
        ok: false,
        reason: `edge node ${m.group}/${m.edge} is mapped to ${edgeRow.ent}/${edgeRow.gw}`,
      };
    }
    const [gwEdge] = await this.sql.query<EdgeMapping>(
      `SELECT ${EDGE_COLUMNS} FROM sparkplug_edges WHERE ent = $1 AND gw = $2`,
      [m.ent, m.gw],
    );
    if (gwEdge !== undefined)
      return {
        ok: false,
        reason: `gateway ${m.ent}/${m.gw} already maps edge node ${gwEdge.group}/${gwEdge.edge}`,
      };
    const placeholder = placeholderOf(m.group, m.edge);
    if (existing === undefined) {
      await this.sql.query(
        `INSERT INTO gateways (ent, id, kid, public_jwk, mqtt_username, password_hash, enrolled_at, source)
         VALUES ($1, $2, $3, '{}'::jsonb, $3, $4, $5, 'sparkplug-b')`,
        [m.ent, m.gw, placeholder, NO_LOGIN, now],
      );
    }
    const [row] = await this.sql.query<EdgeMapping>(
      `INSERT INTO sparkplug_edges (grp, edge, ent, gw, registered_by, registered_at) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${EDGE_COLUMNS}`,
      [m.group, m.edge, m.ent, m.gw, m.registeredBy, now],
    );
    return { ok: true, mapping: row as EdgeMapping, created: true };
  }

  async mapDevice(m: Omit<DeviceMapping, "registeredAt">, now: number): Promise<DeviceMapping> {
    const [row] = await this.sql.query<DeviceMapping>(
      `INSERT INTO sparkplug_devices (ent, gw, sp_device, dev, profile, registered_by, registered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (ent, gw, sp_device) DO UPDATE SET dev = excluded.dev, profile = excluded.profile,
         registered_by = excluded.registered_by, registered_at = excluded.registered_at
       RETURNING ${DEVICE_COLUMNS}`,
      [m.ent, m.gw, m.spDevice, m.dev, m.profile, m.registeredBy, now],
    );
    return row as DeviceMapping;
  }

  async edgesOf(ent: string | null): Promise<EdgeMapping[]> {
    return this.sql.query<EdgeMapping>(
      `SELECT ${EDGE_COLUMNS} FROM sparkplug_edges WHERE $1::text IS NULL OR ent = $1 ORDER BY ent, gw`,
      [ent],
    );
  }

  async edge(group: string, edge: string): Promise<EdgeMapping | undefined> {
    const [row] = await this.sql.query<EdgeMapping>(
      `SELECT ${EDGE_COLUMNS} FROM sparkplug_edges WHERE grp = $1 AND edge = $2`,
      [group, edge],
    );
    return row;
  }

  async devicesOf(ent: string, gw: string): Promise<DeviceMapping[]> {
    return this.sql.query<DeviceMapping>(
      `SELECT ${DEVICE_COLUMNS} FROM sparkplug_devices WHERE ent = $1 AND gw = $2 ORDER BY sp_device`,
      [ent, gw],
    );
  }
}

/** The `mapping` digest a synthesised birth announces: a remapping leaves a trace (INDICATORS §5). */
export function mappingDigest(group: string, edge: string, m: DeviceMapping): string {
  const text = JSON.stringify({
    sparkplug: `${group}/${edge}/${m.spDevice}`,
    dev: m.dev,
    profile: m.profile,
  });
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}
