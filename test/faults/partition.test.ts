import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agent } from "../../edge-agent/src/agent.js";
import {
  createWorkspace,
  startAgent,
  startCounterPlc,
  startCounting,
  testConfig,
  type Workspace,
} from "../../edge-agent/test/e2e/fixture.js";
import { removeDataDirs } from "../../ingest-service/test/helpers/data-dir.js";
import { type MosquittoBroker, startMosquitto } from "../peers/mosquitto.js";
import type { PymodbusServer } from "../peers/pymodbus.js";
import { waitFor } from "../peers/wait.js";
import { type PartitionableLink, startPartitionableLink } from "./netns-link.js";
import { type IngestProcess, startIngest, waitForStored } from "./pipeline.js";

describe("network partition between agent and broker (veth between two network namespaces)", () => {
  let broker: MosquittoBroker;
  let link: PartitionableLink;
  let plc: PymodbusServer;
  let ws: Workspace;
  let ingest: IngestProcess;
  let agent: Agent | undefined;

  beforeAll(async () => {
    broker = await startMosquitto();
    link = await startPartitionableLink(broker.port);
    plc = await startCounterPlc([1]);
    ws = await createWorkspace(link.url);
    ingest = await startIngest(broker.url, ws.gatewayKeys);
  });
  afterAll(async () => {
    link?.heal();
    await agent?.stop();
    await ingest?.stop();
    await link?.close();
    await plc?.stop();
    await broker?.stop();
    await ws?.remove();
    await removeDataDirs();
  });

  it("spools through the partition, notices it by keepalive, and delivers everything once healed", async () => {
    await ws.writeConfig(
      testConfig([{ id: "press-1", port: plc.port, unit: 1 }], {
        broker: {
          keepaliveSeconds: 5,
          connectTimeoutMs: 2000,
          reconnectMinMs: 100,
          reconnectMaxMs: 500,
          catchUpFramesPerSecond: 2000,
        },
      }),
    );
    const counting = await startCounting(plc.port, [1]);
    const running = await startAgent(ws.configPath);
    agent = running;
    await waitFor("the first frames acknowledged", () => running.snapshot().broker.framesAcked >= 5, {
      timeoutMs: 20_000,
    });
    link.partition();
    await waitFor(
      "the agent to notice the partition",
      () => running.snapshot().broker.state !== "connected",
      {
        timeoutMs: 30_000,
        intervalMs: 50,
      },
    );
    await waitFor("frames spooled during the partition", () => running.snapshot().spool.frames >= 5, {
      timeoutMs: 20_000,
    });
    link.heal();
    const connectsBeforeHeal = running.snapshot().broker.connects;
    expect(connectsBeforeHeal).toBe(1); // no reconnection through a cut link
    await waitFor(
      "the spool to drain after the heal",
      () => running.snapshot().spool.frames === 0 && running.snapshot().broker.inflight === 0,
      { timeoutMs: 30_000 },
    );
    await counting.stop();
    agent = undefined;
    await running.stop();
    const final = running.snapshot();
    expect(final.spool.evictedSamples).toBe(0);
    const reported = final.pipeline.samplesReported;
    const stored = await waitForStored(ingest, ["press-1"], reported);
    expect(stored).toEqual({ points: reported, distinct: reported, ledgerSamples: reported });
  });
});
