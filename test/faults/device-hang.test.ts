import net from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../peers/wait.js";
import { expectEverySampleStoredOnce, startCountedAgent, useFaultScenario } from "./scenario.js";

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
  let hanging: Awaited<ReturnType<typeof startHangingDevice>> | undefined;
  const s = useFaultScenario({ units: [1], extraStop: async () => hanging?.close() });
  beforeAll(async () => {
    hanging = await startHangingDevice();
  });

  it("marks that device disconnected with a timeout cause, keeps polling the others and loses none of their samples", async () => {
    if (hanging === undefined) throw new Error("hanging device not started");
    const run = await startCountedAgent(s, [
      { id: "press-1", port: s.plc.port, unit: 1 },
      { id: "stuck-1", port: hanging.port, unit: 1 },
    ]);
    const device = (id: string) => run.agent.snapshot().devices.find((d) => d.id === id);
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
    const live = run.agent.snapshot();
    expect(live.devices.find((d) => d.id === "press-1")?.state).toBe("connected");
    expect(live.devices.find((d) => d.id === "stuck-1")?.samplesReported).toBe(0);
    await expectEverySampleStoredOnce(s, run, ["press-1", "stuck-1"]);
  });
});
