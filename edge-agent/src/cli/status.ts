import { parseArgs } from "node:util";
import { formatConfigError } from "../config/config-error.js";
import { parseConfigFile } from "../config/load-config.js";
import { formatStatus } from "../status/format-status.js";
import type { AgentSnapshot } from "../status/snapshot.js";
import { type CliIo, processIo } from "./io.js";

export const STATUS_USAGE =
  "usage: onramp-agent status [--config <config.yaml> | --url http://127.0.0.1:8089] [--json]\n";

/** `onramp-agent status`: asks the running agent's loopback status endpoint and prints a table. */
export async function statusCommand(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { config: { type: "string" }, url: { type: "string" }, json: { type: "boolean" } },
    strict: true,
  });
  let base = values.url ?? "http://127.0.0.1:8089";
  if (values.config !== undefined) {
    const parsed = await parseConfigFile(values.config, io.env);
    if (!parsed.ok) {
      for (const e of parsed.errors) io.stderr(`${formatConfigError(e)}\n`);
      return 1;
    }
    const { host, port } = parsed.parsed.config.status;
    base = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  }
  let snapshot: AgentSnapshot;
  try {
    const response = await fetch(new URL("/status", base), { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    snapshot = (await response.json()) as AgentSnapshot;
  } catch (e) {
    io.stderr(
      `cannot read the agent's status at ${base}: ${e instanceof Error ? e.message : String(e)} (is onramp-agent run going?)\n`,
    );
    return 1;
  }
  io.stdout(values.json ? `${JSON.stringify(snapshot, null, 2)}\n` : formatStatus(snapshot));
  return 0;
}
