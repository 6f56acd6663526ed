// `npm run demo`: a simulated industrial park on this machine, with nothing to install — OPC UA
// CNC machines and Modbus PLCs, CNCs and energy meters; the ingest service with its embedded
// broker and stores; one edge agent per enterprise, enrolled through the real enrollment flow;
// and one dishonest enterprise for the bureau to catch. Ctrl-C stops every process it started.
//
//   npm run demo -- --enterprises 4 --machines 2 [--data-dir .onramp-data/demo]
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Children } from "./demo/children.js";
import { ROOT } from "./demo/ingest.js";
import { type RunningDemo, startDemo } from "./demo/run-demo.js";

const { values } = parseArgs({
  options: {
    enterprises: { type: "string", default: "4" },
    machines: { type: "string", default: "2" },
    "data-dir": { type: "string", default: join(ROOT, ".onramp-data/demo") },
  },
});
const enterprises = Number(values.enterprises);
const machines = Number(values.machines);
if (!Number.isInteger(enterprises) || enterprises < 1 || enterprises > 50)
  throw new Error("--enterprises: 1 to 50");
if (!Number.isInteger(machines) || machines < 1 || machines > 50) throw new Error("--machines: 1 to 50");

const started = Date.now();
const dataDir = values["data-dir"];
const children = new Children(join(dataDir, "logs"));
const log = (line: string) =>
  process.stdout.write(`[demo +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping every process the demo started …`);
  await children.stop();
  log("stopped");
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

let demo: RunningDemo;
try {
  demo = await startDemo({ enterprises, machines, dataDir }, children, log);
} catch (error) {
  process.stderr.write(`demo failed to start: ${(error as Error).message}\n`);
  await children.stop();
  process.exit(1);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const lines = [
  "",
  `Onramp demo park is live (${seconds} s): ${demo.onlineDevices} of ${demo.parkDevices} devices online`,
  demo.isDashboardBuilt
    ? `dashboard: ${demo.dashboardUrl}   (paste one of the tokens below to log in)`
    : `dashboard not built (npm run build); API and OpenAPI docs: ${demo.dashboardUrl}`,
  `API: ${demo.url}/api/v1`,
  "",
  "login tokens (one per role):",
  ...Object.entries(demo.tokens).map(([role, token]) => `  ${role.padEnd(11)} ${token}`),
  "",
  "enterprises:",
  ...demo.park.map(
    (e) =>
      `  ${e.id.padEnd(26)} ${e.name}${e.isDishonest ? "   <- dishonest: cloned CNC, replayed and faked frames (gateway gw-2)" : ""}`,
  ),
  "",
  `logs: ${join(dataDir, "logs")}`,
  `pids: ${demo.pids.join(" ")}`,
  "Ctrl-C stops everything.",
  "",
];
process.stdout.write(`${lines.join("\n")}\n`);
void demo.challenged.then(
  (round) =>
    log(
      `bureau's first challenge round: ${round.passed} passed, ${round.failed.length} failed` +
        round.failed.map((f) => `\n  ${f.ent}/${f.gw}/${f.dev}: ${f.causes.join(", ")}`).join(""),
    ),
  (error: Error) => log(`bureau's first challenge round failed: ${error.message}`),
);
