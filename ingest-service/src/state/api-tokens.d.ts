import type { FailureBackoff } from "../limits/failure-backoff.js";
import type { SqlExecutor } from "./sql-client.js";
export declare const ROLES: readonly ["integrator", "enterprise", "bureau", "admin"];
export type Role = (typeof ROLES)[number];
/** Who is calling: the role and, for integrator and enterprise tokens, the one enterprise in scope. */
export interface Principal {
    tokenId: string;
    role: Role;
    ent: string | null;
    name: string;
}
/** Bearer tokens for the API, stored hashed; the secret is shown once, at creation. */
export declare class ApiTokens {
    private readonly sql;
    readonly failuresByAddress?: FailureBackoff | undefined;
    /** `failuresByAddress`: the back-off api/auth.ts applies to addresses presenting wrong tokens. */
    constructor(sql: SqlExecutor, failuresByAddress?: FailureBackoff | undefined);
    create(input: {
        role: Role;
        ent: string | null;
        name: string;
    }, now?: number): Promise<{
        role: Role;
        ent: string | null;
        name: string;
        id: `${string}-${string}-${string}-${string}-${string}`;
        token: string;
    }>;
    authenticate(token: string): Promise<Principal | undefined>;
}
