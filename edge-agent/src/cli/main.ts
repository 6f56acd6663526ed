import { parseArgs } from "node:util";
import { trustCommand } from "../drivers/opcua/trust-command.js";
import { enrollCommand } from "./enroll.js";
import { type CliIo, processIo } from "./io.js";
import { probeCommand } from "./probe.js";
import { runCommand } from "./run.js";
import { statusCommand } from "./status.js";
import { validateCommand } from "./validate.js";

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

/** The subcommands: one line each. */
const COMMANDS: Readonly<Record<string, { readonly run: Command; readonly summary: string }>> = {
  run: { run: runCommand, summary: "run the agent until SIGTERM; SIGHUP reloads devices" },
  validate: { run: validateCommand, summary: "check a config file, its profiles and connection URLs" },
  enroll: { run: enrollCommand, summary: "create the gateway key and register it with the ingest service" },
  status: { run: statusCommand, summary: "show the running agent's devices, broker and spool" },
  probe: { run: probeCommand, summary: "read a device once or every interval and print its signals" },
  trust: { run: trustCommand, summary: "trust an OPC UA server's certificate, by its SHA-256 thumbprint" },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    "usage: onramp-agent <command> [options]",
    "",
    ...lines,
    "",
    "onramp-agent <command> --help for its options",
    "",
  ].join("\n");
}

/** Dispatches `onramp-agent <command> …`; resolves to the process exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    options: { help: { type: "boolean", short: "h" } },
    allowPositionals: true,
    strict: false,
  });
  const [name] = positionals;
  if (name === undefined || name !== argv[0]) {
    if (values.help === true && name === undefined) {
      io.stdout(usage());
      return 0;
    }
    io.stderr(usage());
    return 2;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`onramp-agent: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  return command.run(argv.slice(1), io);
}
