import {
  type AddressSpace,
  DataType,
  promoteToStateMachine,
  type UAObject,
  type UAObjectType,
  type UAVariable,
} from "node-opcua";
import { VariableWriter, variableAt } from "../server/variable-writer.js";
import type { MachineSnapshot, ProgramState } from "./machine-model.js";

/** The nameplate of a simulated machine: what OPC 40501 Identification publishes. */
export interface MachineNameplate {
  /** Browse name of the MachineToolType instance (in the server's namespace, index 1). */
  readonly name: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly serialNumber: string;
  readonly productInstanceUri: string;
  readonly softwareRevision: string;
  readonly yearOfConstruction: number;
}

export const NS = {
  di: "http://opcfoundation.org/UA/DI/",
  machinery: "http://opcfoundation.org/UA/Machinery/",
  machineTool: "http://opcfoundation.org/UA/MachineTool/",
  cnc: "http://opcfoundation.org/UA/CNC",
} as const;

/** Optional members of MachineToolType the Onramp profiles read (opcua/machine-tool and -1.02). */
const OPTIONALS = [
  "Identification.Model",
  "Identification.SoftwareRevision",
  "Identification.YearOfConstruction",
  "Monitoring.MachineTool.PowerOnDuration",
  "Monitoring.MachineTool.OperationCounters",
  "Monitoring.MachineTool.OperationCounters.PartsProducedInLifetime",
  "Monitoring.MachineTool.MachineryItemState",
  "Production.Statistics",
  "Production.Statistics.PartsProducedInLifetime",
];

/** ProductionProgramStateMachineType state browse names (OPC 40501-1 §8.4.10). */
const PROGRAM_STATE: Record<ProgramState, string> = {
  initializing: "Initializing",
  running: "Running",
  ended: "Ended",
  interrupted: "Interrupted",
  aborted: "Aborted",
};

export interface MachineToolNodes {
  readonly machine: UAObject;
  update(snapshot: MachineSnapshot, at: Date): void;
}

/**
 * One MachineToolType instance under Machinery's Machines folder (OPC 40001-1 §10), with the
 * `<MonitoredElement>` placeholders filled as `mt:Channel1` and `mt:Spindle1` — the instance
 * names `device-profiles/cnc_machine_tool/opcua-machine-tool.yaml` documents as its convention.
 */
export function addMachineTool(addressSpace: AddressSpace, plate: MachineNameplate): MachineToolNodes {
  const mt = addressSpace.getNamespaceIndex(NS.machineTool);
  const machinery = addressSpace.getNamespaceIndex(NS.machinery);
  const type = (name: string, ns: number): UAObjectType => {
    const found = addressSpace.findObjectType(name, ns);
    if (!found) throw new Error(`nodeset type ${name} (ns ${ns}) is not loaded`);
    return found;
  };
  const machines = addressSpace.findNode(`ns=${machinery};i=1001`) as UAObject | null; // Machinery's MachinesFolder
  if (!machines) throw new Error("the Machinery nodeset's Machines folder is missing");

  const machine = type("MachineToolType", mt).instantiate({
    browseName: { namespaceIndex: 1, name: plate.name },
    organizedBy: machines,
    optionals: OPTIONALS,
  }) as UAObject;
  const monitoring = variableAt(machine, "Monitoring") as unknown as UAObject;
  type("ChannelMonitoringType", mt).instantiate({
    browseName: { namespaceIndex: mt, name: "Channel1" },
    componentOf: monitoring,
  });
  type("SpindleMonitoringType", mt).instantiate({
    browseName: { namespaceIndex: mt, name: "Spindle1" },
    componentOf: monitoring,
    optionals: ["Override"],
  });

  const at = (path: string) => variableAt(machine, path);
  const writer = new VariableWriter();
  const now = new Date();
  writer.set(at("Identification/Manufacturer"), DataType.LocalizedText, { text: plate.manufacturer }, now);
  writer.set(at("Identification/Model"), DataType.LocalizedText, { text: plate.model }, now);
  writer.set(at("Identification/SerialNumber"), DataType.String, plate.serialNumber, now);
  writer.set(at("Identification/ProductInstanceUri"), DataType.String, plate.productInstanceUri, now);
  writer.set(at("Identification/SoftwareRevision"), DataType.String, plate.softwareRevision, now);
  writer.set(at("Identification/YearOfConstruction"), DataType.UInt16, plate.yearOfConstruction, now);
  writer.set(at("Monitoring/Channel1/Name"), DataType.String, "Channel 1", now);
  writer.set(at("Monitoring/Spindle1/Name"), DataType.String, "Main spindle", now);
  writer.set(at("Production/ActiveProgram/NumberInList"), DataType.UInt16, 0, now);

  const programState = stateMachineAt(addressSpace, machine, "Production/ActiveProgram/State");
  const itemState = stateMachineAt(addressSpace, machine, "Monitoring/MachineTool/MachineryItemState");

  const dynamic: [UAVariable, DataType, (s: MachineSnapshot) => unknown][] = [
    [at("Monitoring/Channel1/ChannelState"), DataType.Int32, channelStateOf],
    [at("Monitoring/Channel1/ChannelMode"), DataType.Int32, (s) => (s.mode === "manual" ? 2 : 0)],
    [at("Monitoring/Channel1/FeedOverride"), DataType.Double, (s) => s.feedOverride],
    [at("Monitoring/Spindle1/Override"), DataType.Double, (s) => s.spindleOverride],
    [at("Monitoring/Spindle1/IsRotating"), DataType.Boolean, (s) => s.spindleSpeed > 0],
    [at("Monitoring/MachineTool/OperationMode"), DataType.Int32, (s) => (s.mode === "manual" ? 2 : 1)],
    [at("Production/ActiveProgram/Name"), DataType.String, (s) => s.program.name],
  ];
  const counters: [UAVariable, DataType, (s: MachineSnapshot) => unknown][] = [
    [
      at("Monitoring/MachineTool/PowerOnDuration"),
      DataType.UInt32,
      (s) => Math.floor(s.powerOnSeconds / 3600),
    ],
    [
      at("Monitoring/MachineTool/OperationCounters/PowerOnDuration"),
      DataType.Double,
      (s) => s.powerOnSeconds * 1000,
    ],
    [
      at("Monitoring/MachineTool/OperationCounters/PartsProducedInLifetime"),
      DataType.UInt64,
      (s) => [0, s.partCount],
    ],
    [at("Production/Statistics/PartsProducedInLifetime"), DataType.UInt32, (s) => s.partCount],
  ];

  return {
    machine,
    update(s, when) {
      // Counters are persisted by the control and stay readable while the machine is off; the
      // live state of a powered-off machine is not available (Bad_OutOfService).
      for (const [node, dataType, value] of counters) writer.set(node, dataType, value(s), when);
      for (const [node, dataType, value] of dynamic) {
        if (s.isPowered) writer.set(node, dataType, value(s), when);
        else writer.setOutOfService(node, when);
      }
      // MachineryItemState (OPC 40001-1 §11): NotAvailable when off, Executing while running a program.
      itemState.setState(
        !s.isPowered ? "NotAvailable" : s.programState === "running" ? "Executing" : "NotExecuting",
      );
      if (s.isPowered) programState.setState(PROGRAM_STATE[s.programState]);
    },
  };
}

/** OPC 40501-1 §12.1 ChannelState: 0 Active, 1 Interrupted, 2 Reset. */
function channelStateOf(s: MachineSnapshot): number {
  if (s.activity === "cycle") return 0;
  if (s.activity === "feed-hold" || s.activity === "alarm") return 1;
  return 2;
}

/**
 * CurrentState/Number is optional on StateVariableType (OPC 10000-5 §B.4.3) and the profiles read
 * it (a number survives localisation, the state's name does not): add it; node-opcua's
 * state machine then keeps it in step with the state.
 */
function stateMachineAt(addressSpace: AddressSpace, root: UAObject, path: string) {
  const currentState = variableAt(root, `${path}/CurrentState`);
  if (!currentState.getPropertyByName("Number")) {
    addressSpace.getOwnNamespace().addVariable({
      propertyOf: currentState,
      browseName: { namespaceIndex: 0, name: "Number" },
      dataType: "UInt32",
      typeDefinition: "PropertyType",
    });
  }
  return promoteToStateMachine(variableAt(root, path) as unknown as UAObject);
}
