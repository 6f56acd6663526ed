import type { ProbeMode } from "../probe-mode.js";

const USAGE = [
  "--raw --area db|m|i|q --db N --address A --count N   (with an s7:// connection)",
  "      S7: dump N bytes of an area from byte A, each offset also read as WORD, INT, DWORD, DINT",
  "      and REAL (big-endian), with its bits, to help write a profile",
];

/** `probe --raw` on an `s7://` connection: a byte dump of an area, without a profile. */
export const s7RawProbe: ProbeMode = {
  options: {
    raw: { type: "boolean" },
    area: { type: "string" },
    db: { type: "string" },
    address: { type: "string" },
    count: { type: "string" },
  },
  usage: USAGE,
  wants: (values) => values.raw === true && /^s7:/i.test(String(values.connection ?? "")),
  load: async () => (await import("./probe-raw.js")).dumpS7,
};
