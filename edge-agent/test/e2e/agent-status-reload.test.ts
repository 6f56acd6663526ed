import { beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/peers/wait.js";
import type { Agent } from "../../src/agent.js";
import { statusCommand } from "../../src/cli/status.js";
import { loadAgentConfig } from "../../src/config/load-agent-config.js";
import type { AgentSnapshot } from "../../src/status/snapshot.js";
import { testConfig } from "./fixture.js";
import { aedesPeer, counterPlcPeer, useEndToEnd } from "./harness.js";

describe("status endpoint, device states and config reload", () => {
  const e2e = useEndToEnd({ broker: aedesPeer, device: counterPlcPeer([1, 2]) });
  let agent: Agent;
  let base: string;

  beforeAll(async () => {
    await e2e.ws.writeConfig(testConfig([{ id: "press-1", port: e2e.device.port, unit: 1 }]));
    agent = await e2e.startAgent();
    base = `http://127.0.0.1:${agent.statusPort}`;
  });

  it("serves /healthz, /status and /metrics on loopback, and `status` prints them as a table", async () => {
    await waitFor(
      "press-1 producing",
      () => agent.snapshot().devices.find((d) => d.id === "press-1")?.isProducing,
    );
    expect(await fetch(`${base}/healthz`).then((r) => r.text())).toBe("ok\n");
    const status = await fetch(`${base}/status`).then((r) => r.json() as Promise<AgentSnapshot>);
    expect(status.broker.state).toBe("connected");
    expect(status.devices[0]).toMatchObject({ id: "press-1", state: "connected", isProducing: true });
    const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
    expect(metrics).toContain("onramp_broker_connected 1");
    expect(metrics).toContain('onramp_device_connected{device="press-1"} 1');
    expect(metrics).toMatch(/# TYPE onramp_spool_evicted_frames_total counter/);
    // The Modbus driver's own counters, per device, in all three views.
    expect(Object.keys(status.devices[0]?.counters ?? {})).toEqual(
      expect.arrayContaining(["requests", "answers", "timeouts", "retries", "failedCycles", "overruns"]),
    );
    expect(status.devices[0]?.counters.requests).toBeGreaterThan(0);
    expect(metrics).toMatch(
      /^onramp_device_driver_counter_total\{device="press-1",counter="requests"\} [1-9]\d*$/m,
    );
    expect(metrics).toMatch(
      /^onramp_device_driver_counter_total\{device="press-1",counter="failed_cycles"\} \d+$/m,
    );
    expect((await fetch(`${base}/status`, { method: "POST" })).status).toBe(405);
    let out = "";
    expect(
      await statusCommand(["--url", base], { stdout: (t) => (out += t), stderr: (t) => (out += t), env: {} }),
    ).toBe(0);
    expect(out).toMatch(/^broker +connected/m);
    expect(out).toMatch(/^press-1 +connected +yes/m);
    expect(out).toMatch(/^press-1 +requests \d+ {2}answers \d+ {2}timeouts \d+/m);
  });

  it("keeps the gateway online and reports the device offline, with its cause, when the device stops answering", async () => {
    const { device: plc, collector } = e2e;
    await plc.mute(1);
    const down = await collector.waitFor("a disconnected event", () =>
      collector
        .ofKind("status")
        .flatMap((s) => s.events)
        .find((e) => e.dev === "press-1" && e.state === "disconnected"),
    );
    expect(down.cause?.code).toMatch(/^ONRAMP_MODBUS_/);
    const device = agent.snapshot().devices.find((d) => d.id === "press-1");
    expect(device?.state).toBe("disconnected");
    expect(device?.lastError?.code).toBe(down.cause?.code);
    expect(agent.snapshot().broker.state).toBe("connected");
    await plc.unmute(1);
    await collector.waitFor("a connected event", () =>
      collector
        .ofKind("status")
        .flatMap((s) => s.events)
        .find((e) => e.dev === "press-1" && e.state === "connected" && e.t >= down.t),
    );
  });

  it("applies an added device on reload without restarting the others", async () => {
    const { device: plc, ws, collector } = e2e;
    const before = agent.snapshot().devices.find((d) => d.id === "press-1");
    await ws.writeConfig(
      testConfig([
        { id: "press-1", port: plc.port, unit: 1 },
        { id: "press-2", port: plc.port, unit: 2 },
      ]),
    );
    const next = await loadAgentConfig(ws.configPath);
    if (!next.ok) throw new Error("config does not load");
    const result = await agent.reload(next.resolved);
    expect(result).toMatchObject({ started: ["press-2"], stopped: [], kept: ["press-1"], needsRestart: [] });
    await collector.waitFor("a birth with both devices", () =>
      collector.ofKind("birth").find(
        (b) =>
          b.devices
            .map((d) => d.id)
            .sort()
            .join() === "press-1,press-2",
      ),
    );
    await waitFor(
      "press-2 producing",
      () => agent.snapshot().devices.find((d) => d.id === "press-2")?.isProducing,
    );
    const after = await waitFor("press-1 to go on reading", () => {
      const device = agent.snapshot().devices.find((d) => d.id === "press-1");
      return device !== undefined && device.samplesRead > (before?.samplesRead ?? 0) && device;
    });
    // Same driver, same connection: its state did not change when press-2 was added.
    expect(after.since).toBe(before?.since);
  });
});
