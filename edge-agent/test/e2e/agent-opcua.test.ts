import type { DataBody } from "@onramp/contract";
import { describe, expect, it } from "vitest";
import { statusOf, testConfig } from "./fixture.js";
import { aedesPeer, cncSimulatorPeer, useEndToEnd } from "./harness.js";

const PROFILE = new URL("../../../device-profiles/cnc_machine_tool/opcua-machine-tool.yaml", import.meta.url)
  .pathname;

// End to end over OPC UA: CNC simulator (two machines, OPC 40501) → OPC UA driver (anonymous,
// security None) → agent → aedes → verifying subscriber.
describe("agent → aedes over OPC UA, end to end", () => {
  const e2e = useEndToEnd({
    broker: aedesPeer,
    device: cncSimulatorPeer({ machines: 2, speed: 600, seed: 7 }),
  });

  it("delivers every reported sample of both CNCs exactly once, in order per device, signed", {
    timeout: 60_000,
  }, async () => {
    const { device: sim, ws, collector } = e2e;
    const ids = sim.machines.map((_, i) => `cnc-${i + 1}`);
    await ws.writeConfig(
      testConfig(
        sim.machines.map((machine, i) => ({
          id: ids[i] ?? "",
          profile: PROFILE,
          connection: `${sim.endpointUrl}?root=${encodeURIComponent(machine.rootBrowsePath)}`,
        })),
      ),
    );
    const running = await e2e.startAgent();
    // A machine at 600× makes a part every few real seconds: wait for a new one from each.
    const partCounts = (device: string) =>
      (collector.samplesByDevice().get(device) ?? [])
        .filter((s) => s.s === "part_count" && s.v !== null)
        .map((s) => Number(s.v));
    await collector.waitFor(
      "a new part from both machines",
      () => ids.every((id) => new Set(partCounts(id)).size >= 2),
      45_000,
    );
    const status = await statusOf(running.statusPort ?? 0);
    for (const id of ids) {
      const device = status?.devices.find((d) => d.id === id);
      expect(device, id).toMatchObject({ state: "connected", isProducing: true });
      expect(device?.counters.subscriptionsCreated, `${id}: driver counters in /status`).toBe(1);
    }
    await running.stop();
    const reported = running.snapshot();
    await collector.waitFor("the graceful death", () =>
      collector.ofKind("death").find((d) => d.reason === "graceful"),
    );

    expect(collector.rejected).toEqual([]);
    expect(collector.sampleCount()).toBe(reported.pipeline.samplesReported);
    expect(reported.spool).toMatchObject({ frames: 0, evictedFrames: 0 });
    const byDevice = collector.samplesByDevice();
    expect([...byDevice.keys()].sort()).toEqual(ids);
    for (const [device, samples] of byDevice) {
      for (const signal of new Set(samples.map((s) => s.s))) {
        const times = samples.filter((s) => s.s === signal).map((s) => s.t);
        expect(times, `${device}/${signal}: source timestamps in order`).toEqual(
          [...times].sort((a, b) => a - b),
        );
      }
      const counts = partCounts(device);
      expect(counts, `${device}: part counts never go back`).toEqual([...counts].sort((a, b) => a - b));
    }
    const seqs = collector.frames.map((f) => ("seq" in f.body ? `${f.body.sess}/${f.body.seq}` : ""));
    expect(new Set(seqs).size).toBe(seqs.length);

    const [birth] = collector.ofKind("birth");
    expect(birth?.devices.map((d) => d.profile)).toEqual([
      "opcua/machine-tool@1.0.0",
      "opcua/machine-tool@1.0.0",
    ]);
    const identified = collector.ofKind("birth").flatMap((b) => b.devices.filter((d) => d.identity !== null));
    expect(new Set(identified.map((d) => d.identity?.fingerprint)).size).toBe(2);
    const data = collector.ofKind("data") as DataBody[];
    expect(data.every((f) => f.loss === undefined)).toBe(true);
  });
});
