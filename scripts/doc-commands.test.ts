// The doc test: every shell block of README.md, the package and driver READMEs and docs/ that is
// not marked `illustrative` runs here, against real peers, and must exit 0 (doc-commands.ts says
// how blocks are read and marked). Blocks run in document order in one working directory, as a
// reader would type them: a block may use a file an earlier block of the same page wrote
// (edge-agent/README.md writes agent.yaml and enrolls, then runs the agent and asks its status).
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileProfile, encodeRegisters, loadProfileFile } from "@onramp/profiles";
import {
  ALWAYS_ON,
  type MtconnectAgentSimulator,
  type PlcSimulator,
  type S7LineSimulator,
  startMtconnectAgentSimulator,
  startPlcSimulator,
  startS7LineSimulator,
} from "@onramp/simulators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PymodbusServer, startPymodbus } from "../test/peers/pymodbus.js";
import { Children } from "./demo/children.js";
import { freePort, startIngest } from "./demo/ingest.js";
import { allCommandBlocks, commandBlocks } from "./doc-commands.js";

const ROOT = join(import.meta.dirname, "..");
const METER = join(ROOT, "device-profiles/energy_meter/eastron-sdm630.yaml");
const blocks = allCommandBlocks(ROOT);
const runnable = blocks.filter((b) => !b.isIllustrative);

// The bins of this checkout under the names the docs use, as executables on PATH (written into
// the temp dir in beforeAll) so that `onramp-agent run … &` then `kill %1` stops the agent itself,
// as with an installed bin; `npx onramp-…` runs them too, as an installed package's bins answer.
const BINS = {
  "onramp-agent": "edge-agent/bin/onramp-agent.js",
  "onramp-ingest": "ingest-service/bin/onramp-ingest.js",
  "onramp-verify": "ingest-service/bin/onramp-verify.js",
};
const PRELUDE = `set -euo pipefail
npx() { case "$1" in onramp-agent|onramp-ingest|onramp-verify) "$@" ;; *) command npx "$@" ;; esac; }
`;
/** A block that has not exited by then has hung (a loop waiting on a peer): its processes are killed. */
const BLOCK_DEADLINE_MS = 150_000;

function bash(script: string, cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    // Its own process group, so that a background job the block started (`run … &`) dies with it.
    const child = spawn("bash", ["-c", PRELUDE + script], {
      cwd,
      env: { ...process.env, ...env },
      detached: true,
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, BLOCK_DEADLINE_MS);
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      // Whatever the block left in the background (an agent a failed `kill %1` missed) goes too;
      // ESRCH, the usual answer, means the group is already empty.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
      }
      resolve({ code, output });
    });
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

  describe("run against a pymodbus meter, OPC UA, S7 and MTConnect simulators and an ingest service", () => {
    let meter: PymodbusServer;
    let plc: PlcSimulator;
    let s7: S7LineSimulator;
    let mtconnect: MtconnectAgentSimulator;
    let dir: string;
    let env: Record<string, string>;
    let children: Children | undefined;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "onramp-doc-"));
      // Relative paths in the docs are from the repository root; state (PKI) stays in the temp dir.
      await symlink(join(ROOT, "device-profiles"), join(dir, "device-profiles"));
      await mkdir(join(dir, "bin"));
      for (const [name, path] of Object.entries(BINS)) {
        await writeFile(join(dir, "bin", name), `#!/bin/sh\nexec node "${join(ROOT, path)}" "$@"\n`);
        await chmod(join(dir, "bin", name), 0o755);
      }
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
      // An S7 CPU (Snap7's server holding the PLC template's DB 100) and an MTConnect agent.
      s7 = await startS7LineSimulator({ host: "127.0.0.1", port: 0, seed: 2, schedule: ALWAYS_ON });
      mtconnect = await startMtconnectAgentSimulator({
        host: "127.0.0.1",
        port: 0,
        seed: 7,
        schedule: ALWAYS_ON,
      });
      // The ingest a gateway enrolls with (`onramp-ingest serve`, embedded broker and stores, its
      // own data dir apart from the ./.onramp-data the ingest README's block creates), and the
      // one-time token an integrator would create for the gateway.
      await mkdir(join(dir, "ingest-log"));
      children = new Children(join(dir, "ingest-log"));
      // PGlite's first open and the migrations take minutes when the 2-core machine is shared.
      const ingest = await startIngest(children, join(dir, "ingest-data"), 150_000);
      await ingest.api.createEnterprise("doc-parts", "Doc Parts");
      env = {
        PATH: `${join(dir, "bin")}:${process.env.PATH ?? ""}`,
        MODBUS_URL: `modbus-tcp://127.0.0.1:${meter.port}?unit=1`,
        OPCUA_URL: plc.endpointUrl,
        S7_URL: `s7://127.0.0.1:${s7.port}`,
        MTCONNECT_URL: `mtconnect://127.0.0.1:${mtconnect.port}/${mtconnect.device}`,
        INGEST_URL: ingest.url,
        ENROLL_TOKEN: await ingest.api.enrollmentToken("doc-parts", "doc-gw"),
        STATUS_PORT: String(await freePort()),
      };
    }, 300_000);
    afterAll(async () => {
      await children?.stop();
      await meter?.stop();
      await plc?.stop();
      await s7?.stop();
      await mtconnect?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it.each(runnable.map((b) => [`${b.file}:${b.line}`, b] as const))(
      "%s exits 0",
      async (_where, block) => {
        const run = await bash(block.script, dir, env);
        expect(run.code, run.output).toBe(0);
      },
      BLOCK_DEADLINE_MS + 10_000,
    );
  });
});
