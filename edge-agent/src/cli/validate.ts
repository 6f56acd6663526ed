import { parseArgs } from "node:util";
import pino from "pino";
import { formatConfigError } from "../config/config-error.js";
import { loadAgentConfig } from "../config/load-agent-config.js";
import { locatedError } from "../config/load-config.js";
import { createDriverRegistry } from "../drivers/registry.js";
import { type CliIo, processIo } from "./io.js";

export const VALIDATE_USAGE = "usage: onramp-agent validate <config.yaml>\n";

/**
 * `onramp-agent validate <config>`: checks the file, every profile it names and every connection
 * URL (with the driver that would open it, without connecting); prints every error with its
 * file:line:column and path. Exit 0 when valid, 1 when not, 2 on bad usage.
 */
export async function validateCommand(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, strict: true });
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) {
    io.stderr(VALIDATE_USAGE);
    return 2;
  }
  const loaded = await loadAgentConfig(file, io.env);
  if (!loaded.ok) {
    for (const e of loaded.errors) io.stderr(`${formatConfigError(e)}\n`);
    io.stderr(`${loaded.errors.length} error(s) in ${file}\n`);
    return 1;
  }
  const { resolved } = loaded;
  const registry = createDriverRegistry({
    logger: pino({ level: "silent" }),
    dataDir: resolved.dataDir,
    now: Date.now,
  });
  const errors = [];
  for (const [index, device] of resolved.config.devices.entries()) {
    const compiled = resolved.devices.find((d) => d.id === device.id);
    if (compiled === undefined) continue;
    const created = await registry.create({
      id: device.id,
      url: device.connection,
      profile: compiled.profile,
    });
    if (created.ok) await created.value.close();
    else
      errors.push(
        locatedError(
          resolved.locator,
          "ONRAMP_CONFIG_CONNECTION",
          ["devices", index, "connection"],
          created.error.message,
        ),
      );
  }
  await registry.close();
  for (const e of errors) io.stderr(`${formatConfigError(e)}\n`);
  if (errors.length > 0) {
    io.stderr(`${errors.length} error(s) in ${file}\n`);
    return 1;
  }
  io.stdout(`${file}: valid, ${resolved.devices.length} device(s)\n`);
  return 0;
}
