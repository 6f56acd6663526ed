#!/usr/bin/env node
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ALWAYS_ON, type ShiftSchedule, TWO_SHIFTS } from "./behaviour/shift-schedule.js";
import { startCncSimulator } from "./cnc/simulator.js";
import { startPlcSimulator } from "./plc/simulator.js";

const USAGE = `usage: tsx packages/simulators/src/cli.ts <cnc|plc> [options]

  --port N          TCP port (default 4840 for cnc, 4841 for plc; 0 = any free port)
  --host H          address to bind and advertise (default 127.0.0.1)
  --machines N      cnc: number of machine tools (default 3)
  --lines N         plc: number of production lines (default 1)
  --seed N          behaviour seed (default 1)
  --speed X         simulated seconds per real second (default 1)
  --schedule S      two-shifts (Mon–Fri 06:00–22:00, default) or always
  --utc-offset MIN  the factory's UTC offset in minutes for the schedule (default 0)
  --pki DIR         certificate store (default .onramp-data/simulators/<kind>-pki)
`;

async function main(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      port: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      machines: { type: "string", default: "3" },
      lines: { type: "string", default: "1" },
      seed: { type: "string", default: "1" },
      speed: { type: "string", default: "1" },
      schedule: { type: "string", default: "two-shifts" },
      "utc-offset": { type: "string", default: "0" },
      pki: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  const kind = positionals[0];
  if (values.help || (kind !== "cnc" && kind !== "plc")) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const number = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n)) throw new Error(`--${name} expects a number, got "${text}"`);
    return n;
  };
  const base: ShiftSchedule = values.schedule === "always" ? ALWAYS_ON : TWO_SHIFTS;
  const common = {
    port: number("port", values.port ?? (kind === "cnc" ? "4840" : "4841")),
    host: values.host,
    pkiDir: values.pki ?? join(".onramp-data", "simulators", `${kind}-pki`),
    seed: number("seed", values.seed),
    speed: number("speed", values.speed),
    schedule: { ...base, utcOffsetMinutes: number("utc-offset", values["utc-offset"]) },
  };
  const simulator =
    kind === "cnc"
      ? await startCncSimulator({ ...common, machines: number("machines", values.machines) })
      : await startPlcSimulator({ ...common, lines: number("lines", values.lines) });
  process.stdout.write(`${kind} simulator listening on ${simulator.endpointUrl}\n`);
  const roots = "machines" in simulator ? simulator.machines : simulator.lines;
  for (const root of roots) process.stdout.write(`  ${root.id}: root=${root.rootBrowsePath}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await simulator.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
