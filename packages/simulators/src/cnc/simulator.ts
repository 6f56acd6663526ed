import { nodesets } from "node-opcua-nodesets";
import type { ShiftSchedule } from "../behaviour/shift-schedule.js";
import { type SimulatorUser, startSimulatorServer } from "../server/opcua-server.js";
import { SimulatedClock } from "../server/simulated-clock.js";
import { addCncInterface, type CncInterfaceNodes } from "./cnc-interface.js";
import { type MachineBehaviour, MachineModel, machineBehaviour } from "./machine-model.js";
import { addMachineTool, type MachineNameplate, type MachineToolNodes } from "./machine-tool.js";

export interface CncMachineOptions extends Partial<MachineNameplate> {
  readonly behaviour?: Partial<MachineBehaviour>;
}

export interface CncSimulatorOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Certificate store of the server (required: never node-opcua's shared default under $HOME). */
  readonly pkiDir: string;
  /** A count of default machines, or each machine's nameplate and behaviour. Default 1. */
  readonly machines?: number | readonly CncMachineOptions[];
  /** Seeds every machine's behaviour (machine i gets seed × 1000 + i). Default 1. */
  readonly seed?: number;
  /** Simulated seconds per real second. Default 1. */
  readonly speed?: number;
  /** Simulated time at start (ms since the epoch). Default now. */
  readonly startTime?: number;
  /** Shift schedule of every machine that sets none. Default two shifts, Monday–Friday. */
  readonly schedule?: ShiftSchedule;
  /** How often the machines are advanced (real ms). Default 100. */
  readonly tickMs?: number;
  readonly users?: readonly SimulatorUser[];
  readonly allowAnonymous?: boolean;
}

export interface SimulatedMachine {
  readonly id: string;
  /** Device root for the agent: browse path from Objects (`machinery:` = the Machinery namespace). */
  readonly rootBrowsePath: string;
  /** Root of the machine's OPC 40502 CncInterface, for the opcua/cnc-system profile. */
  readonly cncInterfaceBrowsePath: string;
  readonly serialNumber: string;
  readonly manufacturer: string;
  readonly model: string;
}

export interface CncSimulator {
  readonly endpointUrl: string;
  readonly machines: readonly SimulatedMachine[];
  /** Simulated time now (ms since the epoch). */
  simulatedNow(): number;
  /** Machine `index` ends its current setup or idle spell at simulated time `t` (MachineModel). */
  endCurrentActivityAt(index: number, t: number): void;
  stop(): Promise<void>;
}

/** DI, IA, Machinery (+ Jobs and ISA-95 job control, which Machine Tools 1.02 requires), Machine Tools, CNC. */
const NODESETS = [
  nodesets.standard,
  nodesets.di,
  nodesets.ia,
  nodesets.machinery,
  nodesets.isa95JobControl,
  nodesets.machineryJobs,
  nodesets.machineTool,
  nodesets.cnc,
];

const MODELS = [
  { model: "VMC 850 vertical machining centre", code: "VMC850" },
  { model: "HMC 500 horizontal machining centre", code: "HMC500" },
  { model: "TL 2500 CNC lathe", code: "TL2500" },
];

/** Default nameplate of the i-th machine (0-based). */
export function defaultNameplate(i: number, seed: number): MachineNameplate {
  const m = MODELS[i % MODELS.length] ?? { model: "VMC 850", code: "VMC850" };
  const serialNumber = `${m.code}-${String(seed).padStart(2, "0")}${String(i + 1).padStart(4, "0")}`;
  return {
    name: `Machine${i + 1}`,
    manufacturer: "Onramp Simulated Machine Tools",
    model: m.model,
    serialNumber,
    productInstanceUri: `urn:onramp:simulator:machine-tool:${serialNumber}`,
    softwareRevision: "4.8.2",
    yearOfConstruction: 2019 + (i % 6),
  };
}

/**
 * Starts an OPC UA server with the official DI, Machinery, IA, Machine Tools and CNC nodesets and
 * one MachineToolType instance (plus its OPC 40502 CncInterface) per machine, each driven by its
 * own seeded behaviour model on a shared simulated clock.
 */
export async function startCncSimulator(options: CncSimulatorOptions): Promise<CncSimulator> {
  const host = options.host ?? "127.0.0.1";
  const seed = options.seed ?? 1;
  const specs: readonly CncMachineOptions[] =
    typeof options.machines === "number" || options.machines === undefined
      ? Array.from({ length: options.machines ?? 1 }, () => ({}))
      : options.machines;
  const clock = new SimulatedClock(options.startTime ?? Date.now(), options.speed ?? 1);
  const server = await startSimulatorServer({
    port: options.port ?? 0,
    host,
    pkiDir: options.pkiDir,
    nodesets: NODESETS,
    applicationUri: `urn:onramp:simulator:cnc:${seed}`,
    productUri: "urn:onramp:simulator:cnc",
    productName: "Onramp CNC simulator (OPC 40501 / 40502)",
    softwareVersion: "0.1.0",
    ...(options.users ? { users: options.users } : {}),
    ...(options.allowAnonymous === undefined ? {} : { allowAnonymous: options.allowAnonymous }),
  });
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error("the OPC UA server has no address space");

  const machines = specs.map((spec, i) => {
    const plate = { ...defaultNameplate(i, seed), ...spec };
    const behaviour = machineBehaviour({
      seed: seed * 1000 + i,
      ...(options.schedule ? { schedule: options.schedule } : {}),
      ...spec.behaviour,
    });
    const model = new MachineModel(behaviour, clock.now());
    const tool: MachineToolNodes = addMachineTool(addressSpace, plate);
    const cnc: CncInterfaceNodes = addCncInterface(addressSpace, tool.machine, plate, i === 0);
    return { plate, model, tool, cnc };
  });

  const tick = () => {
    const now = clock.now();
    const at = new Date();
    for (const m of machines) {
      const snapshot = m.model.advanceTo(now);
      m.tool.update(snapshot, at);
      m.cnc.update(snapshot, at);
    }
  };
  tick();
  const timer = setInterval(tick, options.tickMs ?? 100);
  timer.unref();

  return {
    endpointUrl: server.getEndpointUrl(),
    machines: machines.map(({ plate }) => ({
      id: plate.name,
      rootBrowsePath: `machinery:Machines/1:${plate.name}`,
      cncInterfaceBrowsePath: `machinery:Machines/1:${plate.name}/cnc:CncInterface`,
      serialNumber: plate.serialNumber,
      manufacturer: plate.manufacturer,
      model: plate.model,
    })),
    simulatedNow: () => clock.now(),
    endCurrentActivityAt: (index, t) => {
      const machine = machines[index];
      if (machine === undefined)
        throw new Error(`no machine ${index} (the simulator has ${machines.length})`);
      machine.model.endCurrentActivityAt(t);
    },
    async stop() {
      clearInterval(timer);
      await server.shutdown(0);
    },
  };
}
