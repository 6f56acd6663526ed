import type { Ed25519PublicJwk } from "@onramp/contract";
import type { SqlExecutor } from "./sql-client.js";

export interface Enterprise {
  id: string;
  name: string;
  createdAt: number;
}

export interface Gateway {
  ent: string;
  id: string;
  kid: string;
  publicJwk: Ed25519PublicJwk;
  mqttUsername: string;
  status: "enrolled" | "online" | "offline";
  enrolledAt: number;
  revokedAt: number | null;
  lastSession: string | null;
  lastBirthAt: number | null;
  agentVersion: string | null;
  /** `onramp-agent` (signed frames) or `sparkplug-b` (an existing Sparkplug B gateway, unsigned; issue 20). */
  source: "onramp-agent" | "sparkplug-b";
}

export interface Device {
  ent: string;
  gw: string;
  id: string;
  profile: string;
  class: string;
  mapping: string | null;
  fingerprint: string | null;
  identitySource: string | null;
  /** SHA-256 of the OPC UA server certificate the birth announced; checks challenge device proofs. */
  certificateSha256: string | null;
  keyProcess: boolean;
  cnc: boolean;
  declaredBy: string | null;
  declaredAt: number | null;
  heartbeatMs: number | null;
  expectedSamplesPerHour: number | null;
  firstBirthAt: number;
  lastBirthAt: number;
}

/** Equipment declared by the enterprise (issue 14): it counts whether or not a gateway announces it. */
export interface DeclaredEquipment {
  ent: string;
  id: string;
  name: string;
  class: string;
  keyProcess: boolean;
  declaredDigital: boolean;
  declaredNetworked: boolean;
  declaredCnc: boolean;
  declaredBy: string;
  declaredAt: number;
  registeredAt: number;
  retiredAt: number | null;
}

export type EquipmentDeclaration = Pick<
  DeclaredEquipment,
  "name" | "class" | "keyProcess" | "declaredDigital" | "declaredNetworked" | "declaredCnc"
>;

const EQUIPMENT_COLUMNS = `ent, id, name, class, key_process AS "keyProcess", declared_digital AS "declaredDigital",
  declared_networked AS "declaredNetworked", declared_cnc AS "declaredCnc", declared_by AS "declaredBy",
  declared_at AS "declaredAt", registered_at AS "registeredAt", retired_at AS "retiredAt"`;

const GATEWAY_COLUMNS = `ent, id, kid, public_jwk AS "publicJwk", mqtt_username AS "mqttUsername", status,
  enrolled_at AS "enrolledAt", revoked_at AS "revokedAt", last_session AS "lastSession",
  last_birth_at AS "lastBirthAt", agent_version AS "agentVersion", source`;

const DEVICE_COLUMNS = `ent, gw, id, profile, class, mapping, fingerprint, identity_source AS "identitySource",
  certificate_sha256 AS "certificateSha256", key_process AS "keyProcess", cnc, declared_by AS "declaredBy", declared_at AS "declaredAt",
  heartbeat_ms AS "heartbeatMs", expected_samples_per_hour AS "expectedSamplesPerHour",
  first_birth_at AS "firstBirthAt", last_birth_at AS "lastBirthAt"`;

/** The registry: enterprises, gateways and devices. Scope checks are the API's job, not this one's. */
export class Registry {
  constructor(private readonly sql: SqlExecutor) {}

  async createEnterprise(id: string, name: string, now = Date.now()): Promise<Enterprise | undefined> {
    const rows = await this.sql.query<Enterprise>(
      `INSERT INTO enterprises (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING
       RETURNING id, name, created_at AS "createdAt"`,
      [id, name, now],
    );
    return rows[0];
  }

  async listEnterprises(only?: string): Promise<Enterprise[]> {
    return this.sql.query<Enterprise>(
      `SELECT id, name, created_at AS "createdAt" FROM enterprises WHERE $1::text IS NULL OR id = $1 ORDER BY id`,
      [only ?? null],
    );
  }

  async getGatewayByUsername(username: string): Promise<(Gateway & { passwordHash: string }) | undefined> {
    const rows = await this.sql.query<Gateway & { passwordHash: string }>(
      `SELECT ${GATEWAY_COLUMNS}, password_hash AS "passwordHash" FROM gateways WHERE mqtt_username = $1`,
      [username],
    );
    return rows[0];
  }

  async listGateways(ent: string): Promise<Gateway[]> {
    return this.sql.query<Gateway>(`SELECT ${GATEWAY_COLUMNS} FROM gateways WHERE ent = $1 ORDER BY id`, [
      ent,
    ]);
  }

  async revokeGateway(ent: string, id: string, now = Date.now()): Promise<Gateway | undefined> {
    const rows = await this.sql.query<Gateway>(
      `UPDATE gateways SET revoked_at = COALESCE(revoked_at, $3) WHERE ent = $1 AND id = $2
       RETURNING ${GATEWAY_COLUMNS}`,
      [ent, id, now],
    );
    return rows[0];
  }

  async listDevices(ent: string, gw?: string): Promise<Device[]> {
    return this.sql.query<Device>(
      `SELECT ${DEVICE_COLUMNS} FROM devices WHERE ent = $1 AND ($2::text IS NULL OR gw = $2) ORDER BY gw, id`,
      [ent, gw ?? null],
    );
  }

  async declareDevice(
    key: { ent: string; gw: string; id: string },
    flags: { keyProcess?: boolean | undefined; cnc?: boolean | undefined },
    declaredBy: string,
    now = Date.now(),
  ): Promise<Device | undefined> {
    const rows = await this.sql.query<Device>(
      `UPDATE devices SET key_process = COALESCE($4, key_process), cnc = COALESCE($5, cnc),
         declared_by = $6, declared_at = $7
       WHERE ent = $1 AND gw = $2 AND id = $3 RETURNING ${DEVICE_COLUMNS}`,
      [key.ent, key.gw, key.id, flags.keyProcess ?? null, flags.cnc ?? null, declaredBy, now],
    );
    return rows[0];
  }

  /**
   * Declares (or re-declares) one piece of equipment of an enterprise. The key-process and CNC
   * flags also go to the devices a gateway already announced under that id, so the two stay one
   * declaration. `created` says whether this was the first declaration.
   */
  async declareEquipment(
    key: { ent: string; id: string },
    declaration: EquipmentDeclaration,
    declaredBy: string,
    now = Date.now(),
  ): Promise<{ equipment: DeclaredEquipment; created: boolean }> {
    const d = declaration;
    const rows = await this.sql.query<DeclaredEquipment & { created: boolean }>(
      `INSERT INTO declared_equipment AS e (ent, id, name, class, key_process, declared_digital, declared_networked,
         declared_cnc, declared_by, declared_at, registered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       ON CONFLICT (ent, id) DO UPDATE SET name = excluded.name, class = excluded.class,
         key_process = excluded.key_process, declared_digital = excluded.declared_digital,
         declared_networked = excluded.declared_networked, declared_cnc = excluded.declared_cnc,
         declared_by = excluded.declared_by, declared_at = excluded.declared_at, retired_at = NULL
       RETURNING ${EQUIPMENT_COLUMNS}, (xmax = 0) AS created`,
      [
        key.ent,
        key.id,
        d.name,
        d.class,
        d.keyProcess,
        d.declaredDigital,
        d.declaredNetworked,
        d.declaredCnc,
        declaredBy,
        now,
      ],
    );
    await this.sql.query(
      `UPDATE devices SET key_process = $3, cnc = $4, declared_by = $5, declared_at = $6 WHERE ent = $1 AND id = $2`,
      [key.ent, key.id, d.keyProcess, d.declaredCnc, declaredBy, now],
    );
    const { created, ...equipment } = rows[0] as DeclaredEquipment & { created: boolean };
    return { equipment, created };
  }

  /** Marks declared equipment as retired (scrapped, sold): judged only up to then. */
  async retireEquipment(
    key: { ent: string; id: string },
    now = Date.now(),
  ): Promise<DeclaredEquipment | undefined> {
    const rows = await this.sql.query<DeclaredEquipment>(
      `UPDATE declared_equipment SET retired_at = COALESCE(retired_at, $3) WHERE ent = $1 AND id = $2
       RETURNING ${EQUIPMENT_COLUMNS}`,
      [key.ent, key.id, now],
    );
    return rows[0];
  }

  async listDeclaredEquipment(ent: string): Promise<DeclaredEquipment[]> {
    return this.sql.query<DeclaredEquipment>(
      `SELECT ${EQUIPMENT_COLUMNS} FROM declared_equipment WHERE ent = $1 ORDER BY id`,
      [ent],
    );
  }
}
