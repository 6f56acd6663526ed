import { LineCounter, parseDocument, type YAMLError } from "yaml";
import type { z } from "zod";
import type { ErrorCode } from "../errors.js";
import { issuesToErrors } from "./issues-to-errors.js";
import { createLocator, type DocumentLocator } from "./locate.js";
import type { ProfileError } from "./profile-error.js";

export type ParsedYaml =
  | { readonly ok: true; readonly value: unknown; readonly locator: DocumentLocator }
  | { readonly ok: false; readonly errors: ProfileError[] };

/**
 * Parses one YAML document (YAML 1.2 core schema: `0x4366` is a number, `2025-01-01` a string)
 * keeping a locator for later errors. Warnings (an unresolved `!tag`) count as errors: a profile
 * is data that many people read, so it has to be unambiguous.
 */
export function parseYaml(text: string, file: string, code: ErrorCode): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    return {
      ok: false,
      errors: problems.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return { code, file, line, column: col, path: "", message: syntaxMessage(e) };
      }),
    };
  }
  const locator = createLocator(file, doc, lines);
  try {
    // maxAliasCount bounds alias expansion (the "billion laughs" document); yaml throws past it.
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }), locator };
  } catch (e) {
    const message = `YAML syntax error: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, errors: [{ code, file, line: 1, column: 1, path: "", message }] };
  }
}

function syntaxMessage(e: YAMLError): string {
  if (e.code === "MULTIPLE_DOCS")
    return "YAML syntax error: a file holds one document; remove the second `---`";
  return `YAML syntax error: ${e.message}`;
}

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: ProfileError[] };

/** Validates parsed data with a zod schema, reporting issues at their place in the document. */
export function validateAt<S extends z.ZodType>(
  schema: S,
  value: unknown,
  locator: DocumentLocator,
  code: ErrorCode,
): Validated<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: issuesToErrors(result.error.issues, locator, code) };
}
