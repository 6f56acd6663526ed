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
import { countStored, type IngestProcess, startIngest, waitForStored } from "./pipeline.js";

const DEVICES = ["press-1", "press-2"];

describe("the ingest is killed with -9 mid-stream", () => {
  let broker: MosquittoBroker;
  let plc: PymodbusServer;
  let ws: Workspace;
  let ingest: IngestProcess;
  let agent: Agent | undefined;

  beforeAll(async () => {
    broker = await startMosquitto();
    plc = await startCounterPlc([1, 2]);
    ws = await createWorkspace(broker.url);
    ingest = await startIngest(broker.url, ws.gatewayKeys);
  });
  afterAll(async () => {
    await agent?.stop();
    await ingest?.stop();
    await plc?.stop();
    await broker?.stop();
    await ws?.remove();
    await removeDataDirs();
  });

  // The ingest's own kill -9 test (ingest-service/test/kill-9.test.ts) drives a test gateway on the
  // embedded broker; here the agent and Mosquitto carry the frames, and the broker queues them for
  // the ingest's persistent session while it is dead. InfluxDB down for 30 s is covered by
  // ingest-service/test/influx-outage.test.ts.
  it("stores every sample the agent reported exactly once", async () => {
    await ws.writeConfig(
      testConfig(
        DEVICES.map((id, i) => ({ id, port: plc.port, unit: i + 1 })),
        { broker: { reconnectMinMs: 100, reconnectMaxMs: 300, catchUpFramesPerSecond: 2000 } },
      ),
    );
    const counting = await startCounting(plc.port, [1, 2]);
    const running = await startAgent(ws.configPath);
    agent = running;
    await waitFor(
      "200 samples stored before the restart",
      async () => {
        return (await countStored(ingest, DEVICES)).distinct >= 200;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    await ingest.kill9();
    await waitFor(
      "samples reported while the ingest is dead",
      () => running.snapshot().pipeline.samplesReported >= 100,
      {
        timeoutMs: 20_000,
      },
    );
    await ingest.restart();
    await waitFor(
      "the spool to drain",
      () => running.snapshot().spool.frames === 0 && running.snapshot().broker.inflight === 0,
      {
        timeoutMs: 30_000,
      },
    );
    await counting.stop();
    agent = undefined;
    await running.stop();
    const final = running.snapshot();
    const reported = final.pipeline.samplesReported;

    await waitFor(
      "the restarted ingest to consume the backlog",
      async () => (await countStored(ingest, DEVICES)).distinct >= reported,
      { timeoutMs: 40_000, intervalMs: 250 },
    );
    const stored = await waitForStored(ingest, DEVICES, reported);
    expect(final.spool.evictedSamples).toBe(0);
    expect(stored).toEqual({ points: reported, distinct: reported, ledgerSamples: reported });
  });
});
