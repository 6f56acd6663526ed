// Node-RED 4.1 as the baseline an integrator would wire instead of Onramp (issue 16): mqtt in
// (QoS 1) → function (JSON → points) → influxdb batch (node-red-contrib-influxdb, InfluxDB 1.x).
// It is a peer, never a project dependency: the bench installs it with npm into a scratch folder
// (.onramp-data/bench/node-red, git-ignored; reused while the installed version matches) and runs
// it headless on 127.0.0.1, stopped by PID. Node 20 limits it to 4.1.x (5.x needs Node 22).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stopChild } from "../peers/child.js";
import { freePort } from "../peers/ports.js";
import { waitFor } from "../peers/wait.js";

export const NODE_RED_SPEC = "node-red@4.1";
export const INFLUX_NODES_SPEC = "node-red-contrib-influxdb@0.7";
const SCRATCH = fileURLToPath(new URL("../../.onramp-data/bench/node-red/", import.meta.url));

export interface NodeRed {
  readonly pid: number;
  readonly version: string;
  stop(): Promise<void>;
}

export interface NodeRedFlow {
  mqtt: { port: number; username: string; password: string; topic: string };
  influx: { port: number; database: string };
  /** The function node's JavaScript: msg.payload (parsed JSON) → an array of points. */
  functionBody: string;
}

function installedVersion(): string | undefined {
  const manifest = join(SCRATCH, "node_modules/node-red/package.json");
  if (!existsSync(manifest) || !existsSync(join(SCRATCH, "node_modules/node-red-contrib-influxdb")))
    return undefined;
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

/** npm install of Node-RED and the InfluxDB nodes into the scratch folder (once). */
function install(): string {
  const present = installedVersion();
  if (present?.startsWith("4.1.")) return present;
  mkdirSync(SCRATCH, { recursive: true });
  if (!existsSync(join(SCRATCH, "package.json")))
    writeFileSync(join(SCRATCH, "package.json"), '{ "name": "onramp-bench-node-red", "private": true }\n');
  const npm = spawnSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefix", SCRATCH, NODE_RED_SPEC, INFLUX_NODES_SPEC],
    { encoding: "utf8", timeout: 600_000 },
  );
  const version = installedVersion();
  if (npm.status !== 0 || version === undefined)
    throw new Error(
      `npm install of ${NODE_RED_SPEC} failed: ${npm.stderr.trim().split("\n").slice(-5).join(" / ")}`,
    );
  return version;
}

function flowOf(flow: NodeRedFlow): object[] {
  return [
    { id: "bench-tab", type: "tab", label: "onramp cost bench" },
    {
      id: "bench-broker",
      type: "mqtt-broker",
      broker: "127.0.0.1",
      port: String(flow.mqtt.port),
      clientid: "node-red-bench",
      autoConnect: true,
      usetls: false,
      protocolVersion: "4",
      keepalive: "60",
      cleansession: true,
    },
    {
      id: "bench-in",
      type: "mqtt in",
      z: "bench-tab",
      topic: flow.mqtt.topic,
      qos: "1",
      // Parsed by the mqtt node itself: no separate json node in the path.
      datatype: "json",
      broker: "bench-broker",
      nl: false,
      rap: true,
      rh: 0,
      inputs: 0,
      wires: [["bench-fn"]],
    },
    {
      id: "bench-fn",
      type: "function",
      z: "bench-tab",
      func: flow.functionBody,
      outputs: 1,
      wires: [["bench-out"]],
    },
    {
      id: "bench-influx",
      type: "influxdb",
      hostname: "127.0.0.1",
      port: String(flow.influx.port),
      protocol: "http",
      database: flow.influx.database,
      influxdbVersion: "1.x",
      usetls: false,
    },
    // One write of a message's points per message (the node has no batch-size setting), ms timestamps.
    {
      id: "bench-out",
      type: "influxdb batch",
      z: "bench-tab",
      influxdb: "bench-influx",
      precision: "ms",
      wires: [],
    },
  ];
}

/** Installs (once), writes the flow and settings, starts Node-RED; resolves once its flow is started. */
export async function startNodeRed(flow: NodeRedFlow): Promise<NodeRed> {
  const version = install();
  const userDir = join(SCRATCH, `user-${process.pid}`);
  mkdirSync(userDir, { recursive: true });
  const port = await freePort();
  writeFileSync(join(userDir, "flows.json"), JSON.stringify(flowOf(flow), null, 2));
  // credentialSecret false keeps the broker password in flows_cred.json as written (bench secret).
  writeFileSync(
    join(userDir, "flows_cred.json"),
    JSON.stringify({ "bench-broker": { user: flow.mqtt.username, password: flow.mqtt.password } }),
  );
  writeFileSync(
    join(userDir, "settings.js"),
    `module.exports = {
  uiHost: "127.0.0.1",
  uiPort: ${port},
  flowFile: "flows.json",
  credentialSecret: false,
  disableEditor: true,
  httpAdminRoot: false,
  telemetry: { enabled: false },
  diagnostics: { enabled: false },
  externalModules: { autoInstall: false, palette: { allowInstall: false } },
  logging: { console: { level: "info", metrics: false, audit: false } },
};
`,
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [join(SCRATCH, "node_modules/node-red/red.js"), "-u", userDir, "-s", join(userDir, "settings.js")],
    { cwd: userDir, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  try {
    await waitFor(
      "Node-RED to start its flow and connect to the broker",
      () => {
        if (child.exitCode !== null) throw new Error(`Node-RED exited with ${child.exitCode}: ${output}`);
        return output.includes("Started flows") && output.includes("Connected to broker");
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    );
  } catch (error) {
    await stopChild(child, 5_000);
    throw error;
  }
  return {
    pid: child.pid ?? -1,
    version,
    async stop() {
      await stopChild(child, 10_000);
      // The installed modules stay for the next run; this run's flow, settings and context go.
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}
