import { parseArgs } from "node:util";
import { ApiTokens, ROLES, type Role } from "../state/api-tokens.js";
import { SERVE_HELP, SERVE_OPTIONS, serveConfig } from "./args.js";
import { reportCommand } from "./report.js";

const USAGE = `onramp-ingest <command>
  serve                                   run the service (--help for options)
  migrate [--data-dir D | --postgres URL] apply the SQL migrations and exit
  enterprise create --id ID --name NAME   register an enterprise
  token create --role ${ROLES.join("|")} [--enterprise ID] [--name NAME]
                                          print a new API token (shown once)
  report --enterprise ID --out FILE.pdf   download the diagnosis report PDF from a running service
                                          (--help for options; token in ONRAMP_API_TOKEN)`;

const STATE_OPTIONS = {
  "data-dir": { type: "string" },
  postgres: { type: "string" },
  role: { type: "string" },
  enterprise: { type: "string" },
  id: { type: "string" },
  name: { type: "string" },
} as const;

// The server (Fastify, the stores, the broker), the state (PGlite or pg) and the error registry
// (the contract's schemas) load only in the command that needs them, so that `--help` and a usage
// error answer at once.
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "serve") {
    const { values } = parseArgs({ args: rest, options: SERVE_OPTIONS, strict: true });
    if (values.help) {
      process.stdout.write(`${SERVE_HELP}\n`);
      return 0;
    }
    const { startServer } = await import("../server.js");
    await startServer(await serveConfig(values, process.env));
    return -1;
  }
  if (command === "report") return reportCommand(rest, process.env);
  if (command === "migrate" || command === "token" || command === "enterprise") {
    const { values, positionals } = parseArgs({
      args: rest,
      options: STATE_OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    const [{ IngestError }, { parseConfig }, { openState }, { Registry }] = await Promise.all([
      import("../errors.js"),
      import("../app.js"),
      import("../state/open-state.js"),
      import("../state/registry.js"),
    ]);
    const config = parseConfig({
      dataDir: values["data-dir"],
      postgresUrl: values.postgres ?? process.env.ONRAMP_POSTGRES_URL,
    });
    const sql = await openState(config);
    try {
      if (command === "migrate") {
        process.stdout.write("migrations applied\n");
      } else if (command === "enterprise" && positionals[0] === "create") {
        if (values.id === undefined) throw new IngestError("ONRAMP_API_VALIDATION", "--id is required");
        const created = await new Registry(sql).createEnterprise(values.id, values.name ?? values.id);
        if (created === undefined)
          throw new IngestError("ONRAMP_CONFLICT", `enterprise ${values.id} already exists`);
        process.stdout.write(`${JSON.stringify(created)}\n`);
      } else if (command === "token" && positionals[0] === "create") {
        const role = values.role as Role;
        if (!ROLES.includes(role))
          throw new IngestError("ONRAMP_API_VALIDATION", `--role must be one of ${ROLES.join(", ")}`);
        const ent = values.enterprise ?? null;
        if ((role === "integrator" || role === "enterprise") !== (ent !== null)) {
          throw new IngestError(
            "ONRAMP_API_VALIDATION",
            "integrator and enterprise tokens need --enterprise; admin and bureau tokens take none",
          );
        }
        const created = await new ApiTokens(sql).create({ role, ent, name: values.name ?? `${role}-cli` });
        process.stdout.write(`${created.token}\n`);
      } else {
        process.stderr.write(`${USAGE}\n`);
        return 2;
      }
      return 0;
    } finally {
      await sql.close();
    }
  }
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === "--help" ? 0 : 2;
}

/**
 * `onramp-ingest …argv`: the exit code, or -1 while `serve` runs (the process then lives until a
 * signal stops the server). An error prints its stable code and message and exits 1.
 */
export async function runIngest(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    const { IngestError } = await import("../errors.js");
    const code = error instanceof IngestError ? error.code : "ONRAMP_INTERNAL";
    process.stderr.write(`${code}: ${(error as Error).message}\n`);
    return 1;
  }
}
