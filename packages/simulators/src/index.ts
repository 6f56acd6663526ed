// Public surface of @onramp/simulators.

export { createRandom, noiseAt, type Random } from "./behaviour/random.js";
export {
  ALWAYS_ON,
  isWorkingTime,
  nextScheduleChange,
  type Shift,
  type ShiftSchedule,
  TWO_SHIFTS,
} from "./behaviour/shift-schedule.js";
export {
  type Activity,
  ALARMS,
  type CncProgram,
  DEFAULT_PROGRAMS,
  type MachineBehaviour,
  MachineModel,
  type MachineSnapshot,
  machineBehaviour,
} from "./cnc/machine-model.js";
export type { MachineNameplate } from "./cnc/machine-tool.js";
export {
  type CncMachineOptions,
  type CncSimulator,
  type CncSimulatorOptions,
  defaultNameplate,
  type SimulatedMachine,
  startCncSimulator,
} from "./cnc/simulator.js";
export {
  cncModbusValues,
  fx5uValues,
  lineLoad,
  machineLoad,
  pm5300Values,
  sdm630Values,
} from "./modbus/device-maps.js";
export { type MeterBehaviour, MeterModel, type MeterReading, meterBehaviour } from "./modbus/meter-model.js";
export { type ModbusServer, serveModbus } from "./modbus/modbus-server.js";
export {
  type ModbusDeviceKind,
  type ModbusPlant,
  type ModbusPlantOptions,
  type ModbusUnitOptions,
  PROFILE_OF_KIND,
  serialOfUnit,
  startModbusPlant,
} from "./modbus/plant.js";
export {
  type DeviceMemory,
  emptyImage,
  modbusSources,
  type RawValues,
  type RegisterImage,
  readRegister,
  writeValues,
} from "./modbus/register-image.js";
export {
  MTCONNECT_MACHINE_PROFILE,
  type MtconnectAgentOptions,
  type MtconnectAgentSimulator,
  startMtconnectAgentSimulator,
} from "./mtconnect/agent-simulator.js";
export { type LineBehaviour, LineModel, type LineSnapshot, lineBehaviour, PACKML } from "./plc/line-model.js";
export {
  PLC_APPLICATION_NAMESPACE,
  type PlcLineOptions,
  type PlcSimulator,
  type PlcSimulatorOptions,
  type SimulatedLine,
  startPlcSimulator,
} from "./plc/simulator.js";
export {
  lineDbImage,
  S7_LINE_PROFILE,
  type S7LineSimulator,
  type S7LineSimulatorOptions,
  startS7LineSimulator,
} from "./s7/line-simulator.js";
export type { SimulatorUser } from "./server/opcua-server.js";
