import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { AGENT_NAME, AGENT_VERSION } from "../agent.js";
import { formatConfigError } from "../config/config-error.js";
import { parseConfigFile } from "../config/load-config.js";
import { enroll } from "../enroll/enroll.js";
import { type CliIo, processIo } from "./io.js";

export const ENROLL_USAGE =
  "usage: onramp-agent enroll --server <url> --token <one-time token> (--data-dir <dir> | --config <config.yaml>)\n";

/** `onramp-agent enroll`: key pair, registration, credentials stored 0600 in the data dir. Prints no secret. */
export async function enrollCommand(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      server: { type: "string" },
      token: { type: "string" },
      "data-dir": { type: "string" },
      config: { type: "string" },
    },
    strict: true,
  });
  let dataDir = values["data-dir"];
  if (dataDir === undefined && values.config !== undefined) {
    const parsed = await parseConfigFile(values.config, io.env);
    if (!parsed.ok) {
      for (const e of parsed.errors) io.stderr(`${formatConfigError(e)}\n`);
      return 1;
    }
    dataDir = resolve(parsed.parsed.baseDir, parsed.parsed.config.gateway.dataDir);
  }
  if (values.server === undefined || values.token === undefined || dataDir === undefined) {
    io.stderr(ENROLL_USAGE);
    return 2;
  }
  const result = await enroll({
    server: values.server,
    token: values.token,
    dataDir,
    agent: { name: AGENT_NAME, version: AGENT_VERSION },
  });
  if (!result.ok) {
    io.stderr(`${result.code}: ${result.message}\n`);
    return 1;
  }
  const { record } = result;
  io.stdout(
    `enrolled: gateway ${record.gateway} of enterprise ${record.enterprise}, key ${record.kid}, broker ${record.mqtt.url}\n` +
      `credentials stored in ${dataDir} (mode 0600)\n`,
  );
  return 0;
}
