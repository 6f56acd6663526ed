import { rm } from "node:fs/promises";
import { join } from "node:path";
import { OPCUACertificateManager, OPCUAServer } from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Driver, DriverFactory } from "../driver.js";
import { createOpcuaDriverFactory } from "./factory.js";
import { inlineProfile, opcuaTestContext, recordingSink, tempDir, until } from "./testing/harness.js";

/**
 * node-opcua's own server with its default address space (namespace 0 only): an implementation
 * independent of the Onramp simulators, read through node ids (plain, and with a namespace URI)
 * and a browse path from Objects.
 */
const PROFILE = `
schemaVersion: 1
id: test/node-opcua-server
version: 1.0.0
vendor: node-opcua
model: OPCUAServer
class: gateway
protocol: opcua
source: { kind: template, document: test, note: node-opcua's default address space }
defaults: { pollIntervalMs: 200 }
namespaces: { ua: "http://opcfoundation.org/UA/" }
identity: { method: opcua-application-uri }
signals:
  - { id: server_state, role: other, type: enum, enum: { "0": RUNNING, "1": FAILED }, source: { opcua: { nodeId: "i=2259" } } }
  - { id: current_time, role: other, type: number, source: { opcua: { nodeId: "nsu=http://opcfoundation.org/UA/;i=2258" } } }
  - { id: software_version, role: other, type: string, source: { opcua: { browsePath: "ua:Server/ua:ServerStatus/ua:BuildInfo/ua:SoftwareVersion" } } }
`;

async function startServer(pkiDir: string, options: { hasSubscriptions: boolean }): Promise<OPCUAServer> {
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
  // A server that grants no subscription answers CreateSubscription with BadTooManySubscriptions.
  if (!options.hasSubscriptions) server.engine.serverCapabilities.maxSubscriptionsPerSession = 0;
  await server.start();
  return server;
}

describe("OPC UA driver against node-opcua's sample server", () => {
  let ctx: Awaited<ReturnType<typeof opcuaTestContext>>;
  let pki: string;
  let server: OPCUAServer;
  let noSubscriptions: OPCUAServer;
  let factory: DriverFactory;
  const drivers: Driver[] = [];
  const create = (id: string, url: string) => {
    const made = factory.create({ id, url, profile: inlineProfile(PROFILE) });
    if (!made.ok) throw new Error(made.error.message);
    drivers.push(made.value);
    return made.value;
  };

  beforeAll(async () => {
    ctx = await opcuaTestContext();
    pki = await tempDir("sample-server");
    [server, noSubscriptions] = await Promise.all([
      startServer(join(pki, "a"), { hasSubscriptions: true }),
      startServer(join(pki, "b"), { hasSubscriptions: false }),
    ]);
    factory = createOpcuaDriverFactory(ctx);
  });

  afterAll(async () => {
    await Promise.all(drivers.map((d) => d.close()));
    await factory?.close();
    await Promise.all([server?.shutdown(0), noSubscriptions?.shutdown(0)]);
    await rm(pki, { recursive: true, force: true });
    await ctx?.cleanup();
  });

  it("reads the BuildInfo identity and standard variables by node id and browse path", async () => {
    const driver = create("sample", server.getEndpointUrl());
    const identity = await driver.readIdentity();
    if (!identity.ok) throw new Error(identity.error.message);
    expect(identity.value.method).toBe("opcua-application-uri");
    expect(identity.value.fields.application_uri).toBe(server.serverInfo.applicationUri);
    expect(identity.value.fields.build_manufacturer).toContain("NodeOPCUA");
    expect(identity.value.fields.build_software_version).toMatch(/^\d+\.\d+/);
    expect(identity.value.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);

    const read = await driver.read();
    if (!read.ok) throw new Error(read.error.message);
    const byId = Object.fromEntries(read.value.map((s) => [s.signal, s]));
    expect(byId.server_state).toMatchObject({ value: "RUNNING", quality: "good" });
    expect(byId.current_time?.value).toBeGreaterThan(Date.UTC(2025, 0, 1));
    expect(byId.software_version?.value).toBe(identity.value.fields.build_software_version);
  });

  it("subscribes to a changing standard variable and delivers its source timestamps", async () => {
    const sink = recordingSink();
    create("sample-sub", server.getEndpointUrl()).start(sink);
    const first = await until(() => sink.latest.get("current_time"), "current time");
    await until(
      () => ((sink.latest.get("current_time")?.sourceTs ?? 0) > first.sourceTs ? true : undefined),
      "a newer time",
    );
    expect(sink.states.at(-1)?.state).toBe("connected");
  });

  it("falls back to polled reads when the server grants no subscription", async () => {
    const sink = recordingSink();
    const driver = create("sample-poll", noSubscriptions.getEndpointUrl());
    driver.start(sink);
    await until(
      () => (sink.all.filter((s) => s.signal === "current_time").length >= 3 ? true : undefined),
      "three polls",
    );
    expect(driver.counters?.()).toMatchObject({ pollingStarted: 1 });
    expect(driver.counters?.().subscriptionsCreated).toBeUndefined();
    expect(sink.states.map((s) => s.state)).toEqual(["connecting", "connected"]);
  });
});
