import { describe, expect, it } from "vitest";
import { formatStatus } from "./format-status.js";
import { counterLabel, formatMetrics } from "./metrics.js";
import type { AgentDeviceStatus, AgentSnapshot } from "./snapshot.js";

const NOW = 1_750_000_000_000;

function device(id: string, counters: Record<string, number>): AgentDeviceStatus {
  return {
    id,
    state: "connected",
    since: NOW - 60_000,
    lastError: undefined,
    lastSampleAt: NOW - 1000,
    isProducing: true,
    samplesRead: 10,
    samplesReported: 4,
    fingerprint: undefined,
    counters,
  };
}

function snapshot(devices: AgentDeviceStatus[]): AgentSnapshot {
  return {
    agent: { version: "0.1.0", startedAt: NOW - 120_000, now: NOW },
    gateway: { enterprise: "acme", id: "gw-1", session: "s1", kid: "k1" },
    broker: {
      url: "mqtt://127.0.0.1:1883",
      state: "connected",
      since: NOW - 100_000,
      connects: 1,
      lastError: undefined,
      framesSent: 5,
      framesAcked: 5,
      inflight: 0,
      births: 1,
      directDropped: 0,
    },
    spool: {
      frames: 0,
      bytes: 0,
      maxBytes: 1024,
      oldestAt: undefined,
      evictedFrames: 0,
      evictedSamples: 0,
      pendingLoss: undefined,
    },
    pipeline: {
      samplesRead: 10,
      samplesReported: 4,
      samplesForUnknownDevice: 0,
      dataFramesSpooled: 4,
      statusFramesSpooled: 1,
      spoolWriteFailures: 0,
    },
    challenges: { answered: 0, failed: 0, rejected: { ONRAMP_CMD_REPLAYED: 2 } },
    devices,
  };
}

describe("driver counters in /metrics and `onramp-agent status`", () => {
  it("names each counter as a snake_case label", () => {
    expect(counterLabel("requests")).toBe("requests");
    expect(counterLabel("subscriptionsCreated")).toBe("subscriptions_created");
    expect(counterLabel("failedCycles")).toBe("failed_cycles");
    expect(counterLabel("bad name/with spaces")).toBe("bad_name_with_spaces");
    expect(counterLabel("§")).toBe("unnamed");
  });

  it("exposes every driver counter labelled by device and counter, with label values escaped", () => {
    const text = formatMetrics(
      snapshot([
        device("press-1", { requests: 120, timeouts: 3 }),
        device('cnc "A"', { subscriptionsCreated: 1 }),
      ]),
    );
    expect(text).toContain("# TYPE onramp_device_driver_counter_total counter");
    expect(text).toContain('onramp_device_driver_counter_total{device="press-1",counter="requests"} 120');
    expect(text).toContain('onramp_device_driver_counter_total{device="press-1",counter="timeouts"} 3');
    expect(text).toContain(
      'onramp_device_driver_counter_total{device="cnc \\"A\\"",counter="subscriptions_created"} 1',
    );
    expect(text).toContain('onramp_cmd_rejected_total{code="ONRAMP_CMD_REPLAYED"} 2');
    expect(text).toContain("onramp_broker_connected 1");
    expect(text).toContain('onramp_device_producing{device="press-1"} 1');
    // Every sample line belongs to a family declared just before it.
    const declared = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    for (const line of text.split("\n").filter((l) => l !== "" && !l.startsWith("#")))
      expect(declared.has(/^[a-z_]+/.exec(line)?.[0]), line).toBe(true);
  });

  it("prints the driver counters of each device under the device table", () => {
    const text = formatStatus(
      snapshot([device("press-1", { requests: 120, timeouts: 3 }), device("meter-2", {})]),
    );
    expect(text).toMatch(/^driver counters$/m);
    expect(text).toMatch(/^press-1 +requests 120 {2}timeouts 3$/m);
    expect(text).not.toMatch(/^meter-2 +requests/m);
  });

  it("leaves the section out when no driver keeps counters", () => {
    expect(formatStatus(snapshot([device("press-1", {})]))).not.toContain("driver counters");
  });
});
