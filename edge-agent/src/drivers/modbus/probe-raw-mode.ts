import type { ProbeMode } from "../probe-mode.js";

/** `probe --raw`: a register dump straight from the device, without a profile. */
export const modbusRawProbe: ProbeMode = {
  options: {
    raw: { type: "boolean" },
    table: { type: "string" },
    address: { type: "string" },
    count: { type: "string" },
  },
  usage: [
    "--raw --table holding|input|coil|discrete --address A --count N",
    "      Modbus: dump N registers (or bits) from address A (zero-based PDU address), each",
    "      register also read as float32/int32 in every byte order, to help write a profile",
  ],
  wants: (values) => values.raw === true,
  load: async () => (await import("./probe-raw.js")).dumpRaw,
};
