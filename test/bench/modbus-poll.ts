/**
 * Modbus polling benchmark (npm run bench:modbus): 100 devices × 50 registers on loopback TCP
 * against pymodbus, each device a unit id behind one of `--servers` pymodbus processes (one TCP
 * connection each, as behind a gateway). For the planner (coalesced reads) and the naive plan
 * (one request per signal), in the same run: requests per poll cycle, requests/s and signal
 * values/s achieved at a 1 s poll interval and flat out, and the agent's CPU and RSS.
 * Prints a Markdown table and writes JSON to test/bench/out/.
 *
 *   npx tsx test/bench/modbus-poll.ts [--seconds 5] [--servers 1] [--in-flight 1]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { type CompiledProfile, compileProfile, Profile } from "@onramp/profiles";
import { pino } from "pino";
import { createModbusDriverFactory } from "../../edge-agent/src/drivers/modbus/factory.js";
import { type PymodbusServer, startPymodbus } from "../peers/pymodbus.js";
import { meterRegisterMap } from "./meter-registers.js";

const DEVICES = 100;
const FLOATS = 20; // registers 0–39
const WORDS = 10; // registers 40–49
const REGISTERS = FLOATS * 2 + WORDS;
const WARM_UP_MS = 1_500;

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    servers: { type: "string", default: "1" },
    "in-flight": { type: "string", default: "1" },
  },
});
const SECONDS = Number(args.seconds);
const SERVERS = Number(args.servers);
const IN_FLIGHT = Number(args["in-flight"]);

function meterProfile(grouping: "coalesce" | "one-per-signal", pollIntervalMs: number): CompiledProfile {
  const floats = Array.from({ length: FLOATS }, (_, i) => ({
    id: `value_${i}`,
    role: "other" as const,
    type: "number" as const,
    source: { modbus: { table: "input" as const, address: i * 2, dataType: "float32" as const } },
  }));
  const words = Array.from({ length: WORDS }, (_, i) => ({
    id: `word_${i}`,
    role: "other" as const,
    type: "integer" as const,
    source: { modbus: { table: "input" as const, address: FLOATS * 2 + i, dataType: "uint16" as const } },
  }));
  return compileProfile(
    Profile.parse({
      schemaVersion: 1,
      id: "onramp-bench/meter",
      version: "1.0.0",
      vendor: "Onramp",
      model: "bench meter",
      class: "energy_meter",
      protocol: "modbus",
      source: { kind: "template", document: "benchmark", note: "synthetic" },
      defaults: { pollIntervalMs, heartbeatMs: 60_000 },
      workarounds: { readGrouping: grouping },
      signals: [...floats, ...words],
    }),
  );
}

interface Scenario {
  readonly plan: "planner" | "naive";
  readonly pollIntervalMs: number;
}

interface Result extends Scenario {
  readonly requestsPerCycle: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly valuesPerSecond: number;
  /** Poll cycles completed per device per second, against 1000 / interval wanted. */
  readonly cyclesPerDevicePerSecond: number;
  readonly overruns: number;
  readonly failedCycles: number;
  /** CPU time of the agent process over the wall time, in % of one core. */
  readonly cpuPercent: number;
  readonly rssMiB: number;
}

async function run(scenario: Scenario, servers: readonly PymodbusServer[]): Promise<Result> {
  const profile = meterProfile(
    scenario.plan === "planner" ? "coalesce" : "one-per-signal",
    scenario.pollIntervalMs,
  );
  const requestsPerCycle = DEVICES * profile.readPlan.reduce((sum, group) => sum + group.reads.length, 0);
  // Flat out, every cycle overruns by design: log errors only.
  const factory = createModbusDriverFactory({
    logger: pino({ level: "error" }),
    dataDir: ".",
    now: Date.now,
  });
  let values = 0;
  const drivers = Array.from({ length: DEVICES }, (_, i) => {
    const server = servers[i % servers.length] as PymodbusServer;
    const unit = Math.floor(i / servers.length) + 1;
    const url = `modbus-tcp://127.0.0.1:${server.port}?unit=${unit}&timeout=2000&maxInFlight=${IN_FLIGHT}`;
    const created = factory.create({ id: `meter-${i}`, url, profile });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  });
  for (const driver of drivers)
    driver.start({ samples: (_d, samples) => (values += samples.length), state: () => {} });
  // Measure after a warm-up, so connection set-up and the first immediate cycle do not count.
  await sleep(WARM_UP_MS);
  const before = {
    values,
    counters: drivers.map((d) => d.counters()),
    cpu: process.cpuUsage(),
    at: performance.now(),
  };
  let peakRss = process.memoryUsage().rss;
  const rssSampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  await sleep(SECONDS * 1000);
  const seconds = (performance.now() - before.at) / 1000;
  const cpu = process.cpuUsage(before.cpu);
  const after = drivers.map((d) => d.counters());
  const measuredValues = values - before.values;
  clearInterval(rssSampler);
  await factory.close();
  const sum = (key: string): number =>
    after.reduce((total, c, i) => total + (c[key] ?? 0) - (before.counters[i]?.[key] ?? 0), 0);
  return {
    ...scenario,
    requestsPerCycle,
    seconds,
    requestsPerSecond: sum("answers") / seconds,
    valuesPerSecond: measuredValues / seconds,
    cyclesPerDevicePerSecond: sum("cycles") / DEVICES / seconds,
    overruns: sum("overruns"),
    failedCycles: sum("failedCycles"),
    cpuPercent: ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100,
    rssMiB: peakRss / 2 ** 20,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function markdown(results: readonly Result[]): string {
  const round = (n: number, digits = 0): string => n.toFixed(digits);
  return [
    "| plan | poll interval | requests / cycle | requests/s | values/s | cycles/device/s | overruns | agent CPU (% of a core) | agent RSS (MiB, peak) |",
    "|---|---|---|---|---|---|---|---|---|",
    ...results
      .map((r) =>
        [
          r.plan,
          r.pollIntervalMs === 10 ? "flat out (10 ms)" : `${r.pollIntervalMs} ms`,
          r.requestsPerCycle,
          round(r.requestsPerSecond),
          round(r.valuesPerSecond),
          round(r.cyclesPerDevicePerSecond, 2),
          r.overruns,
          round(r.cpuPercent),
          round(r.rssMiB),
        ]
          .map(String)
          .join(" | "),
      )
      .map((row) => `| ${row} |`),
  ].join("\n");
}

async function main(): Promise<void> {
  const perServer = Math.ceil(DEVICES / SERVERS);
  const servers: PymodbusServer[] = [];
  try {
    for (let s = 0; s < SERVERS; s++) {
      const units = Object.fromEntries(
        Array.from({ length: perServer }, (_, u) => [u + 1, meterRegisterMap(u + 1, FLOATS, WORDS)]),
      );
      servers.push(await startPymodbus({ units }, { tcpPort: 0 }));
    }
    const scenarios: Scenario[] = [
      { plan: "planner", pollIntervalMs: 1000 },
      { plan: "naive", pollIntervalMs: 1000 },
      { plan: "planner", pollIntervalMs: 10 },
      { plan: "naive", pollIntervalMs: 10 },
    ];
    const results: Result[] = [];
    for (const scenario of scenarios) results.push(await run(scenario, servers));
    const setup = `${DEVICES} devices × ${REGISTERS} input registers (${FLOATS} float32 + ${WORDS} uint16 = ${FLOATS + WORDS} signals) behind ${SERVERS} pymodbus TCP server(s) on 127.0.0.1, maxInFlight ${IN_FLIGHT}, ${SECONDS} s per row, ${cpus().length} CPU(s), Node ${process.version}`;
    process.stdout.write(`${setup}\n\n${markdown(results)}\n`);
    await mkdir(new URL("./out/", import.meta.url), { recursive: true });
    const file = new URL(
      `./out/modbus-poll-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
      import.meta.url,
    );
    await writeFile(file, `${JSON.stringify({ setup, results }, null, 2)}\n`);
    process.stdout.write(`\nwrote ${file.pathname}\n`);
  } finally {
    for (const server of servers) await server.stop();
  }
}

await main();
