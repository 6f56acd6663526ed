import { rm } from "node:fs/promises";
import { ALWAYS_ON, type CncSimulator, startCncSimulator } from "@onramp/simulators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Driver, DriverFactory } from "../driver.js";
import { browseSubtree, formatBrowseTree } from "./browse.js";
import { createOpcuaDriverFactory } from "./factory.js";
import {
  inlineProfile,
  libraryProfile,
  opcuaTestContext,
  recordingSink,
  tempDir,
  until,
} from "./testing/harness.js";

describe("OPC UA driver against the CNC simulator (OPC 40501 / 40502)", () => {
  let ctx: Awaited<ReturnType<typeof opcuaTestContext>>;
  let simPki: string;
  let sim: CncSimulator;
  let factory: DriverFactory;
  const drivers: Driver[] = [];

  const urlOf = (root: string, extra = "") => `${sim.endpointUrl}?root=${encodeURIComponent(root)}${extra}`;
  const create = (id: string, url: string, profile: Parameters<DriverFactory["create"]>[0]["profile"]) => {
    const made = factory.create({ id, url, profile });
    if (!made.ok) throw new Error(made.error.message);
    drivers.push(made.value);
    return made.value;
  };

  beforeAll(async () => {
    ctx = await opcuaTestContext();
    simPki = await tempDir("cnc-sim");
    sim = await startCncSimulator({ pkiDir: simPki, machines: 2, schedule: ALWAYS_ON, speed: 600, seed: 7 });
    factory = createOpcuaDriverFactory(ctx);
  });

  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.close()));
    await factory?.close();
    await sim?.stop();
    await rm(simPki, { recursive: true, force: true });
    await ctx?.cleanup();
  });

  it("reads execution, spindle speed, program, part count and identity through browse paths alone", async () => {
    const [machine] = sim.machines;
    if (!machine) throw new Error("no machine");
    const mt = create(
      "cnc-1",
      urlOf(machine.rootBrowsePath),
      await libraryProfile("cnc_machine_tool/opcua-machine-tool.yaml"),
    );
    const cnc = create(
      "cnc-1-40502",
      urlOf(machine.cncInterfaceBrowsePath),
      await libraryProfile("cnc_machine_tool/opcua-cnc-system.yaml"),
    );
    const mtSink = recordingSink();
    const cncSink = recordingSink();
    mt.start(mtSink);
    cnc.start(cncSink);

    const good = (sink: typeof mtSink, signal: string) => {
      const s = sink.latest.get(signal);
      return s?.quality === "good" ? s : undefined;
    };
    const execution = await until(() => good(mtSink, "execution"), "execution");
    expect(["ACTIVE", "INTERRUPTED", "READY"]).toContain(execution.value);
    expect((await until(() => good(mtSink, "program"), "program")).value).toMatch(/^O\d{4}_/);
    const parts = await until(() => good(mtSink, "part_count"), "part_count");
    expect(Number.isInteger(parts.value)).toBe(true);
    await until(
      () => ((good(mtSink, "part_count")?.value as number) > (parts.value as number) ? true : undefined),
      "a new part",
    );
    const speed = await until(() => {
      const s = good(cncSink, "spindle_speed");
      return s && (s.value as number) > 0 ? s : undefined;
    }, "a turning spindle");
    expect(speed.value).toBeGreaterThan(1000);
    expect(speed.sourceTs).toBeGreaterThan(0);
    expect(mtSink.states.map((s) => s.state)).toEqual(["connecting", "connected"]);
    expect(mtSink.faultLists.at(-1)).toEqual([]);

    const identity = await mt.readIdentity();
    if (!identity.ok) throw new Error(identity.error.message);
    expect(identity.value.method).toBe("opcua-machine-tool-identification");
    expect(identity.value.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(identity.value.fields).toMatchObject({
      manufacturer: machine.manufacturer,
      serial_number: machine.serialNumber,
      model: machine.model,
      application_uri: "urn:onramp:simulator:cnc:7",
      build_product_name: expect.stringContaining("CNC simulator"),
    });
    expect(identity.value.fields.certificate_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  // Regression: the listener came after an awaited monitorItems(), and an initial notification
  // dispatched before it was lost; a value that never changes (the overrides) then never reached
  // the stream at all, and a challenge reading it failed as inconsistent with the stream.
  it("delivers a first value of every subscribed signal of every machine, unchanging ones included", async () => {
    const profile = await libraryProfile("cnc_machine_tool/opcua-machine-tool.yaml");
    const wanted = profile.profile.signals.map((s) => s.id).sort();
    expect(wanted).toEqual(expect.arrayContaining(["feed_override", "spindle_override"]));
    const sinks = sim.machines.map((machine, i) => {
      const sink = recordingSink();
      create(`cnc-first-${i + 1}`, urlOf(machine.rootBrowsePath), profile).start(sink);
      return sink;
    });
    for (const [i, sink] of sinks.entries()) {
      const seen = await until(
        () => (wanted.every((id) => sink.latest.has(id)) ? [...sink.latest.keys()].sort() : undefined),
        `machine ${i + 1}: a first value of ${wanted.join(", ")}`,
      );
      expect(seen).toEqual(wanted);
    }
  });

  it("gives every machine on one server its own fingerprint", async () => {
    const profile = await libraryProfile("cnc_machine_tool/opcua-machine-tool.yaml");
    const fingerprints = await Promise.all(
      sim.machines.map(async (m) => {
        const identity = await create(`fp-${m.id}`, urlOf(m.rootBrowsePath), profile).readIdentity();
        if (!identity.ok) throw new Error(identity.error.message);
        return identity.value.fingerprint;
      }),
    );
    expect(new Set(fingerprints).size).toBe(sim.machines.length);
  });

  it("answers read() with a fresh Read from the device, without any subscription", async () => {
    const [machine] = sim.machines;
    const driver = create(
      "read-only",
      urlOf(machine?.rootBrowsePath ?? ""),
      await libraryProfile("cnc_machine_tool/opcua-machine-tool.yaml"),
    );
    const result = await driver.read(["part_count", "program", "operating_hours"]);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map((s) => s.signal)).toEqual(["part_count", "program", "operating_hours"]);
    expect(result.value.every((s) => s.quality === "good")).toBe(true);
    expect(driver.counters?.()).toMatchObject({ reads: 1, connects: 1 });
    expect(driver.counters?.().subscriptionsCreated).toBeUndefined();
    expect(await driver.read(["no_such_signal"])).toMatchObject({
      ok: false,
      error: { code: "ONRAMP_OPCUA_READ_FAILED" },
    });
  });

  it("marks a signal whose browse path the server lacks bad, naming the missing element, and keeps the others", async () => {
    const profile = inlineProfile(`
schemaVersion: 1
id: test/broken-path
version: 1.0.0
vendor: Test
model: Broken path
class: cnc_machine_tool
protocol: opcua
source: { kind: template, document: test, note: test }
defaults: { pollIntervalMs: 100 }
namespaces: { mt: "http://opcfoundation.org/UA/MachineTool/" }
signals:
  - { id: execution, role: other, type: integer, source: { opcua: { browsePath: "mt:Monitoring/mt:Channel1/mt:ChannelState" } } }
  - { id: second_channel, role: other, type: integer, source: { opcua: { browsePath: "mt:Monitoring/mt:Channel2/mt:ChannelState" } } }
`);
    const sink = recordingSink();
    create("broken", urlOf(sim.machines[0]?.rootBrowsePath ?? ""), profile).start(sink);
    const faults = await until(
      () => (sink.faultLists.at(-1)?.length ? sink.faultLists.at(-1) : undefined),
      "a fault",
    );
    expect(faults).toHaveLength(1);
    expect(faults[0]?.signal).toBe("second_channel");
    expect(faults[0]?.cause.code).toBe("ONRAMP_OPCUA_NODE_UNRESOLVED");
    expect(faults[0]?.cause.message).toContain("no mt:Channel2 under mt:Monitoring");
    expect(sink.latest.get("second_channel")).toMatchObject({ quality: "bad", value: null });
    await until(
      () => (sink.latest.get("execution")?.quality === "good" ? true : undefined),
      "the healthy signal",
    );
  });

  it("reports a device root the server lacks as a clear error", async () => {
    const sink = recordingSink();
    const profile = await libraryProfile("cnc_machine_tool/opcua-machine-tool.yaml");
    create("no-root", urlOf("machinery:Machines/1:Machine99"), profile).start(sink);
    const state = await until(() => sink.states.find((s) => s.state === "disconnected"), "disconnected");
    expect(state.cause?.code).toBe("ONRAMP_OPCUA_ROOT_UNRESOLVED");
    expect(state.cause?.message).toContain('device "no-root"');
    expect(state.cause?.message).toContain("no 1:Machine99 under machinery:Machines");
  });

  it("browses a machine's subtree with namespace URIs, node classes, data types and values", async () => {
    const tree = await browseSubtree(
      ctx,
      `${sim.endpointUrl}`,
      `${sim.machines[0]?.rootBrowsePath}/mt:Monitoring`,
      { maxDepth: 3 },
    );
    if (!tree.ok) throw new Error(tree.error.message);
    const text = formatBrowseTree(tree.value);
    expect(text).toContain("mt:Channel1");
    expect(text).toMatch(/mt:ChannelState\s+Variable\s+.*ChannelState.*= \d/);
    expect(text).toContain("mt = http://opcfoundation.org/UA/MachineTool/");
  });
});
