import { describe, expect, it } from "vitest";
import { waitFor } from "../../../test/peers/wait.js";
import { startCounting, testConfig } from "./fixture.js";
import { aedesPeer, counterPlcPeer, useEndToEnd } from "./harness.js";

/** The scenario: the broker is unreachable for 30 s while the machines keep producing. */
const OUTAGE_MS = 30_000;

describe("broker down for 30 s, then back", () => {
  const e2e = useEndToEnd({ broker: aedesPeer, device: counterPlcPeer([1]) });

  it("loses nothing: the spool holds the outage, drains after it, and the counters show it", {
    timeout: 90_000,
  }, async () => {
    const { broker, device: plc, ws, collector } = e2e;
    await ws.writeConfig(testConfig([{ id: "press-1", port: plc.port, unit: 1 }]));
    const counting = await startCounting(plc.port, [1]);
    const running = await e2e.startAgent();
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
