import type { FastifyRequest } from "fastify";
import { IngestError, rateLimited } from "../errors.js";
import type { ApiTokens, Principal, Role } from "../state/api-tokens.js";

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{8,200})$/;

/**
 * Resolves the bearer token to a principal, or throws ONRAMP_AUTH_MISSING. An address that keeps
 * presenting wrong tokens is refused with ONRAMP_RATE_LIMITED, before the token is looked up.
 */
export async function authenticate(request: FastifyRequest, tokens: ApiTokens): Promise<Principal> {
  const failures = tokens.failuresByAddress;
  const now = Date.now();
  const blockedMs = failures?.blockedForMs(request.ip, now) ?? 0;
  if (blockedMs > 0) throw rateLimited(blockedMs, "too many failed API logins from this address");
  const match = BEARER.exec(request.headers.authorization ?? "");
  const principal = match?.[1] === undefined ? undefined : await tokens.authenticate(match[1]);
  if (principal === undefined) {
    failures?.fail(request.ip, now);
    throw new IngestError("ONRAMP_AUTH_MISSING");
  }
  request.principal = principal;
  return principal;
}

/**
 * What a role may do with an enterprise's data. admin: everything. bureau: read every
 * enterprise (the city bureau). integrator: manage its enterprise (enrollment, revocation,
 * declarations). enterprise: read its own data and make its own declarations.
 */
export type Access = "read" | "declare" | "manage";

const ALLOWED: Record<Role, readonly Access[]> = {
  admin: ["read", "declare", "manage"],
  bureau: ["read"],
  integrator: ["read", "declare", "manage"],
  enterprise: ["read", "declare"],
};

export function hasAccess(principal: Principal, ent: string, access: Access): boolean {
  if (!ALLOWED[principal.role].includes(access)) return false;
  if (principal.role === "admin" || principal.role === "bureau") return true;
  return principal.ent === ent;
}

export function requireAccess(principal: Principal, ent: string, access: Access): void {
  if (!hasAccess(principal, ent, access)) {
    throw new IngestError(
      "ONRAMP_AUTH_FORBIDDEN",
      `a ${principal.role} token may not ${access} enterprise ${ent}`,
    );
  }
}

export function requireRole(principal: Principal, ...roles: Role[]): void {
  if (!roles.includes(principal.role)) {
    throw new IngestError("ONRAMP_AUTH_FORBIDDEN", `this needs a ${roles.join(" or ")} token`);
  }
}
