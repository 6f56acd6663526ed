import { describe, expect, it } from "vitest";
import { resetsFromReconnections } from "../../src/evidence/counter-resets.js";
import { checkCounterDecreases, type PresenceEvent, type SignalSeries } from "../../src/indicators/index.js";

const device = {
  id: "lathe-1",
  signals: [
    { id: "part_count", role: "part_count" },
    { id: "spindle_speed", role: "spindle_speed" },
    { id: "energy", role: "energy_total" },
  ],
} as const;
const ev = (at: number, kind: PresenceEvent["kind"], dev = "lathe-1"): PresenceEvent => ({
  device: dev,
  at,
  kind,
  gateway: "gw-1",
});

describe("counter resets from the frame log's status events", () => {
  it("records a reset of every cumulative signal when a device reconnects after an interruption", () => {
    const presence = [
      ev(1000, "frame"),
      ev(2000, "status-disconnected"),
      ev(2500, "status-error"),
      ev(3000, "status-connected"),
      ev(4000, "status-connected"),
      ev(5000, "status-error", "other"),
      ev(6000, "status-connected", "other"),
    ];
    expect(resetsFromReconnections([device as never], presence)).toEqual([
      { device: "lathe-1", signal: "energy", at: 3000 },
      { device: "lathe-1", signal: "part_count", at: 3000 },
    ]);
  });

  it("records none for a gateway restart (new session, births) or a connection never interrupted", () => {
    const presence = [
      ev(1000, "status-connected"),
      ev(2000, "death"),
      ev(3000, "gateway-online"),
      ev(3500, "status-connected"),
    ];
    expect(resetsFromReconnections([device as never], presence)).toEqual([]);
  });

  it("explains a part_count drop across the reconnection, and only that one", () => {
    const series: SignalSeries[] = [
      {
        device: "lathe-1",
        signal: "part_count",
        role: "part_count",
        points: [
          { t: 1000, v: 120, q: "good" },
          { t: 4000, v: 3, q: "good" },
          { t: 5000, v: 4, q: "good" },
          { t: 6000, v: 2, q: "good" },
        ],
      },
    ];
    const resets = resetsFromReconnections(
      [device as never],
      [ev(2000, "status-disconnected"), ev(3000, "status-connected")],
    );
    // The counter's data is silent 1000..4000 ms: a 3 s gap corroborates the reset (k × heartbeat ≤ 3 s).
    const flags = checkCounterDecreases("lathe-1", series, resets, { dropToZeroIsReset: true }, 3, 3000);
    expect(flags.map((f) => f.code)).toEqual(["PLAUSIBILITY_COUNTER_DECREASED"]);
    expect(flags[0]?.reason).toMatch(/decreased 1 time\(s\).*fell from 4 to 2/);
    // The same status pair over data that never stopped (a sample every 500 ms) does not.
    const flowing: SignalSeries = {
      device: "lathe-1",
      signal: "spindle_speed",
      role: "spindle_speed",
      points: Array.from({ length: 12 }, (_, i) => ({ t: 500 * i, v: 1000, q: "good" as const })),
    };
    const uncorroborated = checkCounterDecreases(
      "lathe-1",
      [...series, flowing],
      resets,
      { dropToZeroIsReset: true },
      3,
      3000,
    );
    expect(uncorroborated.map((f) => f.code).sort()).toEqual([
      "PLAUSIBILITY_COUNTER_DECREASED",
      "PLAUSIBILITY_COUNTER_RESET_UNCORROBORATED",
    ]);
  });
});
