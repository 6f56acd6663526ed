import type { z } from "zod";
import type { ErrorCode } from "../errors.js";
import type { DocumentLocator } from "./locate.js";
import { formatPath, type PathSegment, type ProfileError } from "./profile-error.js";

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues into located errors, sorted by position. zod's defaults are kept except
 * where they would send the reader looking in the wrong place: an unknown key is reported at
 * the key itself, a missing key says so, and a union none of whose branches matched says which
 * keys it expected instead of zod's bare "Invalid input".
 */
export function issuesToErrors(
  issues: readonly Issue[],
  locator: DocumentLocator,
  code: ErrorCode,
): ProfileError[] {
  const errors: ProfileError[] = [];
  const add = (path: readonly PathSegment[], message: string, atKey = false): void => {
    const { line, column } = locator.position(path, { key: atKey });
    errors.push({ code, file: locator.file, line, column, path: formatPath(path), message });
  };
  const visit = (issue: Issue, prefix: readonly PathSegment[]): void => {
    const path = [...prefix, ...issue.path.map(toSegment)];
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) add([...path, key], `unknown key "${key}"`, true);
        return;
      case "invalid_type":
      case "invalid_value":
        add(path, isMissing(path) ? missingKeyMessage(issue, path) : issue.message);
        return;
      case "invalid_union":
        if (isMissing(path)) add(path, `missing required key "${String(path.at(-1))}"`);
        else visitUnion(issue.errors, path, issue.message);
        return;
      case "invalid_key":
        // A record key failed its own schema (`namespaces: { 1bad: … }`): say which, at the key.
        add(
          path,
          `invalid key "${String(path.at(-1))}": ${issue.issues.map((i) => i.message).join("; ")}`,
          true,
        );
        return;
      default:
        add(path, issue.message);
    }
  };
  // A key absent from the document whose parent is there: zod says "expected string, received
  // undefined", the reader needs "this key is missing".
  const isMissing = (path: readonly PathSegment[]): boolean =>
    path.length > 0 && !locator.has(path) && locator.has(path.slice(0, -1));
  const visitUnion = (
    branches: readonly (readonly Issue[])[],
    path: PathSegment[],
    fallback: string,
  ): void => {
    const keyOf = (branch: readonly Issue[]): PathSegment | undefined => {
      const missing = branch.find((i) => i.code === "invalid_type" && i.path.length === 1);
      const key = missing?.path[0];
      return key !== undefined && !locator.has([...path, toSegment(key)]) ? toSegment(key) : undefined;
    };
    const keys = branches.map(keyOf);
    if (branches.length > 0 && keys.every((k) => k !== undefined)) {
      // Every branch is an object told apart by one key ({modbus: …} | {opcua: …}) and none is present.
      add(path, `expected exactly one of ${keys.map((k) => `"${String(k)}"`).join(" or ")}`);
      const first = branches[0] ?? [];
      for (const issue of first) if (issue.code === "unrecognized_keys") visit(issue, path);
      return;
    }
    const closest = [...branches].sort((a, b) => a.length - b.length)[0];
    if (closest === undefined || closest.length === 0) add(path, fallback);
    else for (const issue of closest) visit(issue, path);
  };
  for (const issue of issues) visit(issue, []);
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === "number" ? key : String(key);
}

/** Short option lists are worth repeating; a long one (the 33 roles) is in the README and the JSON Schema. */
const MAX_LISTED_OPTIONS = 8;

function missingKeyMessage(issue: Issue, path: readonly PathSegment[]): string {
  const key = `missing required key "${String(path.at(-1))}"`;
  if (issue.code === "invalid_type") return `${key} (expected ${issue.expected})`;
  if (issue.code === "invalid_value" && issue.values.length <= MAX_LISTED_OPTIONS) {
    return `${key} (one of ${issue.values.map(String).join(", ")})`;
  }
  return key;
}
