import { DeviceId, EnterpriseId, GatewayId, SignalId } from "@onramp/contract";
import { z } from "zod";
import { ROLES } from "../state/api-tokens.js";

/** Path and query schemas shared by the routes; ids reuse the contract's id schemas. */
export const EntParams = z.strictObject({ ent: EnterpriseId });
export const GatewayParams = z.strictObject({ ent: EnterpriseId, gw: GatewayId });
export const DeviceParams = z.strictObject({ ent: EnterpriseId, gw: GatewayId, dev: DeviceId });
export const SignalParams = DeviceParams.extend({ signal: SignalId });

const EpochMsQuery = z.coerce.number().int().min(0).max(8.64e15);

/** A time window; defaults to the last 24 hours. */
export const WindowQuery = z.strictObject({
  from: EpochMsQuery.optional(),
  to: EpochMsQuery.optional(),
});
export function windowOf(query: { from?: number | undefined; to?: number | undefined }, now = Date.now()) {
  const to = query.to ?? now + 1;
  return { from: query.from ?? to - 86_400_000, to };
}

export const ErrorBody = z.object({ code: z.string(), message: z.string(), solution: z.string().optional() });

export const RoleSchema = z.enum(ROLES);
