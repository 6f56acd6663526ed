import type { DataBody } from "@onramp/contract";
import { describe, expect, it } from "vitest";
import { waitFor } from "../../../test/peers/wait.js";
import type { AgentSnapshot } from "../../src/status/snapshot.js";
import { startCounting, testConfig } from "./fixture.js";
import { aedesPeer, counterPlcPeer, useEndToEnd } from "./harness.js";

describe("spool full during an outage", () => {
  const e2e = useEndToEnd({ broker: aedesPeer, device: counterPlcPeer([1]) });

  it("evicts the oldest frames and reports exactly what it evicted, in-band and in /status", {
    timeout: 90_000,
  }, async () => {
    const { broker, device: plc, ws, collector } = e2e;
    await ws.writeConfig(
      testConfig([{ id: "press-1", port: plc.port, unit: 1 }], { spool: { maxBytes: 65_536 } }),
    );
    const counting = await startCounting(plc.port, [1], 10);
    const running = await e2e.startAgent();
    await collector.waitFor("first data", () => collector.ofKind("data").length > 0);
    await broker.down();
    await waitFor("the spool to evict 20 frames", () => running.snapshot().spool.evictedFrames >= 20, {
      timeoutMs: 60_000,
      intervalMs: 50,
    });
    const status = await fetch(`http://127.0.0.1:${running.statusPort}/status`).then(
      (r) => r.json() as Promise<AgentSnapshot>,
    );
    expect(status.spool.evictedFrames).toBeGreaterThanOrEqual(20);
    expect(status.spool.bytes).toBeLessThanOrEqual(65_536);
    await broker.up();
    // Production goes on after the outage, so a data frame carries the last loss report.
    await waitFor(
      "the spool to drain and the loss to be reported",
      () => {
        const s = running.snapshot();
        return s.spool.frames === 0 && s.spool.pendingLoss === undefined && s.broker.inflight === 0;
      },
      { timeoutMs: 30_000 },
    );
    await counting.stop();
    await running.stop();
    const final = running.snapshot();
    await collector.waitFor(
      "every delivered sample",
      () => collector.sampleCount() + final.spool.evictedSamples >= final.pipeline.samplesReported,
    );

    expect(collector.rejected).toEqual([]);
    const losses = (collector.ofKind("data") as DataBody[]).flatMap((f) => (f.loss ? [f.loss] : []));
    const reported = losses.reduce(
      (sum, l) => ({ frames: sum.frames + l.frames, samples: sum.samples + l.samples }),
      { frames: 0, samples: 0 },
    );
    expect(reported).toEqual({ frames: final.spool.evictedFrames, samples: final.spool.evictedSamples });
    // Every sample reported by the pipeline was either delivered or counted as evicted: none vanished.
    expect(collector.sampleCount() + final.spool.evictedSamples).toBe(final.pipeline.samplesReported);
    // Oldest first: the part counts delivered after the gap are all above those before it.
    const values = (collector.samplesByDevice().get("press-1") ?? [])
      .filter((s) => s.s === "part_count")
      .map((s) => Number(s.v));
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });
});
