import { fileURLToPath } from "node:url";
import { type CompiledProfile, compileProfile, loadProfileFile, type Sample } from "@onramp/profiles";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "../../../../test/peers/ports.js";
import { waitFor } from "../../../../test/peers/wait.js";
import { recordingSink, testContext, valuesOf } from "../modbus/testing/context.js";
import { createMtconnectDriverFactory, type MtconnectDriverFactory } from "./factory.js";
import type { MtconnectDriver } from "./mtconnect-driver.js";
import { type ReferenceAgent, SAMPLE, startReferenceAgent, withHeader } from "./testing/reference-agent.js";

const PROFILE = fileURLToPath(
  new URL("../../../../device-profiles/cnc_machine_tool/mtconnect-machine-tool.yaml", import.meta.url),
);
// test_current.xml's nextSequence: where a /sample after it must start.
const CURRENT_NEXT = 10254805;
const SAMPLE_NEXT = 10974584;

const sampleOf = (batches: { samples: readonly Sample[] }[], id: string) =>
  batches.flatMap((b) => b.samples).filter((s) => s.signal === id);

describe("MTConnect driver against the reference agent's published answers", () => {
  let agent: ReferenceAgent;
  let factory: MtconnectDriverFactory;
  let profile: CompiledProfile;
  const create = (path = "/LinuxCNC", query = "interval=50"): MtconnectDriver => {
    const created = factory.create({
      id: "mill-1",
      url: `mtconnect://127.0.0.1:${agent.port}${path}?${query}`,
      profile,
    });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  };

  beforeAll(async () => {
    const loaded = await loadProfileFile(PROFILE);
    if (!loaded.ok) throw new Error(`cannot load ${PROFILE}`);
    profile = compileProfile(loaded.profile);
    agent = await startReferenceAgent();
  });
  beforeEach(() => {
    factory = createMtconnectDriverFactory(testContext(), {
      failedCyclesBeforeDegraded: 3,
      degraded: { initialMs: 50, maxMs: 200 },
    });
    agent.requests.length = 0;
    agent.header = { instanceId: "1" };
    agent.samples = [];
  });
  afterAll(async () => {
    await factory?.close();
    await agent?.close();
  });

  it("reads execution, controller mode, program and spindle speed, and the Device's identity", async () => {
    const driver = create();
    const read = await driver.read();
    if (!read.ok) throw new Error(read.error.message);
    expect(valuesOf(read.value)).toMatchObject({
      execution: "READY",
      controller_mode: "AUTOMATIC",
      program: "/home/mtconnect/simulator/spiral.ngc",
      spindle_speed: 0,
      spindle_override: 100,
      feed_rate: 0,
      feed_override: 100,
    });
    // DataItems this 1.0 agent does not have are reported bad, never invented.
    for (const id of ["part_count", "rotary_velocity", "power_state", "system_condition"])
      expect(read.value.find((s) => s.signal === id)).toMatchObject({ value: null, quality: "bad" });
    const identity = await driver.readIdentity();
    if (!identity.ok) throw new Error(identity.error.message);
    expect(identity.value.fields).toEqual({ uuid: "000", manufacturer: "NIST" });
    expect(identity.value.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(agent.requests).toContain("/LinuxCNC/probe");
    expect(agent.requests).toContain("/LinuxCNC/current");
    await factory.close();
  });

  it("follows /sample from the nextSequence of each answer", async () => {
    // The published /sample, its header moved to follow the published /current without a gap.
    agent.samples = [withHeader(SAMPLE, { firstSequence: CURRENT_NEXT })];
    const driver = create();
    const sink = recordingSink();
    driver.start(sink);
    await waitFor(
      "two /sample requests",
      () => agent.requests.filter((r) => r.includes("/sample")).length >= 2,
    );
    const samples = agent.requests.filter((r) => r.includes("/sample"));
    expect(samples[0]).toBe(`/LinuxCNC/sample?from=${CURRENT_NEXT}&count=1000`);
    expect(samples[1]).toBe(`/LinuxCNC/sample?from=${SAMPLE_NEXT}&count=1000`);
    expect(sampleOf(sink.batches, "execution")[0]).toMatchObject({ value: "READY", quality: "good" });
    expect(sink.states.filter((s) => s.state === "disconnected")).toEqual([]);
    await factory.close();
  });

  it("reports lost observations (firstSequence past `from`, the published answers as they are) as a gap, then goes on", async () => {
    agent.header = {};
    // Verbatim: test_current.xml ends at 10254804, test_sample.xml starts at 10843512.
    agent.samples = [SAMPLE];
    const driver = create();
    const sink = recordingSink();
    driver.start(sink);
    const gap = await waitFor("a gap", () => sink.states.find((s) => s.state === "disconnected"));
    expect(gap.cause?.code).toBe("ONRAMP_MTCONNECT_BUFFER_OVERFLOW");
    expect(gap.cause?.message).toContain(`${10843512 - CURRENT_NEXT} observation(s) lost`);
    await waitFor("connected again", () => sink.states.filter((s) => s.state === "connected").length >= 2);
    expect(driver.counters()).toMatchObject({ gaps: 1, overflows: 1 });
    await factory.close();
  });

  it("reports an agent restart (a new instanceId) as a gap and starts again from /probe and /current", async () => {
    agent.samples = [withHeader(SAMPLE, { firstSequence: CURRENT_NEXT })];
    const driver = create();
    const sink = recordingSink();
    driver.start(sink);
    await waitFor("connected", () => sink.states.some((s) => s.state === "connected"));
    agent.header = { instanceId: "2" };
    const gap = await waitFor("a gap", () => sink.states.find((s) => s.state === "disconnected"));
    expect(gap.cause?.code).toBe("ONRAMP_MTCONNECT_AGENT_RESTARTED");
    expect(gap.cause?.message).toContain("instanceId 1 → 2");
    await waitFor("connected again", () => sink.states.filter((s) => s.state === "connected").length >= 2);
    expect(agent.requests.filter((r) => r.endsWith("/probe")).length).toBeGreaterThanOrEqual(2);
    expect(driver.counters()).toMatchObject({ restarts: 1 });
    await factory.close();
  });

  it("lists DataItems the probe lacks as signal faults", async () => {
    const driver = create();
    const sink = recordingSink();
    driver.start(sink);
    await waitFor("faults", () => sink.faultLists.length > 0);
    const faults = sink.faultLists[0] ?? [];
    expect(faults.map((f) => f.signal).sort()).toEqual([
      "part_count",
      "power_state",
      "rotary_velocity",
      "system_condition",
    ]);
    expect(new Set(faults.map((f) => f.cause.code))).toEqual(new Set(["ONRAMP_MTCONNECT_DATAITEM_MISSING"]));
    await factory.close();
  });

  it("refuses a device the agent does not serve, and reports an unreachable agent", async () => {
    const other = await create("/Mazak").read();
    expect(other.ok ? "read" : other.error.code).toBe("ONRAMP_MTCONNECT_HTTP");
    const port = await freePort();
    const created = factory.create({
      id: "mill-2",
      url: `mtconnect://127.0.0.1:${port}/LinuxCNC?interval=50&timeout=500`,
      profile,
    });
    if (!created.ok) throw new Error(created.error.message);
    const sink = recordingSink();
    created.value.start(sink);
    const down = await waitFor("disconnected", () => sink.states.find((s) => s.state === "disconnected"));
    expect(down.cause?.code).toBe("ONRAMP_MTCONNECT_UNREACHABLE");
    expect(down.cause?.message).toContain("ECONNREFUSED");
    await factory.close();
  });
});
