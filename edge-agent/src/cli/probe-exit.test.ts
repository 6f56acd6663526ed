import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type CompiledProfile, compileProfile, encodeRegisters, loadProfileFile } from "@onramp/profiles";
import {
  ALWAYS_ON,
  type CncSimulator,
  type PlcSimulator,
  startCncSimulator,
  startPlcSimulator,
} from "@onramp/simulators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PymodbusServer, startPymodbus } from "../../../test/peers/pymodbus.js";
import { MODBUS_URL_OPTIONS } from "../drivers/modbus/url.js";
import { tempDir } from "../drivers/opcua/testing/harness.js";
import { OPCUA_URL_OPTIONS } from "../drivers/opcua/url.js";
import { PROBE_EXIT } from "../drivers/probe-mode.js";
import { BUILTIN_DRIVERS } from "../drivers/registry.js";
import { probeCommand } from "./probe.js";

const METER = fileURLToPath(
  new URL("../../../device-profiles/energy_meter/eastron-sdm630.yaml", import.meta.url),
);
const PLC = fileURLToPath(new URL("../../../device-profiles/plc/opcua-generic-plc.yaml", import.meta.url));
const SERIAL = 123_456;

/** Runs `probe` in process; resolves with its exit code and what it printed. */
async function probe(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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
}

/** The meter's input registers, each signal at the midpoint of its range. */
function meterInputs(compiled: CompiledProfile): Record<number, number[]> {
  const input: Record<number, number[]> = {};
  for (const signal of compiled.signals) {
    if (!("modbus" in signal.source)) continue;
    const raw = signal.range ? (signal.range[0] + signal.range[1]) / 2 : 1;
    input[signal.source.modbus.address] = encodeRegisters(raw, signal.source.modbus);
  }
  return input;
}

describe("probe --help", () => {
  it("names every URL option of every protocol, with an example, and every exit code", async () => {
    const help = await probe("--help");
    expect(help.code).toBe(0);
    for (const option of [...MODBUS_URL_OPTIONS, ...OPCUA_URL_OPTIONS])
      expect(help.stdout).toContain(`${option}=`);
    for (const driver of BUILTIN_DRIVERS) expect(driver.urlHelp.some((l) => l.includes("e.g. "))).toBe(true);
    for (const code of Object.values(PROBE_EXIT))
      expect(help.stdout).toMatch(new RegExp(`^  ${code}  \\S`, "m"));
  });
});

describe("probe exit codes, causes and identity against pymodbus", () => {
  let server: PymodbusServer;
  let port: number;
  const url = (unit: number) => `modbus-tcp://127.0.0.1:${port}?unit=${unit}&timeout=1000`;

  beforeAll(async () => {
    const loaded = await loadProfileFile(METER);
    if (!loaded.ok) throw new Error(`cannot load ${METER}`);
    const input = meterInputs(compileProfile(loaded.profile));
    // Unit 2 lacks voltage_l2 (input 2–3): the device answers exception 02 for that range only.
    const partial = Object.fromEntries(Object.entries(input).filter(([address]) => address !== "2"));
    // The serial number register the profile's identity reads (holding 0xFC00, uint32).
    const holding = { 64512: [Math.floor(SERIAL / 65536), SERIAL % 65536] };
    server = await startPymodbus(
      { units: { 1: { input, holding }, 2: { input: partial, holding }, 3: { holding } } },
      { tcpPort: 0 },
    );
    port = server.port;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(`exits ${PROBE_EXIT.ok} when every signal reads good, printing the identity and its fingerprint`, async () => {
    const text = await probe("--connection", url(1), "--profile", METER);
    expect(text.code, text.stderr).toBe(PROBE_EXIT.ok);
    expect(text.stdout).toMatch(/^identity \(modbus-serial-register\): serial_number="123456"$/m);
    expect(text.stdout).toMatch(/^fingerprint: sha256:[0-9a-f]{64}$/m);
    const json = await probe("--connection", url(1), "--profile", METER, "--json");
    const read = JSON.parse(json.stdout) as {
      identity: { fingerprint: string; fields: Record<string, string> };
    };
    expect(read.identity.fields).toEqual({ serial_number: String(SERIAL) });
    expect(text.stdout).toContain(read.identity.fingerprint);
  });

  it(`exits ${PROBE_EXIT.someBad} when some signals are bad, each naming the Modbus exception and range`, async () => {
    const text = await probe("--connection", url(2), "--profile", METER);
    expect(text.code, text.stderr).toBe(PROBE_EXIT.someBad);
    const line = text.stdout.split("\n").find((l) => l.startsWith("voltage_l2 "));
    expect(line).toMatch(/bad\s+ONRAMP_MODBUS_EXCEPTION: .*FC4 input 2\+2 refused with exception 02/);
    expect(text.stdout).toMatch(/^voltage_l1\s+\S+\s+V\s+good$/m);
  });

  it(`exits ${PROBE_EXIT.noneRead} when the device answers but no signal reads good`, async () => {
    const json = await probe("--connection", url(3), "--profile", METER, "--json");
    expect(json.code, json.stderr).toBe(PROBE_EXIT.noneRead);
    const read = JSON.parse(json.stdout) as { samples: { quality: string; error?: { code: string } }[] };
    expect(
      read.samples.every((s) => s.quality === "bad" && s.error?.code === "ONRAMP_MODBUS_EXCEPTION"),
    ).toBe(true);
  });

  it(`--raw splits around a refused range, exits ${PROBE_EXIT.someBad} and shows 64-bit readings`, async () => {
    const args = ["--connection", url(2), "--raw", "--table", "input", "--address", "0", "--count", "8"];
    const json = await probe(...args, "--json");
    expect(json.code, json.stderr).toBe(PROBE_EXIT.someBad);
    const dump = JSON.parse(json.stdout) as {
      rows: { address: number; float32?: Record<string, number>; float64?: Record<string, number> }[];
      refused: { address: number; count: number; exception: number }[];
    };
    expect(dump.rows.map((r) => r.address)).toEqual([0, 1, 4, 5, 6, 7]);
    expect(dump.refused).toEqual([
      { address: 2, count: 2, exception: 2, text: "exception 02 ILLEGAL DATA ADDRESS" },
    ]);
    // 64-bit windows never span the gap: 4 registers from 4 (4–7), none from 0 (0, 1, then the gap).
    expect(dump.rows.find((r) => r.address === 4)?.float64).toBeDefined();
    expect(dump.rows.find((r) => r.address === 0)?.float64).toBeUndefined();
    expect(dump.rows.find((r) => r.address === 0)?.float32).toBeDefined();
    const text = await probe(...args);
    expect(text.stdout).toMatch(/float64 ABCD\s+float64 CDAB\s+float64 BADC\s+float64 DCBA\s+int64 ABCD/);
    expect(text.stdout).toMatch(/^refused: 2–3 \(2\), exception 02 ILLEGAL DATA ADDRESS$/m);
  });

  it(`exits ${PROBE_EXIT.noneRead} when --raw asks for a range the device refuses, and ${PROBE_EXIT.unreachable} when nothing answers`, async () => {
    const refused = await probe(
      "--connection",
      url(3),
      "--raw",
      "--table",
      "input",
      "--address",
      "0",
      "--count",
      "4",
    );
    expect(refused.code).toBe(PROBE_EXIT.noneRead);
    expect(refused.stderr).toContain("ONRAMP_MODBUS_EXCEPTION");
    await server.mute(1);
    try {
      const silent = await probe("--connection", `${url(1)}&retries=0`, "--profile", METER);
      expect(silent.code).toBe(PROBE_EXIT.unreachable);
      expect(silent.stderr).toContain("ONRAMP_MODBUS_TIMEOUT");
    } finally {
      await server.unmute(1);
    }
  });
});

describe("probe exit codes and causes against an OPC UA PLC simulator", () => {
  let simPki: string;
  let dataDir: string;
  let sim: PlcSimulator;

  beforeAll(async () => {
    simPki = await tempDir("probe-plc");
    dataDir = await tempDir("probe-agent");
    sim = await startPlcSimulator({ pkiDir: simPki, schedule: ALWAYS_ON, allowAnonymous: true });
  });
  afterAll(async () => {
    await sim?.stop();
    await rm(simPki, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`exits ${PROBE_EXIT.untrusted} when the server's certificate is not trusted yet`, async () => {
    const url = `${sim.endpointUrl}?security=SignAndEncrypt&policy=Basic256Sha256&timeoutMs=5000`;
    const run = await probe("--connection", url, "--profile", PLC, "--data-dir", dataDir);
    expect(run.code).toBe(PROBE_EXIT.untrusted);
    expect(run.stderr).toContain("ONRAMP_OPCUA_UNTRUSTED_SERVER");
    expect(run.stderr).toContain("onramp-agent trust");
  });

  it(`exits ${PROBE_EXIT.noneRead} with, for each signal, the browse-path segment that did not resolve`, async () => {
    // The Server object: the root resolves, the line's browse paths under it do not.
    const parent = "0:Server";
    const url = `${sim.endpointUrl}?root=${encodeURIComponent(parent)}&timeoutMs=5000`;
    const run = await probe("--connection", url, "--profile", PLC, "--data-dir", dataDir, "--json");
    expect(run.code, run.stderr).toBe(PROBE_EXIT.noneRead);
    const read = JSON.parse(run.stdout) as {
      samples: { signal: string; quality: string; error?: { code: string; message: string } }[];
    };
    const parts = read.samples.find((s) => s.signal === "part_count");
    expect(parts?.quality).toBe("bad");
    expect(parts?.error?.code).toBe("ONRAMP_OPCUA_NODE_UNRESOLVED");
    expect(parts?.error?.message).toContain("app:GoodParts");
  });

  it("--browse --json carries typed values, and names the browse root ua:Objects", async () => {
    type Node = { browseName: string; value?: unknown; children: Node[] };
    const find = (node: Node, name: string): Node | undefined =>
      node.browseName === name ? node : node.children.map((c) => find(c, name)).find(Boolean);
    const objects = await probe(
      "--connection",
      sim.endpointUrl,
      "--browse",
      "/",
      "--max-depth",
      "1",
      "--json",
    );
    expect(objects.code, objects.stderr).toBe(PROBE_EXIT.ok);
    expect((JSON.parse(objects.stdout) as { root: Node }).root.browseName).toBe("ua:Objects");

    const lineRoot = sim.lines[0]?.rootBrowsePath ?? "";
    const line = await probe("--connection", sim.endpointUrl, "--browse", lineRoot, "--json");
    const lineTree = (JSON.parse(line.stdout) as { root: Node }).root;
    expect(typeof find(lineTree, "2:GoodParts")?.value).toBe("number");
    expect(typeof find(lineTree, "2:AlarmActive")?.value).toBe("boolean");

    const info = await probe(
      "--connection",
      sim.endpointUrl,
      "--browse",
      "ua:Server/ua:ServerStatus",
      "--json",
    );
    const status = (JSON.parse(info.stdout) as { root: Node }).root;
    const product = find(status, "ua:ProductName")?.value;
    expect(typeof product).toBe("string");
    expect(product).not.toMatch(/^"/);
    expect(find(status, "ua:StartTime")?.value).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe("probe causes against an OPC 40501 CNC simulator (one machine on, one powered off)", () => {
  const MACHINE_TOOL = fileURLToPath(
    new URL("../../../device-profiles/cnc_machine_tool/opcua-machine-tool.yaml", import.meta.url),
  );
  const NEVER = { workdays: [], shifts: [], utcOffsetMinutes: 0 };
  let simPki: string;
  let dataDir: string;
  let sim: CncSimulator;

  beforeAll(async () => {
    simPki = await tempDir("probe-cnc");
    dataDir = await tempDir("probe-cnc-agent");
    sim = await startCncSimulator({
      pkiDir: simPki,
      machines: [{}, { behaviour: { schedule: NEVER } }],
      schedule: ALWAYS_ON,
      seed: 7,
    });
  });
  afterAll(async () => {
    await sim?.stop();
    await rm(simPki, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`without root= says what to add and exits ${PROBE_EXIT.badArguments}, in text and --json`, async () => {
    const text = await probe(
      "--connection",
      sim.endpointUrl,
      "--profile",
      MACHINE_TOOL,
      "--data-dir",
      dataDir,
    );
    expect(text.code, text.stderr).toBe(PROBE_EXIT.badArguments);
    expect(text.stderr).toMatch(/^ONRAMP_OPCUA_ROOT_REQUIRED: .*add root=/m);
    expect(text.stderr).toContain("--browse machinery:Machines");
    const json = await probe(
      "--connection",
      sim.endpointUrl,
      "--profile",
      MACHINE_TOOL,
      "--data-dir",
      dataDir,
      "--json",
    );
    expect(json.code).toBe(PROBE_EXIT.badArguments);
    const error = (JSON.parse(json.stdout) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe("ONRAMP_OPCUA_ROOT_REQUIRED");
    expect(error.message).toContain("root=machinery:Machines/");
  });

  it(`names the status code and its meaning for each value the server answers Bad, and exits ${PROBE_EXIT.someBad}`, async () => {
    const off = sim.machines[1];
    if (!off) throw new Error("no second machine");
    const url = `${sim.endpointUrl}?root=${encodeURIComponent(off.rootBrowsePath)}&timeoutMs=5000`;
    const json = await probe("--connection", url, "--profile", MACHINE_TOOL, "--data-dir", dataDir, "--json");
    expect(json.code, json.stderr).toBe(PROBE_EXIT.someBad);
    const read = JSON.parse(json.stdout) as {
      samples: { signal: string; quality: string; error?: { code: string; message: string } }[];
    };
    const execution = read.samples.find((s) => s.signal === "execution");
    expect(execution?.quality).toBe("bad");
    expect(execution?.error?.code).toBe("ONRAMP_OPCUA_BAD_STATUS");
    expect(execution?.error?.message).toMatch(/BadOutOfService \(0x808D0000\): \S+/);
    // The counters of a powered-off machine stay readable: good, and no cause attached.
    const hours = read.samples.find((s) => s.signal === "operating_hours");
    expect(hours?.quality).toBe("good");
    expect(hours?.error).toBeUndefined();

    const text = await probe("--connection", url, "--profile", MACHINE_TOOL, "--data-dir", dataDir);
    const line = text.stdout.split("\n").find((l) => l.startsWith("execution "));
    expect(line).toMatch(/bad\s+ONRAMP_OPCUA_BAD_STATUS: .*BadOutOfService/);
  });
});
