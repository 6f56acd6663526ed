import { parseArgs } from "node:util";
import { type CliIo, processIo } from "./io.js";

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

/**
 * The subcommands: one line each. Each command's module is imported only when it runs, so that
 * `run` never loads what only `trust` and `probe` need: they import node-opcua, ≈ 90 MiB of RSS
 * the agent would otherwise carry for its whole life even with Modbus devices only.
 */
const COMMANDS: Readonly<
  Record<string, { readonly load: () => Promise<Command>; readonly summary: string }>
> = {
  run: {
    load: async () => (await import("./run.js")).runCommand,
    summary: "run the agent until SIGTERM; SIGHUP reloads devices",
  },
  validate: {
    load: async () => (await import("./validate.js")).validateCommand,
    summary: "check a config file, its profiles and connection URLs",
  },
  enroll: {
    load: async () => (await import("./enroll.js")).enrollCommand,
    summary: "create the gateway key and register it with the ingest service",
  },
  status: {
    load: async () => (await import("./status.js")).statusCommand,
    summary: "show the running agent's devices, broker and spool",
  },
  probe: {
    load: async () => (await import("./probe.js")).probeCommand,
    summary: "read a device once or every interval and print its signals",
  },
  trust: {
    load: async () => (await import("../drivers/opcua/trust-command.js")).trustCommand,
    summary: "trust an OPC UA server's certificate, by its SHA-256 thumbprint",
  },
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
  return (await command.load())(argv.slice(1), io);
}
