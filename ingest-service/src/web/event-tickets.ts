import { randomBytes } from "node:crypto";
import type { Principal } from "../state/api-tokens.js";

/** Long enough to open an EventSource right after asking; too short to be worth stealing. */
export const TICKET_TTL_MS = 30_000;
const MAX_TICKETS = 10_000;

/**
 * One-use, short-lived tickets for `GET /api/v1/events`. EventSource cannot send an
 * Authorization header, and a long-lived API token must never appear in a URL (URLs end up in
 * logs and history), so the page trades its bearer token for a ticket first. Tickets live in
 * this process's memory: behind a load balancer, SSE needs session affinity.
 */
export class EventTickets {
  private readonly tickets = new Map<string, { principal: Principal; expiresAt: number }>();

  issue(principal: Principal, now = Date.now()): { ticket: string; expiresAt: number } {
    this.sweep(now);
    if (this.tickets.size >= MAX_TICKETS) {
      const oldest = this.tickets.keys().next().value;
      if (oldest !== undefined) this.tickets.delete(oldest);
    }
    const ticket = `evt_${randomBytes(24).toString("base64url")}`;
    const expiresAt = now + TICKET_TTL_MS;
    this.tickets.set(ticket, { principal, expiresAt });
    return { ticket, expiresAt };
  }

  /** The ticket's principal, once: the ticket is gone after this call whatever it answers. */
  redeem(ticket: string, now = Date.now()): Principal | undefined {
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return entry !== undefined && entry.expiresAt > now ? entry.principal : undefined;
  }

  private sweep(now: number): void {
    for (const [ticket, entry] of this.tickets) if (entry.expiresAt <= now) this.tickets.delete(ticket);
  }
}
