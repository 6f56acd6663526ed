import { describe, expect, it } from "vitest";
import { cncDevice, SECOND } from "../../test/indicator-scenarios/fixtures.js";
import { gatewayStateAt, onCloudStatusAt } from "./device-status.js";
import type { PresenceEvent, SignalSeries } from "./inputs.js";
import { DEFAULT_PARAMS } from "./params.js";

const lathe = cncDevice("lathe-1");
const execution = (points: [number, string][]): SignalSeries => ({
  device: "lathe-1",
  signal: "execution",
  role: "execution",
  points: points.map(([t, v]) => ({ t, v, q: "good" })),
});

describe("onCloudStatusAt (INDICATORS §3)", () => {
  it("keeps gateway-online, device-online and producing apart", () => {
    const events: PresenceEvent[] = [
      { device: "lathe-1", at: 0, kind: "gateway-online", gateway: "gw-1" },
      { device: "lathe-1", at: 1_000, kind: "frame" },
    ];
    const series = [execution([[1_000, "ACTIVE"]])];
    expect(onCloudStatusAt(lathe, events, series, DEFAULT_PARAMS.presence, 2_000)).toMatchObject({
      gateway: "online",
      presence: { status: "online" },
      producing: true,
    });
    const idle = [execution([[1_000, "READY"]])];
    expect(onCloudStatusAt(lathe, events, idle, DEFAULT_PARAMS.presence, 2_000).producing).toBe(false);
  });

  it("reports a live gateway with an unreachable machine as gateway online, device offline, producing unknown", () => {
    const events: PresenceEvent[] = [
      { device: "lathe-1", at: 0, kind: "frame" },
      { device: "lathe-1", at: 5_000, kind: "status-disconnected" },
      { device: "lathe-1", at: 6_000, kind: "gateway-online", gateway: "gw-1" },
    ];
    const series = [execution([[0, "ACTIVE"]])];
    expect(onCloudStatusAt(lathe, events, series, DEFAULT_PARAMS.presence, 10_000)).toMatchObject({
      gateway: "online",
      presence: { status: "offline", cause: "DEVICE_DISCONNECTED" },
      producing: null,
    });
  });

  it("has no producing state for a device without an execution signal", () => {
    const events: PresenceEvent[] = [{ device: "lathe-1", at: 0, kind: "frame" }];
    expect(onCloudStatusAt(lathe, events, [], DEFAULT_PARAMS.presence, 1).producing).toBeNull();
  });
});

describe("gatewayStateAt", () => {
  it("follows births, deaths and frames, and is unknown before any", () => {
    const events: PresenceEvent[] = [
      { device: "d", at: 10 * SECOND, kind: "gateway-online" },
      { device: "d", at: 20 * SECOND, kind: "death" },
      { device: "d", at: 30 * SECOND, kind: "frame" },
    ];
    expect(gatewayStateAt(events, 0)).toBe("unknown");
    expect(gatewayStateAt(events, 15 * SECOND)).toBe("online");
    expect(gatewayStateAt(events, 25 * SECOND)).toBe("offline");
    expect(gatewayStateAt(events, 35 * SECOND)).toBe("online");
  });
});
