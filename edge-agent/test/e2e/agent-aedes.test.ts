import type { DataBody } from "@onramp/contract";
import { describe, expect, it } from "vitest";
import { startCounting, testConfig } from "./fixture.js";
import { aedesPeer, counterPlcPeer, useEndToEnd } from "./harness.js";

// End to end with real peers: pymodbus PLC (two units) → Modbus driver → agent → aedes → verifying subscriber.
describe("agent → aedes, end to end", () => {
  const e2e = useEndToEnd({ broker: aedesPeer, device: counterPlcPeer([1, 2]) });

  it("delivers every reported sample exactly once, in order per device and signal, signed, with birth and death", async () => {
    const { broker, device: plc, ws, collector } = e2e;
    await ws.writeConfig(
      testConfig([
        { id: "press-1", port: plc.port, unit: 1 },
        { id: "press-2", port: plc.port, unit: 2 },
      ]),
    );
    const counting = await startCounting(plc.port, [1, 2]);
    const running = await e2e.startAgent();
    await collector.waitFor("part counts above 20 from both presses", () => {
      const byDevice = collector.samplesByDevice();
      return ["press-1", "press-2"].every((d) =>
        (byDevice.get(d) ?? []).some((s) => s.s === "part_count" && Number(s.v) >= 20),
      );
    });
    await counting.stop();
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
      // Contract v2 keeps each signal's samples in order; across signals a device's samples come
      // back block by block (packages/contract/README.md), so order is a per-series promise.
      for (const signal of new Set(samples.map((s) => s.s))) {
        const times = samples.filter((s) => s.s === signal).map((s) => s.t);
        expect(times, `${device}/${signal}: timestamps in order`).toEqual([...times].sort((a, b) => a - b));
      }
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
