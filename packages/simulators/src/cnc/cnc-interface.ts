import { type AddressSpace, DataType, type UAObject, type UAObjectType, type UAVariable } from "node-opcua";
import { VariableWriter, variableAt } from "../server/variable-writer.js";
import type { MachineSnapshot } from "./machine-model.js";
import { type MachineNameplate, NS } from "./machine-tool.js";

export interface CncInterfaceNodes {
  readonly cncInterface: UAObject;
  update(snapshot: MachineSnapshot, at: Date): void;
}

/**
 * The OPC 40502 CncInterface of one machine: channel `cnc:Channel1`, spindle `cnc:Spindle1`, axes
 * `cnc:X`/`cnc:Y`/`cnc:Z` (the instance names `opcua-cnc-system.yaml` documents as its convention).
 * 40502 §8.1 wants the CncInterface under Objects; a server with several machines cannot put them
 * all there under one name, so each machine carries its own as a component, and the first machine's
 * is also organised by Objects, where the profile's default root finds it.
 */
export function addCncInterface(
  addressSpace: AddressSpace,
  machine: UAObject,
  plate: MachineNameplate,
  isFirst: boolean,
): CncInterfaceNodes {
  const cnc = addressSpace.getNamespaceIndex(NS.cnc);
  const type = (name: string): UAObjectType => {
    const found = addressSpace.findObjectType(name, cnc);
    if (!found) throw new Error(`nodeset type ${name} (CNC) is not loaded`);
    return found;
  };
  const cncInterface = type("CncInterfaceType").instantiate({
    browseName: { namespaceIndex: cnc, name: "CncInterface" },
    componentOf: machine,
  }) as UAObject;
  if (isFirst)
    addressSpace.rootFolder.objects.addReference({ referenceType: "Organizes", nodeId: cncInterface });
  const list = (name: string) => variableAt(cncInterface, name) as unknown as UAObject;
  type("CncChannelType").instantiate({
    browseName: { namespaceIndex: cnc, name: "Channel1" },
    componentOf: list("CncChannelList"),
  });
  type("CncSpindleType").instantiate({
    browseName: { namespaceIndex: cnc, name: "Spindle1" },
    componentOf: list("CncSpindleList"),
  });
  for (const axis of ["X", "Y", "Z"]) {
    type("CncAxisType").instantiate({
      browseName: { namespaceIndex: cnc, name: axis },
      componentOf: list("CncAxisList"),
    });
  }

  const at = (path: string) => variableAt(cncInterface, path);
  const writer = new VariableWriter();
  const now = new Date();
  writer.set(at("VendorName"), DataType.String, plate.manufacturer, now);
  writer.set(at("VendorRevision"), DataType.String, plate.softwareRevision, now);
  writer.set(at("Version"), DataType.String, "1.00", now);
  writer.set(at("CncChannelList/Channel1/Id"), DataType.UInt32, 1, now);

  const channel = (name: string) => at(`CncChannelList/Channel1/${name}`);
  const spindle = (name: string) => at(`CncSpindleList/Spindle1/${name}`);
  const dynamic: [UAVariable, DataType, (s: MachineSnapshot) => unknown][] = [
    [channel("ActStatus"), DataType.Int32, channelStatusOf],
    [channel("ActProgramStatus"), DataType.Int32, programStatusOf],
    [channel("ActOperationMode"), DataType.Int32, (s) => (s.mode === "manual" ? 0 : 2)],
    [channel("CmdOperationMode"), DataType.Int32, (s) => (s.mode === "manual" ? 0 : 2)],
    [channel("FeedHold"), DataType.Boolean, (s) => s.activity === "feed-hold"],
    [channel("ActFeedrate"), DataType.Double, (s) => s.feedRate],
    [channel("CmdFeedrate"), DataType.Double, (s) => (s.activity === "cycle" ? s.program.feedMmPerMin : 0)],
    [channel("ActOverride"), DataType.Double, (s) => s.feedOverride],
    [channel("CmdOverride"), DataType.Double, (s) => s.feedOverride],
    [channel("ActMainProgramName"), DataType.String, (s) => s.program.name],
    [channel("ActMainProgramFile"), DataType.String, (s) => `/NC/${s.program.name}.MPF`],
    [channel("ActProgramName"), DataType.String, (s) => s.program.name],
    [channel("ActProgramFile"), DataType.String, (s) => `/NC/${s.program.name}.MPF`],
    [channel("ToolId"), DataType.UInt32, (s) => s.program.toolId],
    [spindle("ActSpeed"), DataType.Double, (s) => s.spindleSpeed],
    [spindle("CmdSpeed"), DataType.Double, (s) => (s.spindleSpeed > 0 ? s.program.spindleRpm : 0)],
    [spindle("ActOverride"), DataType.Double, (s) => s.spindleOverride],
    [spindle("CmdOverride"), DataType.Double, (s) => s.spindleOverride],
    [spindle("ActLoad"), DataType.Double, (s) => s.spindleLoad],
    [spindle("ActStatus"), DataType.Int32, (s) => (s.spindleSpeed > 0 ? 1 : 0)],
    [spindle("ActTurnDirection"), DataType.Int32, (s) => (s.spindleSpeed > 0 ? 1 : 0)],
    [at("CncAxisList/X/PosIndirect/ActPos"), DataType.Double, (s) => s.axes.x],
    [at("CncAxisList/Y/PosIndirect/ActPos"), DataType.Double, (s) => s.axes.y],
    [at("CncAxisList/Z/PosIndirect/ActPos"), DataType.Double, (s) => s.axes.z],
  ];

  return {
    cncInterface,
    update(s, when) {
      for (const [node, dataType, value] of dynamic) {
        if (s.isPowered) writer.set(node, dataType, value(s), when);
        else writer.setOutOfService(node, when);
      }
    },
  };
}

/** CncChannelStatus: 0 Active, 1 Interrupted, 2 Reset (same semantics as OPC 40501 ChannelState). */
function channelStatusOf(s: MachineSnapshot): number {
  if (s.activity === "cycle") return 0;
  return s.activity === "feed-hold" || s.activity === "alarm" ? 1 : 2;
}

/** CncChannelProgramStatus: 0 Stopped, 1 Running, 2 Waiting, 3 Interrupted, 4 Canceled. */
function programStatusOf(s: MachineSnapshot): number {
  switch (s.programState) {
    case "running":
      return 1;
    case "interrupted":
      return 3;
    case "aborted":
      return 4;
    default:
      return 0;
  }
}
