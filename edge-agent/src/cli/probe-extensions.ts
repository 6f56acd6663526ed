import { modbusRawProbe } from "../drivers/modbus/probe-raw.js";
import { opcuaBrowseProbe } from "../drivers/opcua/probe-browse.js";
import type { ProbeExtension } from "./probe-extension.js";

/** Protocol-specific probe modes: one line per driver that has one. */
export const PROBE_EXTENSIONS: readonly ProbeExtension[] = [modbusRawProbe, opcuaBrowseProbe];
