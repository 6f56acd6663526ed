/**
 * S7 read-planner benchmark (npm run bench:s7): a 50-signal map scattered over one DB of 1,000
 * bytes (BOOL, INT, DINT, REAL, LREAL at seeded random offsets, as a PLC programmer's DB grows),
 * read from Snap7's S7Server by the S7 driver with its planner, against one request per signal
 * (the driver asked for one signal at a time) — at the PDU sizes of an S7-200 SMART (240), an
 * S7-300/1200 (480) and an S7-1500 (960). Requests per read come from the driver's own counters;
 * time per read is the median over `--reads` reads on loopback. Prints a Markdown table and
 * writes JSON to test/bench/out/.
 *
 *   npx tsx test/bench/s7-planner.ts [--reads 20]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { compileProfile, Profile } from "@onramp/profiles";
import { pino } from "pino";
import { createS7DriverFactory } from "../../edge-agent/src/drivers/s7/factory.js";
import { startSnap7 } from "../peers/snap7.js";
import { median } from "./median.js";

const { values: args } = parseArgs({ options: { reads: { type: "string", default: "20" } } });
const READS = Number(args.reads);
const SIGNALS = 50;
const DB_BYTES = 1_000;
const TYPES = ["bool", "int", "dint", "real", "lreal"] as const;
const SIZE = { bool: 1, int: 2, dint: 4, real: 4, lreal: 8 } as const;

/** mulberry32: the same "random" map on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scatteredMap() {
  const random = seeded(19);
  const used = new Set<number>();
  return Array.from({ length: SIGNALS }, (_, i) => {
    const dataType = TYPES[i % TYPES.length] ?? "int";
    let offset = 0;
    do offset = Math.floor((random() * (DB_BYTES - 8)) / 2) * 2;
    while (used.has(offset));
    for (let b = 0; b < SIZE[dataType]; b++) used.add(offset + b);
    return {
      id: `signal_${i}`,
      role: "other" as const,
      type: dataType === "bool" ? ("boolean" as const) : ("number" as const),
      source: {
        s7: { area: "db" as const, db: 1, offset, dataType, ...(dataType === "bool" ? { bit: i % 8 } : {}) },
      },
    };
  });
}

const profile = compileProfile(
  Profile.parse({
    schemaVersion: 1,
    id: "onramp-bench/s7-scattered",
    version: "1.0.0",
    vendor: "Onramp",
    model: "bench",
    class: "plc",
    protocol: "s7",
    source: { kind: "template", document: "S7 planner benchmark", note: "generated map" },
    signals: scatteredMap(),
  }),
);

const server = await startSnap7([{ area: "db", index: 1, size: DB_BYTES }]);
const rows: Record<string, number | string>[] = [];
try {
  const factory = createS7DriverFactory({
    logger: pino({ level: "silent" }),
    dataDir: "/tmp",
    now: Date.now,
  });
  for (const pduSize of [240, 480, 960]) {
    const created = factory.create({
      id: `plc-${pduSize}`,
      url: `s7://127.0.0.1:${server.port}?pduSize=${pduSize}`,
      profile,
    });
    if (!created.ok) throw new Error(created.error.message);
    const driver = created.value;
    const ids = profile.signals.map((s) => s.id);
    const warm = await driver.read();
    if (!warm.ok) throw new Error(warm.error.message);
    const measure = async (plan: "planner" | "naive") => {
      const times: number[] = [];
      const before = driver.counters().requests ?? 0;
      for (let r = 0; r < READS; r++) {
        const t0 = performance.now();
        if (plan === "planner") {
          const read = await driver.read();
          if (!read.ok) throw new Error(read.error.message);
        } else {
          for (const id of ids) {
            const read = await driver.read([id]);
            if (!read.ok) throw new Error(read.error.message);
          }
        }
        times.push(performance.now() - t0);
      }
      return {
        requestsPerRead: ((driver.counters().requests ?? 0) - before) / READS,
        msPerRead: median(times),
      };
    };
    const planner = await measure("planner");
    const naive = await measure("naive");
    rows.push(
      { pduSize, plan: "planner", signals: SIGNALS, ...planner },
      { pduSize, plan: "naive", signals: SIGNALS, ...naive },
    );
  }
  await factory.close();
} finally {
  await server.stop();
}

const table = [
  "| PDU | plan | signals | requests per read | ms per read (median) |",
  "| ---: | --- | ---: | ---: | ---: |",
  ...rows.map(
    (r) =>
      `| ${r.pduSize} | ${r.plan} | ${r.signals} | ${r.requestsPerRead} | ${Number(r.msPerRead).toFixed(2)} |`,
  ),
].join("\n");
process.stdout.write(`${table}\n`);
const outDir = new URL("./out/", import.meta.url);
await mkdir(outDir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
await writeFile(
  new URL(`s7-planner-${stamp}.json`, outDir),
  `${JSON.stringify({ setup: { signals: SIGNALS, dbBytes: DB_BYTES, reads: READS }, results: rows }, null, 2)}\n`,
);
