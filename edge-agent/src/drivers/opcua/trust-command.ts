import { parseArgs } from "node:util";
import { pino } from "pino";
import { type CliIo, processIo } from "../../cli/io.js";
import { colonHex, pkiDirOf } from "./certificates.js";
import { trustServerCertificate } from "./trust.js";

export const TRUST_USAGE = `usage: onramp-agent trust --connection <opc.tcp url> [--thumbprint <sha256>] [--data-dir <dir>]

Fetches the OPC UA server's certificate and adds it to the agent's trusted store
(<data-dir>/pki/trusted, default .onramp-data). Compare the SHA-256 thumbprint it prints with the
one the machine shows; better, pass it with --thumbprint (hex, colons allowed) so that any other
certificate is refused. The URL's security and policy options pick the endpoint.
`;

/** `onramp-agent trust`: exit 0 trusted, 1 refused or unreachable, 2 bad usage. */
export async function trustCommand(args: readonly string[], io: CliIo = processIo): Promise<number> {
  let values: { connection?: string; thumbprint?: string; "data-dir"?: string; help?: boolean };
  try {
    values = parseArgs({
      args: [...args],
      strict: true,
      options: {
        connection: { type: "string" },
        thumbprint: { type: "string" },
        "data-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${TRUST_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(TRUST_USAGE);
    return 0;
  }
  if (values.connection === undefined) {
    io.stderr(`trust: --connection <url> is required\n${TRUST_USAGE}`);
    return 2;
  }
  const dataDir = values["data-dir"] ?? ".onramp-data";
  const logger = pino({ level: io.env.LOG_LEVEL ?? "warn" }, pino.destination(2));
  const result = await trustServerCertificate(
    { logger, dataDir, now: Date.now },
    { url: values.connection, ...(values.thumbprint ? { expectedThumbprint: values.thumbprint } : {}) },
  );
  if (!result.ok) {
    io.stderr(`${result.error.code}: ${result.error.message}\n`);
    return result.error.code === "ONRAMP_OPCUA_URL_INVALID" ? 2 : 1;
  }
  const s = result.value;
  io.stdout(
    [
      `trusted ${s.subject}`,
      `  application URI  ${s.applicationUri ?? "(none)"}`,
      `  SHA-256          ${colonHex(s.thumbprint)}`,
      `  valid to         ${s.validTo}`,
      `  store            ${pkiDirOf(dataDir)}/trusted`,
      "",
    ].join("\n"),
  );
  return 0;
}
