import { formatPath, type PathSegment } from "@onramp/profiles";

export type ConfigErrorCode =
  | "ONRAMP_CONFIG_INVALID"
  | "ONRAMP_CONFIG_UNREADABLE"
  | "ONRAMP_CONFIG_ENV_MISSING"
  | "ONRAMP_CONFIG_SECRET_UNREADABLE"
  | "ONRAMP_CONFIG_PROFILE"
  | "ONRAMP_CONFIG_CONNECTION";

/** One problem in the agent config, located for the person who has to fix it (1-based line/column). */
export interface ConfigError {
  readonly code: ConfigErrorCode;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** `devices[3].connection`; empty for the whole document. */
  readonly path: string;
  readonly message: string;
}

export { formatPath, type PathSegment };

/** `agent.yaml:12:17 devices[3].connection: unknown scheme "foo:"` — one line per error. */
export function formatConfigError(e: ConfigError): string {
  const where = `${e.file}:${e.line}:${e.column}`;
  return e.path === "" ? `${where} ${e.message}` : `${where} ${e.path}: ${e.message}`;
}
