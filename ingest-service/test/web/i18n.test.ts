import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EVIDENCE_LEVELS, FLAG_CODES, LEFT_OUT_CODES } from "../../src/indicators/index.js";
import { DICTIONARIES } from "../../web/src/i18n/i18n.js";

const SRC = fileURLToPath(new URL("../../web/src", import.meta.url));
const zh = DICTIONARIES["zh-CN"];
const en = DICTIONARIES.en;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

async function sources(): Promise<string> {
  const files = await readdir(SRC, { recursive: true });
  const code = files.filter((f) => /\.tsx?$/.test(f) && !f.includes("i18n/"));
  return (await Promise.all(code.map((f) => readFile(join(SRC, f), "utf8")))).join("\n");
}

describe("dashboard dictionaries", () => {
  it("have the same keys, no empty text and the same placeholders in zh-CN and English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [key, text] of Object.entries(zh)) {
      expect(text.trim(), key).not.toBe("");
      expect(placeholders(en[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
  });

  it("hold every key the source asks for, and every key is asked for", async () => {
    const code = await sources();
    const literal = new Set([...code.matchAll(/\bt\(\s*"([\w.-]+)"/g)].map((m) => m[1] as string));
    const quoted = new Set([...code.matchAll(/"([a-z]+\.[\w.-]+)"/g)].map((m) => m[1] as string));
    for (const key of literal) expect(zh, key).toHaveProperty([key]);
    const prefixes = [...code.matchAll(/`([a-z]+)\.\$\{/g)].map((m) => m[1] as string);
    const dynamic = ["class", "industry", "cause", "evidence", "requirement", ...prefixes];
    for (const key of Object.keys(zh)) {
      const used = quoted.has(key) || dynamic.some((p) => key.startsWith(`${p}.`));
      expect(used, `${key} is never used`).toBe(true);
    }
  });

  it("translate every flag code, evidence level, left-out reason, on-cloud status and role", () => {
    const keys = [
      ...Object.keys(FLAG_CODES).map((c) => `flag.${c}`),
      ...EVIDENCE_LEVELS.map((l) => `evidence.${l}`),
      ...Object.keys(LEFT_OUT_CODES).map((c) => `excluded.${c}`),
      ...["online", "stale", "offline", "never"].map((s) => `status.${s}`),
      ...["admin", "bureau", "integrator", "enterprise"].map((r) => `role.${r}`),
    ];
    for (const key of keys) expect(zh, key).toHaveProperty([key]);
  });
});
