import { DataType, type UAObject, type UAVariable } from "node-opcua";
import { nodesets } from "node-opcua-nodesets";
import type { ShiftSchedule } from "../behaviour/shift-schedule.js";
import { type SimulatorUser, startSimulatorServer } from "../server/opcua-server.js";
import { SimulatedClock } from "../server/simulated-clock.js";
import { VariableWriter } from "../server/variable-writer.js";
import { type LineBehaviour, LineModel, type LineSnapshot, lineBehaviour } from "./line-model.js";

/** The namespace `device-profiles/plc/opcua-generic-plc.yaml` declares as `app`: the profile works as is. */
export const PLC_APPLICATION_NAMESPACE = "urn:onramp:template:plc-application";

export interface PlcLineOptions {
  /** Browse name of the line object under Objects. Default `Line<n>`. */
  readonly name?: string;
  readonly behaviour?: Partial<LineBehaviour>;
}

export interface PlcSimulatorOptions {
  readonly port?: number;
  readonly host?: string;
  readonly pkiDir: string;
  readonly lines?: number | readonly PlcLineOptions[];
  readonly seed?: number;
  readonly speed?: number;
  readonly startTime?: number;
  readonly schedule?: ShiftSchedule;
  readonly tickMs?: number;
  readonly namespaceUri?: string;
  /** Application URI of the server (its certificate carries it). Default `urn:onramp:simulator:plc:<seed>`. */
  readonly applicationUri?: string;
  readonly users?: readonly SimulatorUser[];
  readonly allowAnonymous?: boolean;
}

export interface SimulatedLine {
  readonly id: string;
  /** Device root for the agent: `<namespace index>:<name>` from Objects. */
  readonly rootBrowsePath: string;
  readonly namespaceUri: string;
}

export interface PlcSimulator {
  readonly endpointUrl: string;
  readonly lines: readonly SimulatedLine[];
  stop(): Promise<void>;
}

/** The variables the generic PLC template asks the integrator to create (its `source.note`). */
const VARIABLES: readonly [string, DataType, (s: LineSnapshot) => unknown][] = [
  ["StateCurrent", DataType.Int32, (s) => s.state],
  ["UnitModeCurrent", DataType.Int32, (s) => s.unitMode],
  ["GoodParts", DataType.UInt32, (s) => s.goodParts],
  ["RejectParts", DataType.UInt32, (s) => s.rejectParts],
  ["LastCycleTime", DataType.Double, (s) => s.lastCycleTime],
  ["AlarmActive", DataType.Boolean, (s) => s.isAlarmActive],
  ["EmergencyStop", DataType.Boolean, (s) => s.isEmergencyStop],
  ["AlarmCode", DataType.Int32, (s) => s.alarmCode],
];

/**
 * An OPC UA server standing in for a PLC's built-in server: plain variables (no companion
 * model) under one object per line, driven by the PackML line model. Only the base nodeset is
 * loaded, so it starts in well under a second once its certificate exists.
 */
export async function startPlcSimulator(options: PlcSimulatorOptions): Promise<PlcSimulator> {
  const host = options.host ?? "127.0.0.1";
  const seed = options.seed ?? 1;
  const namespaceUri = options.namespaceUri ?? PLC_APPLICATION_NAMESPACE;
  const specs: readonly PlcLineOptions[] =
    typeof options.lines === "number" || options.lines === undefined
      ? Array.from({ length: options.lines ?? 1 }, () => ({}))
      : options.lines;
  const clock = new SimulatedClock(options.startTime ?? Date.now(), options.speed ?? 1);
  const server = await startSimulatorServer({
    port: options.port ?? 0,
    host,
    pkiDir: options.pkiDir,
    nodesets: [nodesets.standard],
    applicationUri: options.applicationUri ?? `urn:onramp:simulator:plc:${seed}`,
    productUri: "urn:onramp:simulator:plc",
    productName: "Onramp PLC simulator (PackML line)",
    softwareVersion: "0.1.0",
    ...(options.users ? { users: options.users } : {}),
    ...(options.allowAnonymous === undefined ? {} : { allowAnonymous: options.allowAnonymous }),
  });
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error("the OPC UA server has no address space");
  const namespace = addressSpace.registerNamespace(namespaceUri);
  const writer = new VariableWriter();

  const lines = specs.map((spec, i) => {
    const name = spec.name ?? `Line${i + 1}`;
    const object: UAObject = namespace.addObject({
      browseName: name,
      organizedBy: addressSpace.rootFolder.objects,
    });
    const variables = VARIABLES.map(([browseName, dataType, project]) => {
      const node: UAVariable = namespace.addVariable({
        componentOf: object,
        browseName,
        nodeId: `s=${name}.${browseName}`,
        dataType,
      });
      return { node, dataType, project };
    });
    const model = new LineModel(
      lineBehaviour({
        seed: seed * 1000 + i,
        ...(options.schedule ? { schedule: options.schedule } : {}),
        ...spec.behaviour,
      }),
      clock.now(),
    );
    return { name, model, variables };
  });

  const tick = () => {
    const now = clock.now();
    const at = new Date();
    for (const line of lines) {
      const snapshot = line.model.advanceTo(now);
      for (const v of line.variables) writer.set(v.node, v.dataType, v.project(snapshot), at);
    }
  };
  tick();
  const timer = setInterval(tick, options.tickMs ?? 100);
  timer.unref();

  return {
    endpointUrl: server.getEndpointUrl(),
    lines: lines.map((l) => ({ id: l.name, rootBrowsePath: `${namespace.index}:${l.name}`, namespaceUri })),
    async stop() {
      clearInterval(timer);
      await server.shutdown(0);
    },
  };
}
