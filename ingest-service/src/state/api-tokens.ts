import { randomUUID } from "node:crypto";
import type { FailureBackoff } from "../limits/failure-backoff.js";
import { hashToken, newSecret } from "./credentials.js";
import type { SqlExecutor } from "./sql-client.js";

export const ROLES = ["integrator", "enterprise", "bureau", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the role and, for integrator and enterprise tokens, the one enterprise in scope. */
export interface Principal {
  tokenId: string;
  role: Role;
  ent: string | null;
  name: string;
}

/** Bearer tokens for the API, stored hashed; the secret is shown once, at creation. */
export class ApiTokens {
  /** `failuresByAddress`: the back-off api/auth.ts applies to addresses presenting wrong tokens. */
  constructor(
    private readonly sql: SqlExecutor,
    readonly failuresByAddress?: FailureBackoff,
  ) {}

  async create(input: { role: Role; ent: string | null; name: string }, now = Date.now()) {
    const token = newSecret("ort");
    const id = randomUUID();
    await this.sql.query(
      "INSERT INTO api_tokens (id, token_hash, role, ent, name, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      [id, hashToken(token), input.role, input.ent, input.name, now],
    );
    return { id, token, ...input };
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    const rows = await this.sql.query<Principal>(
      `SELECT id AS "tokenId", role, ent, name FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hashToken(token)],
    );
    return rows[0];
  }
}
