import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { decodeFrame } from "@onramp/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agent } from "../../edge-agent/src/agent.js";
import { openSqliteSpool } from "../../edge-agent/src/spool/sqlite-spool.js";
import {
  createWorkspace,
  spawnAgent,
  startAgent,
  startCounterPlc,
  startCounting,
  statusOf,
  testConfig,
  type Workspace,
} from "../../edge-agent/test/e2e/fixture.js";
import { removeDataDirs } from "../../ingest-service/test/helpers/data-dir.js";
import { stopChild } from "../peers/child.js";
import { type MosquittoBroker, startMosquitto } from "../peers/mosquitto.js";
import { freePort } from "../peers/ports.js";
import type { PymodbusServer } from "../peers/pymodbus.js";
import { waitFor } from "../peers/wait.js";
import { type IngestProcess, startIngest, waitForStored } from "./pipeline.js";

describe("agent kill -9 with a full spool", () => {
  let broker: MosquittoBroker;
  let plc: PymodbusServer;
  let ws: Workspace;
  let ingest: IngestProcess;
  let agent: Agent | undefined;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    broker = await startMosquitto();
    plc = await startCounterPlc([1]);
    ws = await createWorkspace(broker.url);
    ingest = await startIngest(broker.url, ws.gatewayKeys);
  });
  afterAll(async () => {
    if (child !== undefined) await stopChild(child);
    await agent?.stop();
    await ingest?.stop();
    await plc?.stop();
    await broker?.stop();
    await ws?.remove();
    await removeDataDirs();
  });

  it("delivers every frame the killed agent left in its spool, and everything after, exactly once", async () => {
    const statusPort = await freePort();
    const devices = [{ id: "press-1", port: plc.port, unit: 1 }];
    const spool = { maxBytes: 65_536 };
    // The first agent never reaches a broker (nothing listens on its port): its spool fills and evicts.
    const deadPort = await freePort();
    await ws.writeConfig(
      testConfig(devices, {
        status: { port: statusPort },
        spool,
        broker: { url: `mqtt://127.0.0.1:${deadPort}` },
      }),
    );
    const counting = await startCounting(plc.port, [1], 10);
    child = spawnAgent(ws.configPath);
    await waitFor(
      "the spool to be full and evicting",
      async () => ((await statusOf(statusPort))?.spool.evictedFrames ?? 0) >= 5,
      {
        timeoutMs: 40_000,
        intervalMs: 100,
      },
    );
    const killed = child;
    const exited = new Promise((resolve) => killed.once("exit", resolve));
    killed.kill("SIGKILL");
    await exited;
    child = undefined;

    // What the dead agent left on disk: each of these samples must reach the store exactly once.
    const left = openSqliteSpool({ path: join(ws.dataDir, "spool.db"), maxBytes: 1e9, maxAgeMs: 1e12 });
    let leftSamples = 0;
    for (const frame of left.readAfter(0, 1e6)) {
      const decoded = decodeFrame(frame.bytes, (kid) => ws.gatewayKeys.get(kid), { topic: frame.topic });
      if (!decoded.ok) throw new Error(`spooled frame does not verify: ${decoded.error.code}`);
      if (decoded.body.kind === "data")
        leftSamples += decoded.body.devices.reduce((n, d) => n + d.samples.length, 0);
    }
    // Evictions are counted in the spool itself (and reported in-band): the dead agent's stay on disk.
    const evictedBeforeRestart = left.stats().evictedSamples;
    left.close();
    expect(leftSamples).toBeGreaterThan(0);

    // Restarted with room in the spool: what the dead agent left must not be evicted by new samples.
    await ws.writeConfig(
      testConfig(devices, { spool: { maxBytes: 1_048_576 }, broker: { url: broker.url } }),
    );
    const running = await startAgent(ws.configPath);
    agent = running;
    await waitFor(
      "the spool to drain",
      () => running.snapshot().spool.frames === 0 && running.snapshot().broker.inflight === 0,
      {
        timeoutMs: 40_000,
      },
    );
    await counting.stop();
    agent = undefined;
    await running.stop();
    const final = running.snapshot();
    expect(evictedBeforeRestart).toBeGreaterThan(0);
    expect(final.spool.evictedSamples).toBe(evictedBeforeRestart);
    const expected = leftSamples + final.pipeline.samplesReported;
    const stored = await waitForStored(ingest, ["press-1"], expected);
    expect(stored).toEqual({ points: expected, distinct: expected, ledgerSamples: expected });
  });
});
