import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ALWAYS_ON,
  type CncSimulator,
  type CncSimulatorOptions,
  startCncSimulator,
} from "@onramp/simulators";
import { afterAll, beforeAll } from "vitest";
import { type MosquittoBroker, startMosquitto } from "../../../test/peers/mosquitto.js";
import type { PymodbusServer } from "../../../test/peers/pymodbus.js";
import type { Agent } from "../../src/agent.js";
import { startAedes, type TestBroker } from "./broker.js";
import { Collector } from "./collector.js";
import { createWorkspace, startAgent, startCounterPlc, type Workspace } from "./fixture.js";

/** A real peer a test starts in `beforeAll` and stops in `afterAll`. */
export interface Peer<T> {
  start(): Promise<T>;
  stop(peer: T): Promise<void>;
}

export const aedesPeer: Peer<TestBroker> = { start: startAedes, stop: (broker) => broker.close() };

export const mosquittoPeer: Peer<MosquittoBroker> = {
  start: () => startMosquitto(),
  stop: (broker) => broker.stop(),
};

/** The counting PLC of `startCounterPlc`: one pymodbus server with these units. */
export function counterPlcPeer(units: number[]): Peer<PymodbusServer> {
  return { start: () => startCounterPlc(units), stop: (plc) => plc.stop() };
}

/** The CNC simulator of `@onramp/simulators` (OPC 40501/40502), with its own temporary PKI. */
export function cncSimulatorPeer(
  options: Omit<CncSimulatorOptions, "pkiDir"> = {},
): Peer<CncSimulator & { readonly pkiDir: string }> {
  return {
    async start() {
      const pkiDir = await mkdtemp(join(tmpdir(), "onramp-e2e-cnc-"));
      const simulator = await startCncSimulator({ schedule: ALWAYS_ON, ...options, pkiDir });
      return Object.assign(simulator, { pkiDir });
    },
    async stop(simulator) {
      await simulator.stop();
      await rm(simulator.pkiDir, { recursive: true, force: true });
    },
  };
}

/** What every end-to-end test has: a broker, a device peer, an enrolled workspace and the verifying collector. */
export interface EndToEnd<B, D> {
  readonly broker: B;
  readonly device: D;
  readonly ws: Workspace;
  readonly collector: Collector;
  /** Starts the agent in this process on the workspace's config; stopped after the suite if the test did not. */
  startAgent(): Promise<Agent>;
}

/**
 * Registers the suite's `beforeAll`/`afterAll`: starts the broker, the device peer, the workspace
 * and the collector (in that order), and stops them, with every agent the tests started, in
 * reverse — also when a start failed halfway.
 */
export function useEndToEnd<B extends { readonly url: string }, D>(peers: {
  broker: Peer<B>;
  device: Peer<D>;
}): EndToEnd<B, D> {
  let started: { broker: B; device: D; ws: Workspace; collector: Collector } | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  const agents: Agent[] = [];

  beforeAll(async () => {
    const broker = await peers.broker.start();
    cleanups.push(() => peers.broker.stop(broker));
    const device = await peers.device.start();
    cleanups.push(() => peers.device.stop(device));
    const ws = await createWorkspace(broker.url);
    cleanups.push(() => ws.remove());
    const collector = await Collector.connect(broker.url, ws.gatewayKeys);
    cleanups.push(() => collector.close());
    started = { broker, device, ws, collector };
  });
  afterAll(async () => {
    for (const agent of agents) await agent.stop();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const get = () => {
    if (started === undefined) throw new Error("the end-to-end peers are used before beforeAll ran");
    return started;
  };
  return {
    get broker() {
      return get().broker;
    },
    get device() {
      return get().device;
    },
    get ws() {
      return get().ws;
    },
    get collector() {
      return get().collector;
    },
    async startAgent() {
      const agent = await startAgent(get().ws.configPath);
      agents.push(agent);
      return agent;
    },
  };
}
