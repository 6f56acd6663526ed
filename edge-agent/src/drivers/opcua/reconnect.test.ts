import { rm } from "node:fs/promises";
import type { CompiledProfile } from "@onramp/profiles";
import { ALWAYS_ON, type PlcSimulator, startPlcSimulator } from "@onramp/simulators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Driver, DriverFactory, StateChange } from "../driver.js";
import { createOpcuaDriverFactory } from "./factory.js";
import {
  libraryProfile,
  opcuaTestContext,
  type RecordingSink,
  recordingSink,
  tempDir,
  until,
} from "./testing/harness.js";
import { startTcpRelay, type TcpRelay } from "./testing/tcp-relay.js";

/** The disconnected interval that ends with the last `connected`: [disconnected.at, connected.at]. */
function lastGap(states: readonly StateChange[]): { from: StateChange; to: StateChange } | undefined {
  const to = states.at(-1);
  const from = states.at(-2);
  return to?.state === "connected" && from?.state === "disconnected" ? { from, to } : undefined;
}

/** Samples read after `since` (sourceTs), i.e. values that resumed. */
function resumed(sink: RecordingSink, since: number): true | undefined {
  return sink.all.some((s) => s.signal === "part_count" && s.quality === "good" && s.sourceTs > since)
    ? true
    : undefined;
}

describe("OPC UA driver: reconnection and the silent-subscription watchdog", () => {
  let ctx: Awaited<ReturnType<typeof opcuaTestContext>>;
  let simPki: string;
  let sim: PlcSimulator;
  let factory: DriverFactory;
  let profile: CompiledProfile;
  let relay: TcpRelay | undefined;
  const drivers: Driver[] = [];

  const start = (url: string): { driver: Driver; sink: RecordingSink } => {
    const made = factory.create({ id: "line", url, profile });
    if (!made.ok) throw new Error(made.error.message);
    drivers.push(made.value);
    const sink = recordingSink();
    made.value.start(sink);
    return { driver: made.value, sink };
  };
  const startSim = (port = 0) =>
    startPlcSimulator({ pkiDir: simPki, port, schedule: ALWAYS_ON, speed: 100, tickMs: 50 });

  beforeAll(async () => {
    ctx = await opcuaTestContext();
    simPki = await tempDir("plc-restart");
    sim = await startSim();
    factory = createOpcuaDriverFactory(ctx);
    profile = await libraryProfile("plc/opcua-generic-plc.yaml");
  });

  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.close()));
    await factory?.close();
    await relay?.close();
    await sim?.stop();
    await rm(simPki, { recursive: true, force: true });
    await ctx?.cleanup();
  });

  it("resumes after a server restart during a subscription and reports the gap as a disconnected interval", async () => {
    const root = encodeURIComponent(sim.lines[0]?.rootBrowsePath ?? "");
    const { driver, sink } = start(`${sim.endpointUrl}?root=${root}&publishingIntervalMs=100`);
    await until(() => resumed(sink, 0), "values");
    const port = Number(new URL(sim.endpointUrl).port);

    await sim.stop();
    const down = await until(() => sink.states.find((s) => s.state === "disconnected"), "disconnected");
    expect(down.cause?.code).toBe("ONRAMP_OPCUA_CONNECTION_LOST");
    sim = await startSim(port);
    const restartedAt = Date.now();

    const gap = await until(() => lastGap(sink.states), "connected again", 30_000);
    expect(gap.from).toBe(down);
    expect(gap.to.at).toBeGreaterThanOrEqual(gap.from.at);
    await until(() => resumed(sink, restartedAt), "values after the restart", 30_000);
    expect(sink.states.map((s) => s.state)).toEqual(["connecting", "connected", "disconnected", "connected"]);
    expect(driver.counters?.()).toMatchObject({ connectionLosses: 1 });
  });

  it("re-creates a subscription that falls silent behind a stalled network and reports the gap", async () => {
    const port = Number(new URL(sim.endpointUrl).port);
    relay = await startTcpRelay(port);
    const root = encodeURIComponent(sim.lines[0]?.rootBrowsePath ?? "");
    // Keep-alive every 100 ms × 5: the watchdog's bound is 0.5 s + 0.5 s + 1 s grace.
    const query = `root=${root}&publishingIntervalMs=100&keepAliveCount=5&timeoutMs=3000`;
    const { driver, sink } = start(`opc.tcp://127.0.0.1:${relay.port}?${query}`);
    await until(() => resumed(sink, 0), "values");

    relay.pause();
    const silent = await until(
      () =>
        sink.states.find(
          (s) => s.state === "disconnected" && s.cause?.code === "ONRAMP_OPCUA_SILENT_SUBSCRIPTION",
        ),
      "the watchdog",
    );
    const lastBefore = Math.max(...sink.all.filter((s) => s.signal === "part_count").map((s) => s.sourceTs));
    expect(silent.cause?.message).toContain("re-creating the subscription");
    relay.resume();
    const resumedAt = Date.now();

    const gap = await until(() => lastGap(sink.states), "connected again", 30_000);
    expect(gap.from).toBe(silent);
    expect(gap.from.at).toBeLessThanOrEqual(gap.to.at);
    expect(gap.from.at).toBeGreaterThanOrEqual(lastBefore - 1000);
    await until(() => resumed(sink, resumedAt), "values after the stall", 30_000);
    expect(driver.counters?.().silentSubscriptions).toBeGreaterThanOrEqual(1);
  });
});
