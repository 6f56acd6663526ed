import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agent } from "../../edge-agent/src/agent.js";
import {
  createWorkspace,
  startAgent,
  startCounterPlc,
  startCounting,
  testConfig,
  type Workspace,
} from "../../edge-agent/src/e2e/fixture.js";
import { removeDataDirs } from "../../ingest-service/test/helpers/data-dir.js";
import { type MosquittoBroker, startMosquitto } from "../peers/mosquitto.js";
import type { PymodbusServer } from "../peers/pymodbus.js";
import { waitFor } from "../peers/wait.js";
import { type IngestProcess, startIngest, waitForStored } from "./pipeline.js";

/**
 * A Modbus TCP device that hangs mid-response: to every request it sends the MBAP header's first
 * 5 bytes (transaction id, protocol id, half the length — Modbus Messaging on TCP/IP v1.0b §3.1.3)
 * and then nothing, keeping the connection open.
 */
async function startHangingDevice(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("data", (request) => socket.write(request.subarray(0, 5)));
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("a device hangs mid-response", () => {
  let broker: MosquittoBroker;
  let plc: PymodbusServer;
  let hanging: Awaited<ReturnType<typeof startHangingDevice>>;
  let ws: Workspace;
  let ingest: IngestProcess;
  let agent: Agent | undefined;

  beforeAll(async () => {
    broker = await startMosquitto();
    plc = await startCounterPlc([1]);
    hanging = await startHangingDevice();
    ws = await createWorkspace(broker.url);
    ingest = await startIngest(broker.url, ws.gatewayKeys);
  });
  afterAll(async () => {
    await agent?.stop();
    await ingest?.stop();
    await hanging?.close();
    await plc?.stop();
    await broker?.stop();
    await ws?.remove();
    await removeDataDirs();
  });

  it("marks that device disconnected with a timeout cause, keeps polling the others and loses none of their samples", async () => {
    await ws.writeConfig(
      testConfig([
        { id: "press-1", port: plc.port, unit: 1 },
        { id: "stuck-1", port: hanging.port, unit: 1 },
      ]),
    );
    const counting = await startCounting(plc.port, [1]);
    const running = await startAgent(ws.configPath);
    agent = running;
    const device = (id: string) => running.snapshot().devices.find((d) => d.id === id);
    const stuck = await waitFor(
      "stuck-1 disconnected after a timeout",
      () => {
        const d = device("stuck-1");
        return d?.state === "disconnected" && d.lastError !== undefined && d;
      },
      { timeoutMs: 20_000, intervalMs: 20 },
    );
    expect(stuck.lastError?.code).toMatch(/TIMEOUT/);
    const before = device("press-1")?.samplesReported ?? 0;
    await waitFor(
      "press-1 to go on reporting",
      () => (device("press-1")?.samplesReported ?? 0) >= before + 40,
      {
        timeoutMs: 20_000,
        intervalMs: 20,
      },
    );
    const live = running.snapshot();
    expect(live.devices.find((d) => d.id === "press-1")?.state).toBe("connected");
    expect(live.devices.find((d) => d.id === "stuck-1")?.samplesReported).toBe(0);
    await counting.stop();
    agent = undefined;
    await running.stop();
    const final = running.snapshot();
    const reported = final.pipeline.samplesReported;
    const stored = await waitForStored(ingest, ["press-1", "stuck-1"], reported);
    expect(stored).toEqual({ points: reported, distinct: reported, ledgerSamples: reported });
  });
});
