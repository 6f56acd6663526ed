import { rm } from "node:fs/promises";
import { join } from "node:path";
import { DataType, OPCUACertificateManager, OPCUAServer } from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Driver, DriverFactory } from "../driver.js";
import { createOpcuaDriverFactory } from "./factory.js";
import { inlineProfile, opcuaTestContext, recordingSink, tempDir, until } from "./testing/harness.js";

const HEARTBEAT_MS = 1_000;

/** An idle machine: its spindle speed is 0 and never changes for the whole test. */
const PROFILE = `
schemaVersion: 1
id: test/idle-machine
version: 1.0.0
vendor: test
model: IdleMachine
class: cnc_machine_tool
protocol: opcua
source: { kind: template, document: test, note: one variable that never changes }
defaults: { pollIntervalMs: 100, heartbeatMs: ${HEARTBEAT_MS} }
identity: { method: opcua-application-uri }
signals:
  - { id: spindle_speed, role: spindle_speed, type: number, unit: "r/min", source: { opcua: { nodeId: "ns=1;s=IdleSpindle" } } }
`;

async function startServer(pkiDir: string): Promise<OPCUAServer> {
  const server = new OPCUAServer({
    hostname: "127.0.0.1",
    port: 0,
    serverCertificateManager: new OPCUACertificateManager({
      rootFolder: join(pkiDir, "own"),
      automaticallyAcceptUnknownCertificate: true,
    }),
    userCertificateManager: new OPCUACertificateManager({ rootFolder: join(pkiDir, "users") }),
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error("the server has no address space");
  addressSpace.getOwnNamespace().addVariable({
    organizedBy: addressSpace.rootFolder.objects,
    browseName: "IdleSpindle",
    nodeId: "s=IdleSpindle",
    dataType: "Double",
    value: { dataType: DataType.Double, value: 0 },
  });
  await server.start();
  return server;
}

describe("OPC UA driver: subscribed values that never change are re-reported at the heartbeat", () => {
  let ctx: Awaited<ReturnType<typeof opcuaTestContext>>;
  let pki: string;
  let server: OPCUAServer | undefined;
  let factory: DriverFactory;
  let driver: Driver | undefined;

  beforeAll(async () => {
    ctx = await opcuaTestContext();
    pki = await tempDir("heartbeat-replay");
    server = await startServer(pki);
    factory = createOpcuaDriverFactory(ctx);
  });

  afterAll(async () => {
    await driver?.close();
    await factory?.close();
    await server?.shutdown(0);
    await rm(pki, { recursive: true, force: true });
    await ctx?.cleanup();
  });

  it("keeps delivering the unchanged value, timed at the replay, while the subscription lives; stops when the server goes", async () => {
    if (!server) throw new Error("no server");
    const made = factory.create({
      id: "idle-cnc",
      url: `${server.getEndpointUrl()}?publishingIntervalMs=100&keepAliveCount=5`,
      profile: inlineProfile(PROFILE),
    });
    if (!made.ok) throw new Error(made.error.message);
    driver = made.value;
    const sink = recordingSink();
    /** When each sample reached the sink, on the test's clock. */
    const arrivals: number[] = [];
    const samples = sink.samples;
    driver.start({
      ...sink,
      samples(device, batch) {
        for (const _ of batch) arrivals.push(Date.now());
        samples(device, batch);
      },
    });
    const spindle = () => sink.all.filter((s) => s.signal === "spindle_speed");
    await until(() => (spindle().length >= 5 ? true : undefined), "five samples of the idle spindle", 30_000);

    const seen = spindle();
    // The server notified the value once (its initial value); everything after is a replay.
    expect(driver.counters?.().valueChanges).toBe(1);
    expect(driver.counters?.().heartbeatReplays).toBeGreaterThanOrEqual(4);
    expect(seen.every((s) => s.value === 0 && s.quality === "good")).toBe(true);
    // Each replay is timed when the agent vouched for it (its arrival at the sink), one heartbeat
    // after the previous delivery — not at the SourceTimestamp of the value's only change (the
    // first sample's time, set when the variable was created).
    for (let i = 1; i < seen.length; i++) {
      const at = seen[i]?.sourceTs ?? 0;
      expect(Math.abs(at - (arrivals[i] ?? 0))).toBeLessThan(50);
      const gap = at - (arrivals[i - 1] ?? 0);
      expect(gap).toBeGreaterThanOrEqual(HEARTBEAT_MS - 50);
      expect(gap).toBeLessThan(HEARTBEAT_MS + 1_500);
    }

    await server.shutdown(0);
    server = undefined;
    const down = await until(
      () => sink.states.find((s) => s.state === "disconnected"),
      "the driver to see the server gone",
      30_000,
    );
    const countAtDown = spindle().length;
    const wait = Date.now() + 4 * HEARTBEAT_MS;
    await until(() => (Date.now() > wait ? true : undefined), "four heartbeats", 10_000);
    // Nothing replayed once the connection was lost: the device must go stale in the cloud.
    expect(spindle().length).toBe(countAtDown);
    expect(spindle().every((s) => s.sourceTs <= down.at + 50)).toBe(true);
  });
});
