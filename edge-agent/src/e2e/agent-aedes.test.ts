import type { DataBody } from "@onramp/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PymodbusServer } from "../../../test/peers/pymodbus.js";
import type { Agent } from "../agent.js";
import { startAedes, type TestBroker } from "./broker.js";
import { Collector } from "./collector.js";
import {
  createWorkspace,
  startAgent,
  startCounterPlc,
  startCounting,
  testConfig,
  type Workspace,
} from "./fixture.js";

// End to end with real peers: pymodbus PLC (two units) → Modbus driver → agent → aedes → verifying subscriber.
describe("agent → aedes, end to end", () => {
  let broker: TestBroker;
  let plc: PymodbusServer;
  let ws: Workspace;
  let collector: Collector;
  let agent: Agent | undefined;

  beforeAll(async () => {
    broker = await startAedes();
    plc = await startCounterPlc([1, 2]);
    ws = await createWorkspace(broker.url);
    collector = await Collector.connect(broker.url, ws.gatewayKeys);
  });
  afterAll(async () => {
    await agent?.stop();
    await collector?.close();
    await plc?.stop();
    await broker?.close();
    await ws?.remove();
  });

  it("delivers every reported sample exactly once, in order per device, signed, with birth and death", async () => {
    await ws.writeConfig(
      testConfig([
        { id: "press-1", port: plc.port, unit: 1 },
        { id: "press-2", port: plc.port, unit: 2 },
      ]),
    );
    const counting = await startCounting(plc.port, [1, 2]);
    agent = await startAgent(ws.configPath);
    await collector.waitFor("part counts above 20 from both presses", () => {
      const byDevice = collector.samplesByDevice();
      return ["press-1", "press-2"].every((d) =>
        (byDevice.get(d) ?? []).some((s) => s.s === "part_count" && Number(s.v) >= 20),
      );
    });
    await counting.stop();
    const running = agent;
    agent = undefined;
    await running.stop();
    const reported = running.snapshot();
    await collector.waitFor("the graceful death", () =>
      collector.ofKind("death").find((d) => d.reason === "graceful"),
    );

    expect(collector.rejected).toEqual([]);
    // The agent connects with the client id enrollment stored (the ingest's broker checks it).
    expect(broker.clientIds).toContain("acme/gw-1");
    // Every sample the pipeline reported reached the broker once (duplicates were de-duplicated away).
    expect(collector.sampleCount()).toBe(reported.pipeline.samplesReported);
    expect(reported.spool.frames).toBe(0);
    expect(reported.spool.evictedFrames).toBe(0);
    for (const [device, samples] of collector.samplesByDevice()) {
      const counts = samples.filter((s) => s.s === "part_count");
      const times = samples.map((s) => s.t);
      expect(times, `${device}: timestamps in order`).toEqual([...times].sort((a, b) => a - b));
      const values = counts.map((s) => Number(s.v));
      expect(values, `${device}: part counts never go back`).toEqual([...values].sort((a, b) => a - b));
    }
    const seqs = collector.frames.map((f) => ("seq" in f.body ? f.body.seq : -1));
    expect(new Set(seqs).size).toBe(seqs.length);

    const [birth] = collector.ofKind("birth");
    expect(birth?.devices.map((d) => d.id).sort()).toEqual(["press-1", "press-2"]);
    expect(birth?.devices[0]?.profile).toBe("onramp-test/e2e-counter@1.0.0");
    expect(birth?.devices[0]?.mapping).toMatch(/^sha256:[0-9a-f]{64}$/);
    const death = collector.ofKind("death").find((d) => d.reason === "graceful");
    expect(death?.sess).toBe(birth?.sess);
    const data = collector.ofKind("data") as DataBody[];
    expect(data.every((f) => f.loss === undefined)).toBe(true);
  });
});
