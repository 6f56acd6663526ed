import { afterAll, describe, expect, it } from "vitest";
import { type PymodbusServer, type RegisterMap, startPymodbus } from "../../../../test/peers/pymodbus.js";
import { waitFor } from "../../../../test/peers/wait.js";
import { createModbusDriverFactory } from "./factory.js";
import { recordingSink, testContext, valuesOf } from "./testing/context.js";
import { compileTestProfile } from "./testing/test-profile.js";

const TIMEOUT_MS = 1_000;
/** Longer than the timeout: the loss must be noticed without waiting for the next poll. */
const INTERVAL_MS = 2_000;
const MAP: RegisterMap = { units: { 5: { holding: { 0: [4711, 42] } } } };

describe("a pymodbus TCP server killed mid-poll and restarted on the same port", () => {
  const servers: PymodbusServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  it("gives disconnected with its cause within one timeout, then polling resumes without restarting anything", async () => {
    const first = await startPymodbus(MAP, { tcpPort: 0 });
    servers.push(first);
    const factory = createModbusDriverFactory(testContext(), {
      reconnect: { initialMs: 50, maxMs: 250 },
      degraded: { initialMs: 100, maxMs: 300 },
    });
    const profile = compileTestProfile(
      [0, 1].map((address) => ({
        id: `r${address}`,
        role: "counter" as const,
        type: "integer" as const,
        source: { modbus: { table: "holding" as const, address, dataType: "uint16" as const } },
      })),
      { defaults: { pollIntervalMs: INTERVAL_MS, heartbeatMs: 60_000 } },
    );
    const url = `modbus-tcp://127.0.0.1:${first.port}?unit=5&timeout=${TIMEOUT_MS}`;
    const created = factory.create({ id: "press-3", url, profile });
    if (!created.ok) throw new Error(created.error.message);
    const sink = recordingSink();
    created.value.start(sink);
    // Killed right after a cycle answered: the connection is open, the next poll 2 s away.
    await waitFor("polling", () => sink.batches.length >= 1);

    const killedAt = Date.now();
    await first.kill();
    const down = await waitFor("disconnected", () => sink.states.find((s) => s.state === "disconnected"));
    expect(down.at - killedAt).toBeLessThan(TIMEOUT_MS);
    expect(["ONRAMP_MODBUS_CONNECTION_LOST", "ONRAMP_MODBUS_CONNECTION_REFUSED"]).toContain(down.cause?.code);
    expect(down.cause?.message).toContain(`device "press-3" at ${url}`);

    const batchesWhileDown = sink.batches.length;
    servers.push(await startPymodbus(MAP, { tcpPort: first.port }));
    await waitFor("samples after the restart", () => sink.batches.length > batchesWhileDown + 1, {
      timeoutMs: 5_000,
    });
    expect(sink.states.at(-1)?.state).toBe("connected");
    expect(valuesOf(sink.batches.at(-1)?.samples ?? [])).toEqual({ r0: 4711, r1: 42 });
    await factory.close();
  });
});
