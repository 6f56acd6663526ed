import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type CompiledProfile, compileProfile, encodeRegisters, loadProfileFile } from "@onramp/profiles";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopChild } from "../../../test/peers/child.js";
import { freePort } from "../../../test/peers/ports.js";
import { type PymodbusServer, startPymodbus } from "../../../test/peers/pymodbus.js";
import { waitFor } from "../../../test/peers/wait.js";
import { probeCommand } from "./probe.js";

const BIN = fileURLToPath(new URL("../../bin/onramp-agent.js", import.meta.url));
const PROFILE = fileURLToPath(
  new URL("../../../device-profiles/energy_meter/eastron-sdm630.yaml", import.meta.url),
);

/** Runs the CLI as a person would; resolves with its exit code and output, whatever the code. */
async function agent(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** Input registers holding the midpoint of each signal's range (or 1), as the meter would. */
function meterMap(compiled: CompiledProfile): {
  input: Record<number, number[]>;
  expected: Record<string, unknown>;
} {
  const input: Record<number, number[]> = {};
  const expected: Record<string, unknown> = {};
  for (const signal of compiled.signals) {
    if (!("modbus" in signal.source)) continue;
    const source = signal.source.modbus;
    const raw = signal.range ? (signal.range[0] + signal.range[1]) / 2 : 1;
    const words = encodeRegisters(raw, source);
    input[source.address] = words;
    expected[signal.id] = compiled.decode(signal.id, words, 0).value;
  }
  return { input, expected };
}

describe("onramp-agent probe (child process) against pymodbus", () => {
  let server: PymodbusServer;
  let expected: Record<string, unknown>;
  let url: string;
  beforeAll(async () => {
    const loaded = await loadProfileFile(PROFILE);
    if (!loaded.ok) throw new Error(`cannot load ${PROFILE}`);
    const map = meterMap(compileProfile(loaded.profile));
    expected = map.expected;
    server = await startPymodbus({ units: { 1: { input: map.input } } }, { tcpPort: 0 });
    url = `modbus-tcp://127.0.0.1:${server.port}?unit=1&timeout=500`;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("--once --json prints every normalised signal of the profile", async () => {
    const run = await agent("probe", "--connection", url, "--profile", PROFILE, "--once", "--json");
    expect(run.code, run.stderr).toBe(0);
    const read = JSON.parse(run.stdout) as {
      profile: string;
      samples: { signal: string; value: unknown; quality: string; unit?: string }[];
    };
    expect(read.profile).toBe("eastron/sdm630@1.0.0");
    expect(Object.fromEntries(read.samples.map((s) => [s.signal, s.value]))).toEqual(expected);
    expect(read.samples.every((s) => s.quality === "good")).toBe(true);
    expect(read.samples.find((s) => s.signal === "voltage_l1")?.unit).toBe("V");
  });

  it("--raw dumps registers with their float32 reading in every byte order", async () => {
    const run = await agent(
      "probe",
      "--connection",
      url,
      "--raw",
      "--table",
      "input",
      "--address",
      "0",
      "--count",
      "4",
      "--json",
    );
    expect(run.code).toBe(0);
    const dump = JSON.parse(run.stdout) as {
      rows: { address: number; hex: string; float32?: Record<string, number> }[];
    };
    expect(dump.rows.map((r) => r.address)).toEqual([0, 1, 2, 3]);
    expect(dump.rows[0]?.float32?.ABCD).toBe(expected.voltage_l1);
  });

  it("--interval keeps reading until stopped by a signal, then exits 0", async () => {
    const child: ChildProcess = spawn(process.execPath, [
      BIN,
      "probe",
      "--connection",
      url,
      "--profile",
      PROFILE,
      "--interval",
      "100",
      "--json",
    ]);
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await waitFor("three reads", () => stdout.split("\n").filter(Boolean).length >= 3, {
        timeoutMs: 20_000,
      });
      if (child.pid !== undefined) process.kill(child.pid, "SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      await stopChild(child);
    }
    for (const line of stdout.split("\n").filter(Boolean)) {
      expect((JSON.parse(line) as { samples: unknown[] }).samples).toHaveLength(Object.keys(expected).length);
    }
  });

  describe("in process, with its output captured", () => {
    const run = async (...args: string[]) => {
      const out = { stdout: "", stderr: "" };
      const io = {
        stdout: (text: string) => {
          out.stdout += text;
        },
        stderr: (text: string) => {
          out.stderr += text;
        },
        env: {},
      };
      return { code: await probeCommand(args, io), ...out };
    };

    it("prints the signals and a raw dump as aligned tables", async () => {
      const read = await run("--connection", url, "--profile", PROFILE);
      expect(read.code).toBe(0);
      expect(read.stdout).toMatch(/^signal\s+value\s+unit\s+quality\s+note$/m);
      expect(read.stdout).toMatch(new RegExp(`^voltage_l1\\s+${expected.voltage_l1}\\s+V\\s+good$`, "m"));
      const dump = await run(
        "--connection",
        url,
        "--raw",
        "--table",
        "input",
        "--address",
        "0",
        "--count",
        "2",
      );
      expect(dump.code).toBe(0);
      expect(dump.stdout).toMatch(/^address\s+uint16\s+int16\s+hex\s+ascii\s+float32 ABCD\s+float32 CDAB/);
    });

    it("exits 1 with the cause when the device does not answer", async () => {
      const nobody = `modbus-tcp://127.0.0.1:${await freePort()}?unit=1&timeout=300`;
      const refused = await run("--connection", nobody, "--profile", PROFILE, "--json");
      expect(refused.code).toBe(1);
      const error = (JSON.parse(refused.stdout) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("ONRAMP_MODBUS_CONNECTION_REFUSED");
      expect(error.message).toContain(`device "probe" at ${nobody}`);
    });

    it.each([
      [
        ["--connection", "modbus-tcp://127.0.0.1?unit=300", "--profile", PROFILE],
        'ONRAMP_MODBUS_BAD_URL: device "probe" at modbus-tcp://127.0.0.1?unit=300: unit: expected an integer from 0 to 255',
      ],
      [["--profile", PROFILE], "--connection <url> is required"],
      [["--connection", "modbus-tcp://127.0.0.1"], "--profile <file> is required"],
      [
        ["--connection", "modbus-tcp://127.0.0.1", "--profile", PROFILE, "--once", "--interval", "100"],
        "give --once or --interval, not both",
      ],
      [
        ["--connection", "modbus-tcp://127.0.0.1", "--raw", "--address", "0", "--count", "200"],
        "--count: expected an integer from 1 to 125",
      ],
      [["--connection", "modbus-tcp://127.0.0.1", "--bogus"], "Unknown option '--bogus'"],
    ])("exits 2 on bad usage: %j", async (args, message) => {
      const result = await run(...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    });
  });
});
