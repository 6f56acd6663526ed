import { fileURLToPath } from "node:url";
import { type CompiledProfile, compileProfile, loadProfileFile, type Sample } from "@onramp/profiles";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "../../../../test/peers/ports.js";
import { waitFor } from "../../../../test/peers/wait.js";
import { recordingSink, testContext, valuesOf } from "../modbus/testing/context.js";
import { createMtconnectDriverFactory, type MtconnectDriverFactory } from "./factory.js";
import type { MtconnectDriver } from "./mtconnect-driver.js";
import { type DocumentAgent, SAMPLE, startDocumentAgent, withHeader } from "./testing/document-agent.js";

const PROFILE = fileURLToPath(
  new URL("../../../../device-profiles/cnc_machine_tool/mtconnect-machine-tool.yaml", import.meta.url),
);
// current.xml's nextSequence: where a /sample after it must start; sample.xml's first and next.
const CURRENT_NEXT = 2001;
const SAMPLE_FIRST = 2500;
const SAMPLE_NEXT = 2507;

const sampleOf = (batches: { samples: readonly Sample[] }[], id: string) =>
  batches.flatMap((b) => b.samples).filter((s) => s.signal === id);

describe("MTConnect driver against an HTTP server answering fixed MTConnect documents", () => {
  let agent: DocumentAgent;
  let factory: MtconnectDriverFactory;
  let profile: CompiledProfile;
  const create = (path = "/VMC-3", query = "interval=50"): MtconnectDriver => {
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
    agent = await startDocumentAgent();
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
      execution: "ACTIVE",
      controller_mode: "AUTOMATIC",
      program: "O1001",
      spindle_speed: 4500,
      spindle_override: 100,
      feed_rate: 750, // 12.5 mm/s in the profile's mm/min
      feed_override: 90,
    });
    // DataItems this device does not have are reported bad, never invented.
    for (const id of ["part_count", "rotary_velocity", "power_state", "system_condition"])
      expect(read.value.find((s) => s.signal === id)).toMatchObject({ value: null, quality: "bad" });
    const identity = await driver.readIdentity();
    if (!identity.ok) throw new Error(identity.error.message);
    expect(identity.value.fields).toEqual({ uuid: "onramp-test-vmc-3", manufacturer: "Onramp Test Works" });
    expect(identity.value.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(agent.requests).toContain("/VMC-3/probe");
    expect(agent.requests).toContain("/VMC-3/current");
    await factory.close();
  });

  it("follows /sample from the nextSequence of each answer", async () => {
    // sample.xml, its header moved to follow current.xml without a gap.
    agent.samples = [withHeader(SAMPLE, { firstSequence: CURRENT_NEXT })];
    const driver = create();
    const sink = recordingSink();
    driver.start(sink);
    await waitFor(
      "two /sample requests",
      () => agent.requests.filter((r) => r.includes("/sample")).length >= 2,
    );
    const samples = agent.requests.filter((r) => r.includes("/sample"));
    expect(samples[0]).toBe(`/VMC-3/sample?from=${CURRENT_NEXT}&count=1000`);
    expect(samples[1]).toBe(`/VMC-3/sample?from=${SAMPLE_NEXT}&count=1000`);
    // /current's value, then the first /sample's, in sequence order (the server answers the same
    // /sample again after it, whatever `from` asks).
    const values = (id: string) => sampleOf(sink.batches, id).map((s) => s.value);
    expect(values("execution").slice(0, 2)).toEqual(["ACTIVE", "FEED_HOLD"]);
    expect(values("spindle_speed").slice(0, 3)).toEqual([4500, 4480, 4510]);
    expect(sink.states.filter((s) => s.state === "disconnected")).toEqual([]);
    await factory.close();
  });

  it("reports lost observations (firstSequence past `from`, the documents as they are) as a gap, then goes on", async () => {
    agent.header = {};
    // As written: current.xml ends at 2000, sample.xml starts at 2500.
    agent.samples = [SAMPLE];
    const driver = create();
    const sink = recordingSink();
    driver.start(sink);
    const gap = await waitFor("a gap", () => sink.states.find((s) => s.state === "disconnected"));
    expect(gap.cause?.code).toBe("ONRAMP_MTCONNECT_BUFFER_OVERFLOW");
    expect(gap.cause?.message).toContain(`${SAMPLE_FIRST - CURRENT_NEXT} observation(s) lost`);
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
      url: `mtconnect://127.0.0.1:${port}/VMC-3?interval=50&timeout=500`,
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
