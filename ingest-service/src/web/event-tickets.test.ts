import { describe, expect, it } from "vitest";
import type { Principal } from "../state/api-tokens.js";
import { EventTickets, TICKET_TTL_MS } from "./event-tickets.js";

const principal: Principal = { tokenId: "t1", role: "enterprise", ent: "acme", name: "u" };

describe("event stream tickets", () => {
  it("redeem once to the principal they were issued for", () => {
    const tickets = new EventTickets();
    const { ticket } = tickets.issue(principal, 1000);
    expect(tickets.redeem(ticket, 1001)).toEqual(principal);
    expect(tickets.redeem(ticket, 1002)).toBeUndefined();
  });

  it("expire after their time to live and never match a guess", () => {
    const tickets = new EventTickets();
    const { ticket, expiresAt } = tickets.issue(principal, 1000);
    expect(expiresAt).toBe(1000 + TICKET_TTL_MS);
    expect(tickets.redeem(ticket, expiresAt)).toBeUndefined();
    expect(tickets.redeem("evt_guess", 1000)).toBeUndefined();
  });
});
