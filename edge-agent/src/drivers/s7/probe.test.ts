import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Snap7Server, startSnap7 } from "../../../../test/peers/snap7.js";

// Each CLI start compiles the agent with tsx: about 20 s on a loaded 2-core machine, hence the
// generous timeouts below.
const BIN = fileURLToPath(new URL("../../../bin/onramp-agent.js", import.meta.url));
const LINE_PROFILE = fileURLToPath(
  new URL("../../../../device-profiles/plc/siemens-s7-1200-1500.yaml", import.meta.url),
);

/** Runs the CLI as a person would; resolves with its exit code and output, whatever the code. */
async function agent(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** DB10 values, merker bits M5.0/M5.3 and a REAL, in a profile written as an integrator would. */
const MERKER_PROFILE = `schemaVersion: 1
id: acme/press-line
version: 1.0.0
vendor: ACME
model: press line PLC
class: plc
protocol: s7
source: { kind: template, document: "ACME press line DB10 map", note: "test profile" }
identity: { method: s7-szl }
signals:
  - { id: strokes, role: counter, type: integer, source: { s7: { area: db, db: 10, offset: 0, dataType: dint } } }
  - { id: pressure, role: pressure, type: number, unit: bar, source: { s7: { area: db, db: 10, offset: 4, dataType: real } } }
  - { id: die_code, role: other, type: integer, source: { s7: { area: db, db: 10, offset: 8, dataType: int } } }
  - { id: ram_down, role: other, type: boolean, source: { s7: { area: m, offset: 5, bit: 0, dataType: bool } } }
  - { id: guard_open, role: other, type: boolean, source: { s7: { area: m, offset: 5, bit: 3, dataType: bool } } }
`;

describe("onramp-agent probe (child process) against Snap7's S7Server", () => {
  let server: Snap7Server;
  let dir: string;
  beforeAll(async () => {
    server = await startSnap7([
      { area: "db", index: 10, size: 16 },
      { area: "db", index: 100, size: 48 },
      { area: "m", size: 8 },
    ]);
    const db10 = Buffer.alloc(10);
    db10.writeInt32BE(987_654, 0);
    db10.writeFloatBE(212.75, 4);
    db10.writeInt16BE(-17, 8);
    await server.set("db", 10, 0, db10);
    await server.set("m", 0, 5, Buffer.from([0b0000_1001]));
    const line = Buffer.alloc(22);
    line.writeUInt16BE(0x0100, 0);
    line.writeInt16BE(6, 2);
    line.writeInt16BE(1, 4);
    line.writeInt32BE(4711, 6);
    line.writeFloatBE(31.5, 14);
    await server.set("db", 100, 0, line);
    dir = await mkdtemp(join(tmpdir(), "onramp-s7-probe-"));
    await writeFile(join(dir, "press.yaml"), MERKER_PROFILE);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 240_000);

  it("reads DB values, merker bits and a REAL, and prints the CPU's identity", async () => {
    const url = `s7://127.0.0.1:${server.port}?rack=0&slot=1`;
    const run = await agent("probe", "--connection", url, "--profile", join(dir, "press.yaml"), "--json");
    expect(run.code, run.stderr).toBe(0);
    // A one-shot read carries the identity in the same JSON object as the samples.
    const read = JSON.parse(run.stdout.trim());
    const identity = read;
    expect(
      Object.fromEntries(read.samples.map((s: { signal: string; value: unknown }) => [s.signal, s.value])),
    ).toEqual({
      strokes: 987_654,
      pressure: 212.75,
      die_code: -17,
      ram_down: true,
      guard_open: true,
    });
    expect(identity.identity).toMatchObject({
      method: "s7-szl",
      fields: {
        orderNumber: "6ES7 315-2EH14-0AB0",
        moduleName: "CPU 315-2 PN/DP",
        serialNumber: "S C-C2UR28922012",
      },
    });
  }, 240_000);

  it("reads the shipped S7-1200/1500 line template, in the table a person reads", async () => {
    const run = await agent(
      "probe",
      "--connection",
      `s7://127.0.0.1:${server.port}`,
      "--profile",
      LINE_PROFILE,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^execution\s+ACTIVE\s+good$/m);
    expect(run.stdout).toMatch(/^part_count\s+4711\s+\{count\}\s+good$/m);
    expect(run.stdout).toMatch(/^cycle_time\s+31\.5\s+s\s+good$/m);
    expect(run.stdout).toMatch(/^identity \(s7-szl\): .*orderNumber="6ES7 315-2EH14-0AB0"/m);
    expect(run.stdout).toMatch(/^fingerprint: sha256:[0-9a-f]{64}$/m);
  }, 240_000);

  it("dumps raw bytes of a DB and of the merkers with --raw", async () => {
    const url = `s7://127.0.0.1:${server.port}`;
    const db = await agent(
      "probe",
      "--connection",
      url,
      "--raw",
      "--area",
      "db",
      "--db",
      "10",
      "--address",
      "0",
      "--count",
      "10",
      "--json",
    );
    expect(db.code, db.stderr).toBe(0);
    const dump = JSON.parse(db.stdout);
    expect(dump.rows[0].dint).toBe(987_654);
    expect(dump.rows[4].real).toBe(212.75);
    expect(dump.rows[8].int).toBe(-17);
    const m = await agent(
      "probe",
      "--connection",
      url,
      "--raw",
      "--area",
      "m",
      "--address",
      "5",
      "--count",
      "1",
    );
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/^5\s+09\s+00001001/m);
    const missing = await agent(
      "probe",
      "--connection",
      url,
      "--raw",
      "--area",
      "db",
      "--db",
      "99",
      "--count",
      "4",
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("ONRAMP_S7_ITEM_ERROR");
  }, 240_000);
});
