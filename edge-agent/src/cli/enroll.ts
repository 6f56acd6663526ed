import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { AGENT_NAME, AGENT_VERSION } from "../agent.js";
import { formatConfigError } from "../config/config-error.js";
import { parseConfigFile } from "../config/load-config.js";
import { resolveDevices } from "../config/resolve-devices.js";
import { enroll, type NameplateClaim } from "../enroll/enroll.js";
import { nameplateIdentity } from "../identity/nameplate.js";
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
  let nameplates: NameplateClaim[] = [];
  if (values.config !== undefined) {
    const parsed = await parseConfigFile(values.config, io.env);
    if (!parsed.ok) {
      for (const e of parsed.errors) io.stderr(`${formatConfigError(e)}\n`);
      return 1;
    }
    const { config, baseDir, locator } = parsed.parsed;
    dataDir ??= resolve(baseDir, config.gateway.dataDir);
    // The enrollment confirms the nameplate serials of this gateway's devices (issue 14): a serial
    // announced later that was not sent here is flagged by the cloud.
    const devices = await resolveDevices(config.devices, baseDir, locator);
    if (!devices.ok) {
      for (const e of devices.errors) io.stderr(`${formatConfigError(e)}\n`);
      return 1;
    }
    nameplates = devices.devices.flatMap((d) =>
      d.nameplateSerial === undefined
        ? []
        : [
            {
              device: d.id,
              serial: d.nameplateSerial,
              fingerprint: nameplateIdentity(d.profile.profile, d.nameplateSerial).fingerprint,
            },
          ],
    );
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
    nameplates,
  });
  if (!result.ok) {
    io.stderr(`${result.code}: ${result.message}\n`);
    return 1;
  }
  const { record } = result;
  io.stdout(
    `enrolled: gateway ${record.gateway} of enterprise ${record.enterprise}, key ${record.kid}, broker ${record.mqtt.url}\n` +
      `credentials stored in ${dataDir} (mode 0600)\n` +
      (nameplates.length > 0
        ? `nameplate serials confirmed for ${nameplates.length} device(s): ${nameplates.map((n) => n.device).join(", ")}\n`
        : ""),
  );
  return 0;
}
