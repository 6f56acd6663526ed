import { describe, expect, it } from "vitest";
import { applyPresence, observedState, type PresenceRow, presenceKey } from "./presence-rules.js";

const hb = () => 1000;
const seen = (dev: string, at: number) => ({ kind: "seen" as const, ent: "e", gw: "g", dev, at });

describe("presence rules (INDICATORS §3)", () => {
  it("brings a never-seen device online on its first valid frame", () => {
    const rows = new Map<string, PresenceRow>();
    const { transitions } = applyPresence(rows, [seen("d", 100), seen("d", 200)], hb);
    expect(transitions.map((t) => `${t.from}→${t.to}@${t.at}`)).toEqual(["never→online@100"]);
    expect(rows.get(presenceKey("e", "g", "d"))).toMatchObject({
      state: "online",
      firstSeen: 100,
      lastSeen: 200,
    });
  });

  it("inserts the silence transition at last seen + 10 heartbeats when the device comes back", () => {
    const rows = new Map<string, PresenceRow>();
    applyPresence(rows, [seen("d", 0)], hb);
    const { transitions } = applyPresence(rows, [seen("d", 10_001)], hb);
    expect(transitions.map((t) => [t.from, t.to, t.at, t.cause])).toEqual([
      ["online", "offline", 10_000, "silence"],
      ["offline", "online", 10_001, "data"],
    ]);
  });

  it("takes every online device of a gateway offline on its death, and ignores events older than the state", () => {
    const rows = new Map<string, PresenceRow>();
    applyPresence(rows, [seen("a", 10), seen("b", 20)], hb);
    const { transitions } = applyPresence(
      rows,
      [
        { kind: "gateway-offline", ent: "e", gw: "g", at: 30, cause: "gateway-death:lwt" },
        { kind: "device-offline", ent: "e", gw: "g", dev: "a", at: 5, cause: "x" },
      ],
      hb,
    );
    expect(transitions.map((t) => `${t.dev}:${t.to}:${t.cause}`)).toEqual([
      "a:offline:gateway-death:lwt",
      "b:offline:gateway-death:lwt",
    ]);
  });

  it("reads online, stale after 3 heartbeats and offline after 10 without a frame", () => {
    const row: PresenceRow = {
      ent: "e",
      gw: "g",
      dev: "d",
      state: "online",
      stateSince: 0,
      cause: "data",
      firstSeen: 0,
      lastSeen: 0,
    };
    expect([
      observedState(undefined, 1000, 0),
      observedState(row, 1000, 2000),
      observedState(row, 1000, 3001),
      observedState(row, 1000, 10_001),
    ]).toEqual(["never", "online", "stale", "offline"]);
  });
});
