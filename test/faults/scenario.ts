// The setup every pipeline fault scenario shares: pymodbus counting PLC → agent → Mosquitto →
// ingest child process, started before the file's tests and stopped after them, and the one
// closing check of every scenario: each sample the agent reported is stored exactly once.
import { afterAll, beforeAll, expect } from "vitest";
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
import { type IngestProcess, startIngest, waitForStored } from "./pipeline.js";

export interface FaultScenario {
  broker: MosquittoBroker;
  plc: PymodbusServer;
  ws: Workspace;
  ingest: IngestProcess;
  /** The running agent, stopped after the tests if a test left it running. */
  agent: Agent | undefined;
}

export interface ScenarioOptions {
  /** Unit ids the counting PLC serves. */
  units: readonly number[];
  /** Mosquitto keeps sessions and queues on disk across its own restart. */
  isBrokerPersistent?: boolean;
  /** Extra peers of the scenario, stopped before the PLC. */
  extraStop?: () => Promise<void>;
}

/** Registers the hooks; the returned object is filled in `beforeAll`. */
export function useFaultScenario(opts: ScenarioOptions): FaultScenario {
  const s = {} as FaultScenario;
  beforeAll(async () => {
    s.broker = await startMosquitto(opts.isBrokerPersistent ? { persistent: true } : {});
    s.plc = await startCounterPlc([...opts.units]);
    s.ws = await createWorkspace(s.broker.url);
    s.ingest = await startIngest(s.broker.url, s.ws.gatewayKeys);
  });
  afterAll(async () => {
    await s.agent?.stop();
    await s.ingest?.stop();
    await opts.extraStop?.();
    await s.plc?.stop();
    await s.broker?.stop();
    await s.ws?.remove();
    await removeDataDirs();
  });
  return s;
}

export type PlcDevice = { id: string; port: number; unit: number };

/** Writes the agent config, starts counting what the PLC's units produce, starts the agent. */
export async function startCountedAgent(
  s: FaultScenario,
  devices: PlcDevice[],
  opts: { overrides?: Parameters<typeof testConfig>[1]; now?: () => number } = {},
) {
  await s.ws.writeConfig(testConfig(devices, opts.overrides));
  const counted = devices.filter((d) => d.port === s.plc.port).map((d) => d.unit);
  const counting = await startCounting(s.plc.port, counted);
  const agent = await startAgent(s.ws.configPath, opts.now);
  s.agent = agent;
  return { agent, counting };
}

/**
 * Stops the source and the agent, then asserts what every scenario promises: the store holds
 * every sample the agent reported, once (points, distinct series points and ledger samples).
 */
export async function expectEverySampleStoredOnce(
  s: FaultScenario,
  run: Awaited<ReturnType<typeof startCountedAgent>>,
  devices: readonly string[],
  opts: { until?: number } = {},
) {
  await run.counting.stop();
  s.agent = undefined;
  await run.agent.stop();
  const final = run.agent.snapshot();
  const reported = final.pipeline.samplesReported;
  const stored = await waitForStored(s.ingest, [...devices], reported, opts.until);
  expect(final.spool.evictedSamples).toBe(0);
  expect(stored).toEqual({ points: reported, distinct: reported, ledgerSamples: reported });
  return final;
}
