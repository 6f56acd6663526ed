import { rm } from "node:fs/promises";
import type { CompiledProfile } from "@onramp/profiles";
import { ALWAYS_ON, type PlcSimulator, startPlcSimulator } from "@onramp/simulators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Driver, DriverFactory } from "../driver.js";
import { createOpcuaDriverFactory } from "./factory.js";
import {
  libraryProfile,
  opcuaTestContext,
  type RecordingSink,
  recordingSink,
  tempDir,
  until,
} from "./testing/harness.js";

const SIGNALS = [
  "execution",
  "controller_mode",
  "part_count",
  "reject_count",
  "cycle_time",
  "alarm",
  "emergency_stop",
  "alarm_code",
];

describe("OPC UA driver against the PLC simulator (generic PLC profile)", () => {
  let ctx: Awaited<ReturnType<typeof opcuaTestContext>>;
  let simPki: string;
  let sim: PlcSimulator;
  let factory: DriverFactory;
  let profile: CompiledProfile;
  const drivers: Driver[] = [];

  const start = (id: string, query: string): { driver: Driver; sink: RecordingSink } => {
    const made = factory.create({ id, url: `${sim.endpointUrl}?${query}`, profile });
    if (!made.ok) throw new Error(made.error.message);
    drivers.push(made.value);
    const sink = recordingSink();
    made.value.start(sink);
    return { driver: made.value, sink };
  };
  const allGood = (sink: RecordingSink) =>
    SIGNALS.every((s) => sink.latest.get(s)?.quality === "good") ? true : undefined;

  beforeAll(async () => {
    ctx = await opcuaTestContext();
    simPki = await tempDir("plc-sim");
    sim = await startPlcSimulator({ pkiDir: simPki, schedule: ALWAYS_ON, speed: 100 });
    factory = createOpcuaDriverFactory(ctx);
    profile = await libraryProfile("plc/opcua-generic-plc.yaml");
  });

  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.close()));
    await factory?.close();
    await sim?.stop();
    await rm(simPki, { recursive: true, force: true });
    await ctx?.cleanup();
  });

  it("reads every signal of the profile over a subscription, with PackML states mapped", async () => {
    const { driver, sink } = start(
      "line-1",
      `root=${encodeURIComponent(sim.lines[0]?.rootBrowsePath ?? "")}`,
    );
    await until(() => allGood(sink), "all signals good");
    expect(["ACTIVE", "READY", "WAIT", "INTERRUPTED", "STOPPED", "PROGRAM_COMPLETED"]).toContain(
      sink.latest.get("execution")?.value,
    );
    const first = sink.latest.get("part_count")?.value as number;
    await until(
      () => ((sink.latest.get("part_count")?.value as number) > first ? true : undefined),
      "a new good part",
    );
    expect(driver.counters?.()).toMatchObject({ subscriptionsCreated: 1 });
    expect(driver.counters?.().valueChanges).toBeGreaterThan(SIGNALS.length);

    const identity = await driver.readIdentity();
    if (!identity.ok) throw new Error(identity.error.message);
    expect(identity.value.method).toBe("opcua-certificate");
    expect(identity.value.fingerprint).toBe(`sha256:${identity.value.fields.certificate_sha256}`);
  });

  it("polls instead of subscribing with mode=poll", async () => {
    const { driver, sink } = start(
      "line-1-polled",
      `mode=poll&root=${encodeURIComponent(sim.lines[0]?.rootBrowsePath ?? "")}`,
    );
    await until(() => allGood(sink), "all signals good");
    const before = sink.all.length;
    await until(() => (sink.all.length >= before + SIGNALS.length ? true : undefined), "another poll");
    expect(sink.states.at(-1)?.state).toBe("connected");
    expect(driver.counters?.()).toMatchObject({ pollingStarted: 1 });
    expect(driver.counters?.().subscriptionsCreated).toBeUndefined();
  });
});
