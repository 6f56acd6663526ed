import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PymodbusServer } from "../../../test/peers/pymodbus.js";
import { waitFor } from "../../../test/peers/wait.js";
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

/** The scenario: the broker is unreachable for 30 s while the machines keep producing. */
const OUTAGE_MS = 30_000;

describe("broker down for 30 s, then back", () => {
  let broker: TestBroker;
  let plc: PymodbusServer;
  let ws: Workspace;
  let collector: Collector;
  let agent: Agent | undefined;

  beforeAll(async () => {
    broker = await startAedes();
    plc = await startCounterPlc([1]);
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

  it("loses nothing: the spool holds the outage, drains after it, and the counters show it", {
    timeout: 90_000,
  }, async () => {
    await ws.writeConfig(testConfig([{ id: "press-1", port: plc.port, unit: 1 }]));
    const counting = await startCounting(plc.port, [1]);
    const running = await startAgent(ws.configPath);
    agent = running;
    await collector.waitFor("first data", () => collector.ofKind("data").length > 0);

    await broker.down();
    const downAt = performance.now();
    const during = await waitFor(
      "30 s of outage with frames piling up in the spool",
      () => {
        const s = running.snapshot();
        return (
          performance.now() - downAt >= OUTAGE_MS && s.broker.state !== "connected" && s.spool.frames > 0 && s
        );
      },
      { timeoutMs: OUTAGE_MS + 20_000, intervalMs: 200 },
    );
    const spooledDuringOutage = during.spool.frames;
    const ackedBefore = during.broker.framesAcked;
    await broker.up();
    await waitFor(
      "the spool to drain",
      () => {
        const s = running.snapshot();
        return (
          s.broker.state === "connected" &&
          s.spool.frames === 0 &&
          s.broker.framesAcked >= ackedBefore + spooledDuringOutage
        );
      },
      { timeoutMs: 30_000 },
    );
    await counting.stop();
    agent = undefined;
    await running.stop();
    const final = running.snapshot();
    await collector.waitFor(
      "every reported sample",
      () => collector.sampleCount() >= final.pipeline.samplesReported,
    );

    expect(spooledDuringOutage).toBeGreaterThan(20);
    expect(collector.rejected).toEqual([]);
    expect(collector.sampleCount()).toBe(final.pipeline.samplesReported);
    expect(final.spool).toMatchObject({ frames: 0, evictedFrames: 0, evictedSamples: 0 });
    expect(final.broker.connects).toBe(2);
    expect(final.broker.framesAcked).toBe(
      final.pipeline.dataFramesSpooled + final.pipeline.statusFramesSpooled,
    );
    const values = (collector.samplesByDevice().get("press-1") ?? [])
      .filter((s) => s.s === "part_count")
      .map((s) => Number(s.v));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // A birth on each connect, the second one after the outage.
    expect(collector.ofKind("birth").length).toBeGreaterThanOrEqual(2);
  });
});
