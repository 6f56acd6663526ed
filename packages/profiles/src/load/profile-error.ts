import type { ErrorCode } from "../errors.js";

/** One segment of a path into a document: a mapping key or a sequence index. */
export type PathSegment = string | number;

/**
 * A problem found in a profile or fixtures file, located for the person who has to fix it:
 * `file` as the caller named it (repo-relative in the library tests), 1-based `line`/`column`,
 * and the dotted `path` of the value (`signals[3].source.modbus.address`, empty for the document).
 */
export interface ProfileError {
  readonly code: ErrorCode;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `["signals", 3, "enum", "1"]` → `signals[3].enum["1"]`: keys that are not identifiers are quoted. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** `device-profiles/x.yaml:12:9 signals[3].source.modbus.address: Too big: …` — one line per error. */
export function formatProfileError(e: ProfileError): string {
  const where = `${e.file}:${e.line}:${e.column}`;
  return e.path === "" ? `${where} ${e.message}` : `${where} ${e.path}: ${e.message}`;
}
