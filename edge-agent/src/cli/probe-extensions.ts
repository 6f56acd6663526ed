import { modbusRawProbe } from "../drivers/modbus/probe-raw.js";
import { opcuaBrowseProbe } from "../drivers/opcua/probe-browse.js";
import { s7RawProbe } from "../drivers/s7/probe-raw.js";
import type { ProbeExtension } from "./probe-extension.js";

/**
 * Protocol-specific probe modes: one line per driver that has one. The S7 dump comes before the
 * Modbus one: both answer `--raw`, the S7 one only for an `s7://` connection.
 */
export const PROBE_EXTENSIONS: readonly ProbeExtension[] = [s7RawProbe, modbusRawProbe, opcuaBrowseProbe];
