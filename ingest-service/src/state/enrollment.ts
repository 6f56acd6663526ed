import type { Ed25519PublicJwk } from "@onramp/contract";
import { IngestError } from "../errors.js";
import type { ConcurrencyGate } from "../limits/concurrency-gate.js";
import { hashPassword, hashToken, newSecret } from "./credentials.js";
import { chunked, type SqlClient, type SqlExecutor, valuesList } from "./sql-client.js";

export interface EnrollmentTokenInfo {
  ent: string;
  gatewayId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  createdBy: string;
}

export interface EnrollResult {
  ent: string;
  gatewayId: string;
  kid: string;
  mqtt: { username: string; password: string; clientId: string };
  /** How many nameplate serials this enrollment confirmed (they replace the gateway's earlier ones). */
  nameplatesConfirmed: number;
}

/** A device's rating-plate serial sent with the enrollment, and the fingerprint derived from it. */
export interface NameplateClaim {
  device: string;
  serial: string;
  fingerprint: string;
}

/** Single-use, expiring enrollment tokens, and the enrollment that consumes them. */
export class Enrollment {
  /** `passwordChecks` bounds concurrent scrypt work (limits/concurrency-gate.ts). */
  constructor(
    private readonly sql: SqlClient,
    private readonly passwordChecks?: ConcurrencyGate,
  ) {}

  async createToken(
    input: { ent: string; gatewayId: string; ttlMs: number; createdBy: string },
    now = Date.now(),
  ) {
    const token = newSecret("oet");
    const expiresAt = now + input.ttlMs;
    await this.sql.query(
      `INSERT INTO enrollment_tokens (token_hash, ent, gateway_id, created_at, expires_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [hashToken(token), input.ent, input.gatewayId, now, expiresAt, input.createdBy],
    );
    return { token, ent: input.ent, gatewayId: input.gatewayId, expiresAt };
  }

  /** The nameplate serials the enrollments of an enterprise's gateways confirmed. */
  async listNameplates(ent: string): Promise<(NameplateClaim & { gateway: string; confirmedAt: number })[]> {
    return this.sql.query(
      `SELECT dev AS device, gw AS gateway, serial, fingerprint, confirmed_at AS "confirmedAt"
       FROM nameplate_confirmations WHERE ent = $1 ORDER BY dev, gw`,
      [ent],
    );
  }

  async listTokens(ent: string): Promise<EnrollmentTokenInfo[]> {
    return this.sql.query<EnrollmentTokenInfo>(
      `SELECT ent, gateway_id AS "gatewayId", created_at AS "createdAt", expires_at AS "expiresAt",
         used_at AS "usedAt", created_by AS "createdBy" FROM enrollment_tokens WHERE ent = $1 ORDER BY created_at`,
      [ent],
    );
  }

  /**
   * Consumes the token and enrolls the key in one transaction. The token is looked up first (one
   * SHA-256 and an indexed SELECT), and only a live token pays for hashing the new MQTT password
   * (scrypt, ≈ 60 ms of a pool thread): invented tokens cost the service next to nothing (issue
   * 17). The conditional UPDATE is still what makes a token single-use under concurrency: two
   * requests racing with one token cannot both match `used_at IS NULL`. Enrolling an existing,
   * unrevoked gateway rotates its key and password.
   */
  async enroll(
    token: string,
    jwk: Ed25519PublicJwk,
    nameplates: readonly NameplateClaim[] = [],
    now = Date.now(),
  ): Promise<EnrollResult> {
    const hash = hashToken(token);
    await this.checkToken(hash, now);
    const password = newSecret("omp");
    const passwordHash = await (this.passwordChecks?.run(() => hashPassword(password)) ??
      hashPassword(password));
    return this.sql.transaction(async (tx) => {
      const consumed = await tx.query<{ ent: string; gatewayId: string }>(
        `UPDATE enrollment_tokens SET used_at = $2
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
         RETURNING ent, gateway_id AS "gatewayId"`,
        [hash, now],
      );
      const row = consumed[0];
      // Spent or expired while the password was hashed: the same verdict as before it.
      if (row === undefined) await this.checkToken(hash, now, tx);
      if (row === undefined) throw new IngestError("ONRAMP_ENROLL_TOKEN_INVALID");
      const username = `${row.ent}/${row.gatewayId}`;
      const [clash] = await tx.query<{ ent: string; id: string }>(
        "SELECT ent, id FROM gateways WHERE kid = $1",
        [jwk.kid],
      );
      if (clash !== undefined && !(clash.ent === row.ent && clash.id === row.gatewayId)) {
        throw new IngestError(
          "ONRAMP_ENROLL_KEY_INVALID",
          "this public key is already enrolled for another gateway",
        );
      }
      const [existing] = await tx.query<{ revokedAt: number | null }>(
        `SELECT revoked_at AS "revokedAt" FROM gateways WHERE ent = $1 AND id = $2 FOR UPDATE`,
        [row.ent, row.gatewayId],
      );
      if (existing?.revokedAt != null) throw new IngestError("ONRAMP_GATEWAY_REVOKED");
      await tx.query(
        `INSERT INTO gateways (ent, id, kid, public_jwk, mqtt_username, password_hash, enrolled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (ent, id) DO UPDATE SET kid = excluded.kid, public_jwk = excluded.public_jwk,
           password_hash = excluded.password_hash, enrolled_at = excluded.enrolled_at`,
        [row.ent, row.gatewayId, jwk.kid, JSON.stringify(jwk), username, passwordHash, now],
      );
      // The integrator's one-time token is what vouches for these serials: a re-enrollment (a new
      // token) replaces the gateway's confirmations, so a serial changed since is confirmed anew
      // only by whoever holds a new token.
      await tx.query("DELETE FROM nameplate_confirmations WHERE ent = $1 AND gw = $2", [
        row.ent,
        row.gatewayId,
      ]);
      for (const batch of chunked(nameplates, 500)) {
        const { sql, params } = valuesList(
          batch.map((n) => [row.ent, row.gatewayId, n.device, n.serial, n.fingerprint, now]),
        );
        await tx.query(
          `INSERT INTO nameplate_confirmations (ent, gw, dev, serial, fingerprint, confirmed_at) VALUES ${sql}`,
          params,
        );
      }
      return {
        ent: row.ent,
        gatewayId: row.gatewayId,
        kid: jwk.kid,
        mqtt: { username, password, clientId: username },
        nameplatesConfirmed: nameplates.length,
      };
    });
  }

  /** Throws the reason a token cannot be used now: unknown, used or expired. */
  private async checkToken(hash: string, now: number, sql: SqlExecutor = this.sql): Promise<void> {
    const [known] = await sql.query<{ usedAt: number | null; expiresAt: number }>(
      `SELECT used_at AS "usedAt", expires_at AS "expiresAt" FROM enrollment_tokens WHERE token_hash = $1`,
      [hash],
    );
    if (known === undefined) throw new IngestError("ONRAMP_ENROLL_TOKEN_INVALID");
    if (known.usedAt !== null) throw new IngestError("ONRAMP_ENROLL_TOKEN_USED");
    if (Number(known.expiresAt) <= now) throw new IngestError("ONRAMP_ENROLL_TOKEN_EXPIRED");
  }
}
