import type { FastifyRequest } from "fastify";
import type { ApiTokens, Principal, Role } from "../state/api-tokens.js";
declare module "fastify" {
    interface FastifyRequest {
        principal?: Principal;
    }
}
/**
 * Resolves the bearer token to a principal, or throws ONRAMP_AUTH_MISSING. An address that keeps
 * presenting wrong tokens is refused with ONRAMP_RATE_LIMITED, before the token is looked up.
 */
export declare function authenticate(request: FastifyRequest, tokens: ApiTokens): Promise<Principal>;
/**
 * What a role may do with an enterprise's data. admin: everything. bureau: read every
 * enterprise (the city bureau). integrator: manage its enterprise (enrollment, revocation,
 * declarations). enterprise: read its own data and make its own declarations.
 */
export type Access = "read" | "declare" | "manage";
export declare function hasAccess(principal: Principal, ent: string, access: Access): boolean;
export declare function requireAccess(principal: Principal, ent: string, access: Access): void;
export declare function requireRole(principal: Principal, ...roles: Role[]): void;
