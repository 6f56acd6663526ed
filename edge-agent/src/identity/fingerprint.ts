import { createHash } from "node:crypto";

/**
 * `sha256:` over a canonical text of the method and the sorted fields: stable across reads and
 * agents. One function for every identity source that hashes fields (Modbus registers, FC43
 * objects, a nameplate), so the cloud can recompute any of them from the birth's `fields`.
 */
export function fingerprintOf(method: string, fields: Readonly<Record<string, string>>): string {
  const canonical = JSON.stringify([
    method,
    Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
  return `sha256:${createHash("sha256").update(canonical).digest("hex")}`;
}
