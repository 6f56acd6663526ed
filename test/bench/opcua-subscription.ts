/**
 * OPC UA subscription benchmark (npm run bench:opcua): 5,000 monitored items sampled every
 * 100 ms, each changing at every sample (the server's values move every 50 ms, so no sample finds
 * a value unchanged), on a node-opcua server in a separate process (so the
 * agent's CPU is its own). Measures value changes per second handled by the OPC UA driver —
 * notifications received, decoded through the profile and delivered to the sink — over a steady
 * window, the time to subscribe (CreateMonitoredItems in batches of 1,000 until every item has
 * reported), and the agent process's CPU (process.cpuUsage) and RSS.
 * Prints a Markdown table and writes JSON to test/bench/out/.
 *
 *   npx tsx test/bench/opcua-subscription.ts [--items 5000] [--interval 100] [--seconds 20]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { compileProfile, Profile, type Sample } from "@onramp/profiles";
import { pino } from "pino";
import { createOpcuaDriverFactory } from "../../edge-agent/src/drivers/opcua/factory.js";

const { values: args } = parseArgs({
  options: {
    items: { type: "string", default: "5000" },
    interval: { type: "string", default: "100" },
    seconds: { type: "string", default: "20" },
  },
});
const ITEMS = Number(args.items);
const INTERVAL = Number(args.interval);
const SECONDS = Number(args.seconds);
const WARM_UP_MS = 2_000;

function benchProfile() {
  return compileProfile(
    Profile.parse({
      schemaVersion: 1,
      id: "bench/opcua",
      version: "1.0.0",
      vendor: "Onramp",
      model: "bench",
      class: "plc",
      protocol: "opcua",
      source: { kind: "template", document: "benchmark", note: "generated" },
      defaults: { pollIntervalMs: INTERVAL, heartbeatMs: 60_000 },
      signals: Array.from({ length: ITEMS }, (_, i) => ({
        id: `value_${i}`,
        role: "other",
        type: "number",
        source: { opcua: { nodeId: `nsu=urn:onramp:bench;s=v${i}`, samplingIntervalMs: INTERVAL } },
      })),
    }),
  );
}

interface BenchServer {
  readonly child: ChildProcess;
  readonly url: string;
  /** The server's latest report: [its clock in ms, its CPU time in µs]. */
  cpu(): readonly [number, number];
}

async function startServer(pki: string): Promise<BenchServer> {
  const script = new URL("./opcua-bench-server.ts", import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", script, "--items", String(ITEMS), "--interval", String(INTERVAL / 2), "--pki", pki],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  let cpu: readonly [number, number] = [0, 0];
  const url = await new Promise<string>((resolve, reject) => {
    lines.on("line", (line) => {
      const ready = /^READY (\S+)/.exec(line);
      if (ready?.[1]) resolve(ready[1]);
      const report = /^CPU (\S+) (\S+)/.exec(line);
      if (report) cpu = [Number(report[1]), Number(report[2])];
    });
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, url, cpu: () => cpu };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "onramp-bench-opcua-"));
  const server = await startServer(join(dir, "server-pki"));
  const factory = createOpcuaDriverFactory({
    logger: pino({ level: "warn" }),
    dataDir: join(dir, "agent"),
    now: Date.now,
  });
  let changes = 0;
  const seen = new Set<string>();
  let allReportedAt: number | undefined;
  const made = factory.create({
    id: "bench",
    url: `${server.url}?publishingIntervalMs=${INTERVAL}`,
    profile: benchProfile(),
  });
  if (!made.ok) throw new Error(made.error.message);
  const driver = made.value;
  const started = performance.now();
  driver.start({
    samples(_device, samples: readonly Sample[]) {
      changes += samples.length;
      if (allReportedAt === undefined) {
        for (const s of samples) seen.add(s.signal);
        if (seen.size === ITEMS) allReportedAt = performance.now();
      }
    },
    state(change) {
      if (change.cause) process.stderr.write(`${change.state}: ${change.cause.message}\n`);
    },
  });
  while (allReportedAt === undefined) {
    await sleep(50);
    if (performance.now() - started > 60_000)
      throw new Error(`only ${seen.size} of ${ITEMS} items reported within 60 s`);
  }
  await sleep(WARM_UP_MS);

  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 250);
  const cpu0 = process.cpuUsage();
  const server0 = server.cpu();
  const changes0 = changes;
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const server1 = server.cpu();
  const serverCpu = (server1[1] - server0[1]) / 1000 / Math.max(1, server1[0] - server0[0]);
  clearInterval(rssTimer);
  const rss = process.memoryUsage().rss;
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    items: ITEMS,
    samplingIntervalMs: INTERVAL,
    expectedChangesPerSecond: (ITEMS * 1000) / INTERVAL,
    changesPerSecond: Math.round((changes - changes0) / elapsed),
    subscribeSeconds: Math.round((allReportedAt - started) / 10) / 100,
    agentCpuPercentOfOneCore: Math.round(((cpu.user + cpu.system) / 1e6 / elapsed) * 1000) / 10,
    agentRssMiB: Math.round(rss / 2 ** 20),
    serverCpuPercentOfOneCore: Math.round(serverCpu * 1000) / 10,
    agentPeakRssMiB: Math.round(peakRss / 2 ** 20),
    windowSeconds: Math.round(elapsed * 10) / 10,
    counters: driver.counters?.() ?? {},
  };
  await driver.close();
  await factory.close();
  server.child.kill("SIGTERM");
  await new Promise((resolve) => server.child.once("exit", resolve));
  await rm(dir, { recursive: true, force: true });

  process.stdout.write(`${markdown(result)}\n`);
  await mkdir(new URL("./out/", import.meta.url), { recursive: true });
  const file = new URL(`./out/opcua-subscription-${result.date.replace(/[:.]/g, "-")}.json`, import.meta.url);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
}

function markdown(r: {
  items: number;
  samplingIntervalMs: number;
  expectedChangesPerSecond: number;
  changesPerSecond: number;
  subscribeSeconds: number;
  agentCpuPercentOfOneCore: number;
  agentRssMiB: number;
  agentPeakRssMiB: number;
  serverCpuPercentOfOneCore: number;
  windowSeconds: number;
  node: string;
  cpu: string;
  cores: number;
}): string {
  return [
    `OPC UA subscription, ${r.items} items at ${r.samplingIntervalMs} ms, node-opcua server in another process (${r.node}, ${r.cores} × ${r.cpu})`,
    "",
    "| items | sampling | expected changes/s | handled changes/s | subscribe (s) | agent CPU (% of one core) | agent RSS (MiB) | peak RSS (MiB) | server CPU (% of one core) | window (s) |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${r.items} | ${r.samplingIntervalMs} ms | ${r.expectedChangesPerSecond} | ${r.changesPerSecond} | ${r.subscribeSeconds} | ${r.agentCpuPercentOfOneCore} | ${r.agentRssMiB} | ${r.agentPeakRssMiB} | ${r.serverCpuPercentOfOneCore} | ${r.windowSeconds} |`,
  ].join("\n");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

await main();
