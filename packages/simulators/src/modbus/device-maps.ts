import type { MachineSnapshot } from "../cnc/machine-model.js";
import { type LineSnapshot, PACKML } from "../plc/line-model.js";
import type { MeterReading } from "./meter-model.js";
import type { RawValues } from "./register-image.js";

/**
 * What each device's firmware stores in its registers, from the behaviour models' state: raw
 * register values, before the profile's scale and enum map (the agent applies those).
 */

/** Eastron SDM630: float32 W, V, A, kWh (profile eastron/sdm630). */
export function sdm630Values(r: MeterReading, serialNumber: number): RawValues {
  const [p1, p2, p3] = r.powerKw;
  return {
    serial_number: serialNumber,
    voltage_l1: r.voltageLn[0],
    voltage_l2: r.voltageLn[1],
    voltage_l3: r.voltageLn[2],
    current_l1: r.current[0],
    current_l2: r.current[1],
    current_l3: r.current[2],
    power_active_l1: p1 * 1000,
    power_active_l2: p2 * 1000,
    power_active_l3: p3 * 1000,
    power_active: r.totalKw * 1000,
    power_apparent: r.apparentKva * 1000,
    power_reactive: r.reactiveKvar * 1000,
    power_factor: r.powerFactor,
    frequency: r.frequency,
    energy_import: r.importKwh,
    energy_export: r.exportKwh,
    energy_reactive_import: r.reactiveImportKvarh,
    energy_reactive_export: 0,
    voltage_l1_l2: r.voltageLl[0],
    voltage_l2_l3: r.voltageLl[1],
    voltage_l3_l1: r.voltageLl[2],
    current_neutral: r.currentNeutral,
    energy_import_plus_export: r.importKwh + r.exportKwh,
    energy_reactive_import_plus_export: r.reactiveImportKvarh,
  };
}

/** Schneider PM5300: float32 A, V, kW, kvar, kVA, Hz; INT64 Wh and varh (profile schneider/pm5300). */
export function pm5300Values(r: MeterReading, serialNumber: number): RawValues {
  const avg = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    serial_number: serialNumber,
    model: "PM5340",
    current_a: r.current[0],
    current_b: r.current[1],
    current_c: r.current[2],
    current_n: r.currentNeutral,
    current_avg: avg(r.current),
    voltage_ab: r.voltageLl[0],
    voltage_bc: r.voltageLl[1],
    voltage_ca: r.voltageLl[2],
    voltage_ll_avg: avg(r.voltageLl),
    voltage_an: r.voltageLn[0],
    voltage_bn: r.voltageLn[1],
    voltage_cn: r.voltageLn[2],
    power_active_a: r.powerKw[0],
    power_active_b: r.powerKw[1],
    power_active_c: r.powerKw[2],
    power_active: r.totalKw,
    power_reactive: r.reactiveKvar,
    power_apparent: r.apparentKva,
    frequency: r.frequency,
    energy_active_delivered: BigInt(Math.floor(r.importKwh * 1000)),
    energy_reactive_delivered: BigInt(Math.floor(r.reactiveImportKvarh * 1000)),
  };
}

/** What a machine's program copies into its identity registers at the first scan. */
export interface MachineNameplate {
  /** Up to 16 ASCII characters, unique per machine. */
  readonly serialNumber: string;
  readonly model: string;
  /** FX5U: the firmware version × 100 (D156); the CNC template: NC software version text. */
  readonly firmware: number | string;
}

/** Mitsubishi FX5U running a PackML line program (profile mitsubishi/fx5u-modbus, D100–D156). */
export function fx5uValues(
  s: LineSnapshot,
  recipe: string,
  program: number,
  nameplate: MachineNameplate,
): RawValues {
  const isRunning = s.state === PACKML.Execute;
  const statusWord = (isRunning ? 1 : 0) | (s.isAlarmActive ? 2 : 0) | (s.isEmergencyStop ? 4 : 0);
  return {
    status_word: statusWord,
    execution: s.state,
    controller_mode: s.unitMode,
    part_count: s.goodParts + s.rejectParts,
    reject_count: s.rejectParts,
    cycle_time: s.lastCycleTime,
    alarm_code: s.alarmCode,
    program,
    recipe_name: recipe,
    serial_number: nameplate.serialNumber,
    model: nameplate.model,
    firmware_version: Number(nameplate.firmware),
  };
}

/** MTConnect Execution codes of the cnc/modbus-template register contract. */
const EXECUTION_CODE: Record<MachineSnapshot["activity"], number> = {
  off: 9,
  setup: 4,
  idle: 0,
  load: 8,
  cycle: 1,
  "feed-hold": 3,
  alarm: 2,
};

/**
 * A CNC whose PLC copies NC status into holding registers 0–16 and its identity into 20–39
 * (profile cnc/modbus-template).
 */
export function cncModbusValues(s: MachineSnapshot, nameplate: MachineNameplate): RawValues {
  return {
    execution: EXECUTION_CODE[s.activity],
    controller_mode: s.activity === "off" ? 5 : s.mode === "manual" ? 1 : 0,
    alarm: s.alarm !== null,
    emergency_stop: false,
    spindle_running: s.spindleSpeed > 0,
    spindle_speed: Math.min(65_535, s.spindleSpeed),
    feed_rate: s.feedRate,
    feed_override: Math.round(s.feedOverride),
    spindle_override: Math.round(s.spindleOverride),
    part_count: s.partCount % 2 ** 32,
    program: Number(s.program.name.replace(/\D/g, "")) % 65_536,
    tool_number: s.program.toolId,
    spindle_load: Math.round(s.spindleLoad),
    operating_hours: Math.floor(s.powerOnSeconds / 3600),
    alarm_number: s.alarm?.code ?? 0,
    cycle_time: Math.min(65_535, Math.round(s.program.cycleSeconds * 10)),
    serial_number: nameplate.serialNumber,
    model: nameplate.model,
    software_version: String(nameplate.firmware),
  };
}

/** Machine load (0…1) an energy meter on the machine's supply sees. */
export function machineLoad(s: MachineSnapshot): number {
  if (s.activity === "off") return 0;
  if (s.activity === "cycle") return 0.55 + (0.45 * Math.min(100, s.spindleLoad)) / 100;
  if (s.activity === "feed-hold") return 0.25;
  return 0.05;
}

export function lineLoad(s: LineSnapshot): number {
  if (s.state === PACKML.Execute) return 0.85;
  if (s.state === PACKML.Stopped || s.state === PACKML.Aborted || s.state === PACKML.Undefined) return 0;
  return 0.15;
}
