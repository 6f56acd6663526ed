import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { DocumentLocator as ConfigLocator } from "@onramp/profiles";
import type { ConfigError } from "./config-error.js";
import { locatedError, parseConfigFile, sortByPosition } from "./load-config.js";
import { type ResolvedDevice, resolveDevices } from "./resolve-devices.js";
import type { AgentConfig } from "./schema.js";
import { readSecretFile } from "./secrets.js";

/** The config with every path absolute, secrets read and profiles compiled: what the agent runs on. */
export interface ResolvedConfig {
  readonly file: string;
  readonly config: AgentConfig;
  readonly dataDir: string;
  readonly spoolPath: string;
  readonly devices: readonly ResolvedDevice[];
  /** From `broker.password` or `broker.passwordFile`; never logged. */
  readonly brokerPassword: string | undefined;
  readonly brokerCa: Buffer | undefined;
  /** Places errors found later (a driver refusing a connection URL) in the file. */
  readonly locator: ConfigLocator;
}

export type ConfigResult =
  | { readonly ok: true; readonly resolved: ResolvedConfig }
  | { readonly ok: false; readonly errors: ConfigError[] };

/** Everything `onramp-agent validate` and `run` check in the file, each error with its place. */
export async function loadAgentConfig(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ConfigResult> {
  const parsed = await parseConfigFile(path, env);
  if (!parsed.ok) return parsed;
  const { config, baseDir, locator } = parsed.parsed;
  const errors: ConfigError[] = [];
  const devices = await resolveDevices(config.devices, baseDir, locator);
  if (!devices.ok) errors.push(...devices.errors);
  let brokerPassword = config.broker.password;
  if (config.broker.passwordFile !== undefined) {
    const secret = await readSecretFile(resolve(baseDir, config.broker.passwordFile));
    if (secret.ok) brokerPassword = secret.value;
    else
      errors.push(
        locatedError(locator, "ONRAMP_CONFIG_SECRET_UNREADABLE", ["broker", "passwordFile"], secret.message),
      );
  }
  let brokerCa: Buffer | undefined;
  if (config.broker.caFile !== undefined) {
    try {
      brokerCa = await readFile(resolve(baseDir, config.broker.caFile));
    } catch (e) {
      const message = `cannot read the CA file: ${e instanceof Error ? e.message : String(e)}`;
      errors.push(locatedError(locator, "ONRAMP_CONFIG_SECRET_UNREADABLE", ["broker", "caFile"], message));
    }
  }
  if (errors.length > 0 || !devices.ok) return { ok: false, errors: sortByPosition(errors) };
  const dataDir = resolve(baseDir, config.gateway.dataDir);
  return {
    ok: true,
    resolved: {
      file: parsed.parsed.file,
      config,
      dataDir,
      spoolPath:
        config.spool.path === undefined ? join(dataDir, "spool.db") : resolve(baseDir, config.spool.path),
      devices: devices.devices,
      brokerPassword,
      brokerCa,
      locator,
    },
  };
}
