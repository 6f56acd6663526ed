import { readFile } from "node:fs/promises";
import type { PathSegment } from "./config-error.js";

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface Interpolated {
  readonly value: unknown;
  readonly missing: readonly { path: PathSegment[]; name: string }[];
}

/**
 * Replaces `${NAME}` in every string of the parsed config with the environment variable NAME, so
 * secrets can stay out of the file (`password: ${MQTT_PASSWORD}`). An unset variable is an error
 * at the value's path, never an empty string that would fail later and further away.
 */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv): Interpolated {
  const missing: { path: PathSegment[]; name: string }[] = [];
  const visit = (node: unknown, path: PathSegment[]): unknown => {
    if (typeof node === "string") {
      return node.replace(ENV_REFERENCE, (_match, name: string) => {
        const found = env[name];
        if (found === undefined) {
          missing.push({ path, name });
          return "";
        }
        return found;
      });
    }
    if (Array.isArray(node)) return node.map((item, i) => visit(item, [...path, i]));
    if (typeof node === "object" && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, visit(v, [...path, k])]));
    }
    return node;
  };
  return { value: visit(value, []), missing };
}

export type SecretResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly message: string };

/** A secret file holds the secret alone; one trailing newline (as `echo` writes) is not part of it. */
export async function readSecretFile(path: string): Promise<SecretResult> {
  try {
    const text = await readFile(path, "utf8");
    const value = text.replace(/\r?\n$/, "");
    if (value.length === 0) return { ok: false, message: `the secret file ${path} is empty` };
    return { ok: true, value };
  } catch (e) {
    return {
      ok: false,
      message: `cannot read the secret file: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
