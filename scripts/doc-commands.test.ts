// The doc test: every shell block of README.md, the package and driver READMEs and docs/ that is
// not marked `illustrative` runs here, against real peers, and must exit 0 (doc-commands.ts says
// how blocks are read and marked).
import { spawn } from "node:child_process";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileProfile, encodeRegisters, loadProfileFile } from "@onramp/profiles";
import { ALWAYS_ON, type PlcSimulator, startPlcSimulator } from "@onramp/simulators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PymodbusServer, startPymodbus } from "../test/peers/pymodbus.js";
import { allCommandBlocks, commandBlocks } from "./doc-commands.js";

const ROOT = join(import.meta.dirname, "..");
const METER = join(ROOT, "device-profiles/energy_meter/eastron-sdm630.yaml");
const blocks = allCommandBlocks(ROOT);
const runnable = blocks.filter((b) => !b.isIllustrative);

// The bins of this checkout under the names the docs use, then the block itself.
const PRELUDE = `set -euo pipefail
onramp-agent() { node "${ROOT}/edge-agent/bin/onramp-agent.js" "$@"; }
onramp-ingest() { node "${ROOT}/ingest-service/bin/onramp-ingest.js" "$@"; }
onramp-verify() { node "${ROOT}/ingest-service/bin/onramp-verify.js" "$@"; }
`;

function bash(script: string, cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn("bash", ["-c", PRELUDE + script], { cwd, env: { ...process.env, ...env } });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("shell commands in the documentation", () => {
  it("reads the illustrative marker and refuses an unknown one", () => {
    const md = "```sh\nonramp-agent --help\n```\n\n```sh illustrative\nsudo true\n```\n";
    expect(commandBlocks(md, "x.md").map((b) => [b.line, b.isIllustrative])).toEqual([
      [1, false],
      [5, true],
    ]);
    expect(() => commandBlocks("```sh maybe\nx\n```\n", "x.md")).toThrow(
      'x.md:1: unknown fence marker "maybe"',
    );
    // The docs have both kinds: some blocks run, the rest are marked on purpose.
    expect(runnable.length).toBeGreaterThan(0);
    expect(blocks.some((b) => b.isIllustrative)).toBe(true);
  });

  describe("run against a pymodbus meter and the OPC UA PLC simulator", () => {
    let meter: PymodbusServer;
    let plc: PlcSimulator;
    let dir: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "onramp-doc-"));
      // Relative paths in the docs are from the repository root; state (PKI) stays in the temp dir.
      await symlink(join(ROOT, "device-profiles"), join(dir, "device-profiles"));
      const loaded = await loadProfileFile(METER);
      if (!loaded.ok) throw new Error(`cannot load ${METER}`);
      const input: Record<number, number[]> = {};
      for (const s of compileProfile(loaded.profile).signals) {
        if ("modbus" in s.source)
          input[s.source.modbus.address] = encodeRegisters(
            s.range ? (s.range[0] + s.range[1]) / 2 : 1,
            s.source.modbus,
          );
      }
      meter = await startPymodbus(
        { units: { 1: { input, holding: { 64512: [1, 57920] } } } },
        { tcpPort: 0 },
      );
      plc = await startPlcSimulator({
        pkiDir: join(dir, "plc-pki"),
        schedule: ALWAYS_ON,
        allowAnonymous: true,
      });
      env = { MODBUS_URL: `modbus-tcp://127.0.0.1:${meter.port}?unit=1`, OPCUA_URL: plc.endpointUrl };
    });
    afterAll(async () => {
      await meter?.stop();
      await plc?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it.each(runnable.map((b) => [`${b.file}:${b.line}`, b] as const))("%s exits 0", async (_where, block) => {
      const run = await bash(block.script, dir, env);
      expect(run.code, run.output).toBe(0);
    });
  });
});
