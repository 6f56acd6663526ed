import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
  type DocumentLocator as ConfigLocator,
  createLocator as createConfigLocator,
} from "@onramp/profiles";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { ConfigError, ConfigErrorCode, PathSegment } from "./config-error.js";
import { formatPath } from "./config-error.js";
import { AgentConfig } from "./schema.js";
import { interpolateEnv } from "./secrets.js";

export interface ParsedConfig {
  readonly config: AgentConfig;
  /** The config file as the caller named it (errors carry it). */
  readonly file: string;
  /** Folder that relative paths in the config are resolved against. */
  readonly baseDir: string;
  readonly locator: ConfigLocator;
}

export type ParseResult =
  | { readonly ok: true; readonly parsed: ParsedConfig }
  | { readonly ok: false; readonly errors: ConfigError[] };

/** Reads, interpolates `${ENV}` and validates the config file; every problem is reported, not the first. */
export async function parseConfigFile(path: string, env: NodeJS.ProcessEnv): Promise<ParseResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const message = `cannot read the config file: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, errors: [at("ONRAMP_CONFIG_UNREADABLE", path, 1, 1, "", message)] };
  }
  return parseConfigText(text, path, dirname(resolve(path)), env);
}

export function parseConfigText(
  text: string,
  file: string,
  baseDir: string,
  env: NodeJS.ProcessEnv,
): ParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    const errors = problems.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      return at("ONRAMP_CONFIG_INVALID", file, line, col, "", `YAML syntax error: ${e.message}`);
    });
    return { ok: false, errors };
  }
  const locator = createConfigLocator(file, doc, lines);
  let value: unknown;
  try {
    // Bounds alias expansion ("billion laughs"); yaml throws past it.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const message = `YAML syntax error: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, errors: [at("ONRAMP_CONFIG_INVALID", file, 1, 1, "", message)] };
  }
  const interpolated = interpolateEnv(value, env);
  const envErrors = interpolated.missing.map(({ path, name }) =>
    locatedError(locator, "ONRAMP_CONFIG_ENV_MISSING", path, `environment variable ${name} is not set`),
  );
  const checked = AgentConfig.safeParse(interpolated.value);
  // A value emptied by an unset variable fails its schema too: the variable is the error to report.
  const envPaths = new Set(envErrors.map((e) => e.path));
  const schemaErrors = checked.success
    ? []
    : issuesToConfigErrors(checked.error.issues, locator).filter((e) => !envPaths.has(e.path));
  const errors = sortByPosition([...envErrors, ...schemaErrors]);
  if (!checked.success || errors.length > 0) return { ok: false, errors };
  return { ok: true, parsed: { config: checked.data, file, baseDir, locator } };
}

export function locatedError(
  locator: ConfigLocator,
  code: ConfigErrorCode,
  path: readonly PathSegment[],
  message: string,
  options?: { key?: boolean },
): ConfigError {
  const { line, column } = locator.position(path, options);
  return at(code, locator.file, line, column, formatPath(path), message);
}

export function sortByPosition(errors: ConfigError[]): ConfigError[] {
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Unknown keys are reported at the key, missing keys say so; other issues keep zod's message. */
function issuesToConfigErrors(issues: readonly z.core.$ZodIssue[], locator: ConfigLocator): ConfigError[] {
  const errors: ConfigError[] = [];
  for (const issue of issues) {
    const path = issue.path.map((k) => (typeof k === "number" ? k : String(k)));
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        errors.push(
          locatedError(locator, "ONRAMP_CONFIG_INVALID", [...path, key], `unknown key "${key}"`, {
            key: true,
          }),
        );
      }
      continue;
    }
    const isMissing = path.length > 0 && !locator.has(path) && locator.has(path.slice(0, -1));
    const message = isMissing ? `missing required key "${String(path.at(-1))}"` : issue.message;
    errors.push(locatedError(locator, "ONRAMP_CONFIG_INVALID", path, message));
  }
  return errors;
}

function at(
  code: ConfigErrorCode,
  file: string,
  line: number,
  column: number,
  path: string,
  message: string,
): ConfigError {
  return { code, file, line, column, path, message };
}
