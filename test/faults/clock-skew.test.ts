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

/** Twice the ingest's default skew bound (--max-skew-ms 300000). */
const OFFSET_MS = 600_000;

describe("the gateway's clock runs 10 minutes ahead", () => {
  let broker: MosquittoBroker;
  let plc: PymodbusServer;
  let ws: Workspace;
  let ingest: IngestProcess;
  let agent: Agent | undefined;

  beforeAll(async () => {
    broker = await startMosquitto();
    plc = await startCounterPlc([1]);
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

  it("flags every frame as skewed and still stores every sample once", async () => {
    await ws.writeConfig(testConfig([{ id: "press-1", port: plc.port, unit: 1 }]));
    const counting = await startCounting(plc.port, [1]);
    const running = await startAgent(ws.configPath, () => Date.now() + OFFSET_MS);
    agent = running;
    await waitFor("200 samples reported", () => running.snapshot().pipeline.samplesReported >= 200, {
      timeoutMs: 30_000,
    });
    await counting.stop();
    agent = undefined;
    await running.stop();
    const final = running.snapshot();
    const reported = final.pipeline.samplesReported;
    const stored = await waitForStored(ingest, ["press-1"], reported, Date.now() + 2 * OFFSET_MS);
    expect(stored).toEqual({ points: reported, distinct: reported, ledgerSamples: reported });
    const frames = await ingest.metric("onramp_ingest_frames_total", 'outcome="stored"');
    expect(await ingest.metric("onramp_ingest_clock_skew_frames_total")).toBe(frames);
    expect(await ingest.metric("onramp_ingest_rejections_total")).toBe(0);
  });
});
