// `npm run bench:startup`: how long an integrator waits for a command, wall clock from spawn to
// exit, for the built JavaScript CLIs (edge-agent/build/ and ingest-service/build/, what `npm run
// build` makes) against the same CLIs run from their TypeScript sources through tsx (how every
// command ran before).
//   - `onramp-agent --help`, `onramp-ingest --help`, `onramp-verify --help`;
//   - `onramp-agent probe --once` of the shipped Eastron SDM630 profile against a local pymodbus
//     server (test/peers/pymodbus.ts) on 127.0.0.1: start, read 30 signals and the identity, exit;
//   - whether node-opcua's NODE-OPCUA-W27 warning printed (it must not on Modbus-only commands).
// Writes out/cli-startup.json. BENCH_RUNS runs of each (default 5), alternated; the median counts.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileProfile, encodeRegisters, loadProfileFile } from "@onramp/profiles";
import { type PymodbusServer, startPymodbus } from "../peers/pymodbus.js";
import { median } from "./median.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const outDir = fileURLToPath(new URL("./out/", import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PROFILE = `${repo}device-profiles/energy_meter/eastron-sdm630.yaml`;
const LAUNCHER = `${repo}edge-agent/bin/onramp-agent.js`;
const log = (line: string) => process.stderr.write(`[cli-startup] ${line}\n`);

/** The CLIs measured: the bin (which runs the fresh build) and the module it loads from the sources. */
const CLIS = {
  agent: { bin: LAUNCHER, source: "edge-agent/src/cli/main.ts", run: "main" },
  ingest: {
    bin: `${repo}ingest-service/bin/onramp-ingest.js`,
    source: "ingest-service/src/cli/main.ts",
    run: "runIngest",
  },
  verify: {
    bin: `${repo}ingest-service/bin/onramp-verify.js`,
    source: "ingest-service/src/verify-cli/main.ts",
    run: "runVerify",
  },
} as const;
type Cli = keyof typeof CLIS;

/** How a run starts a CLI: its bin on a fresh build, or its TypeScript sources through tsx (the old bins). */
const MODES = {
  built: (cli: Cli, args: string[]) => [CLIS[cli].bin, ...args],
  tsx: (cli: Cli, args: string[]) => [
    "--import",
    "tsx",
    "--input-type=module",
    "-e",
    `console.log = console.error; const m = await import(${JSON.stringify(`${repo}${CLIS[cli].source}`)}); process.exitCode = await m.${CLIS[cli].run}(${JSON.stringify(args)}${cli === "verify" ? ", (line) => console.error(line)" : ""});`,
  ],
} as const;
type Mode = keyof typeof MODES;

interface Run {
  readonly seconds: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(mode: Mode, cli: Cli, args: string[]): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, MODES[mode](cli, args), {
      cwd: repo,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ seconds: (performance.now() - started) / 1000, code, stdout, stderr });
    });
  });
}

async function meterServer(): Promise<PymodbusServer> {
  const loaded = await loadProfileFile(PROFILE);
  if (!loaded.ok) throw new Error(`cannot load ${PROFILE}`);
  const input: Record<number, number[]> = {};
  for (const signal of compileProfile(loaded.profile).signals) {
    if (!("modbus" in signal.source)) continue;
    input[signal.source.modbus.address] = encodeRegisters(
      signal.range ? (signal.range[0] + signal.range[1]) / 2 : 1,
      signal.source.modbus,
    );
  }
  return startPymodbus({ units: { 1: { input, holding: { 64512: [1, 57920] } } } }, { tcpPort: 0 });
}

// The bench measures what `npm run build` makes, so it makes it first.
execFileSync(process.execPath, [`${repo}scripts/build-bins.mjs`], { stdio: "inherit" });
for (const cli of Object.keys(CLIS) as Cli[]) {
  const check = await run("built", cli, ["--help"]);
  if (check.stderr.includes("running from the TypeScript sources"))
    throw new Error(`the ${cli} bin does not take the fresh build (npm run build)`);
}

const server = await meterServer();
try {
  const probeArgs = [
    "probe",
    "--connection",
    `modbus-tcp://127.0.0.1:${server.port}?unit=1`,
    "--profile",
    PROFILE,
    "--once",
    "--json",
  ];
  const cases: Record<string, { cli: Cli; args: readonly string[] }> = {
    help: { cli: "agent", args: ["--help"] },
    modbusProbe: { cli: "agent", args: probeArgs },
    ingestHelp: { cli: "ingest", args: ["--help"] },
    verifyHelp: { cli: "verify", args: ["--help"] },
  };
  const times: Record<string, Record<Mode, number[]>> = {};
  const w27: Record<string, Record<Mode, boolean>> = {};
  for (const [name, { cli, args }] of Object.entries(cases)) {
    times[name] = { built: [], tsx: [] };
    w27[name] = { built: false, tsx: false };
    for (let i = 0; i < RUNS; i++) {
      for (const mode of ["built", "tsx"] as const) {
        const r = await run(mode, cli, [...args]);
        if (r.code !== 0) throw new Error(`${name} (${mode}) exited ${r.code}: ${r.stderr.slice(-500)}`);
        if (name === "modbusProbe" && !(JSON.parse(r.stdout) as { samples: unknown[] }).samples.length)
          throw new Error("the probe read no samples");
        (times[name] as Record<Mode, number[]>)[mode].push(r.seconds);
        if (r.stderr.includes("NODE-OPCUA-W27")) (w27[name] as Record<Mode, boolean>)[mode] = true;
        log(`${name} ${mode} run ${i + 1}/${RUNS}: ${r.seconds.toFixed(3)} s`);
      }
    }
  }
  const summary = Object.fromEntries(
    Object.entries(times).map(([name, t]) => [
      name,
      {
        builtSeconds: median(t.built),
        tsxSeconds: median(t.tsx),
        builtW27: w27[name]?.built ?? false,
        tsxW27: w27[name]?.tsx ?? false,
      },
    ]),
  );
  mkdirSync(outDir, { recursive: true });
  const result = { setup: { runs: RUNS, node: process.version }, summary, times };
  writeFileSync(`${outDir}cli-startup.json`, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
} finally {
  await server.stop();
}
