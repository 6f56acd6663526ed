import { modbusRawProbe } from "../drivers/modbus/probe-raw-mode.js";
import { opcuaBrowseProbe } from "../drivers/opcua/probe-browse-mode.js";
import type { ProbeMode } from "../drivers/probe-mode.js";
import { s7RawProbe } from "../drivers/s7/probe-raw-mode.js";

/**
 * Protocol-specific probe modes: one line per driver that has one (the interface is
 * drivers/probe-mode.ts). Only the modes' descriptors load here; each mode's implementation, and
 * its protocol stack, loads when the options ask for it.
 *
 * The S7 dump comes before the Modbus one: both answer `--raw`, the S7 one only for an `s7://`
 * connection.
 */
export const PROBE_MODES: readonly ProbeMode[] = [s7RawProbe, modbusRawProbe, opcuaBrowseProbe];
