// `npm run demo` end to end, headless: the park starts as a child process, its devices come online
// and send frames, the dishonest enterprise leaves its traces, and SIGINT stops every process.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api } from "./demo/ingest.js";
import { planPark } from "./demo/park.js";

const ENTERPRISES = 2;
const park = planPark(ENTERPRISES);
const [honest, dishonest] = park;

interface Started {
  readonly api: Api;
  readonly bureau: string;
  readonly pids: number[];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

interface LedgerRow {
  gw: string;
  dev: string;
  frames: number;
  duplicates: number;
  skewedFrames: number;
}

describe("npm run demo --enterprises 2 --machines 1", () => {
  let demo: ChildProcess;
  let dir: string;
  let out = "";
  let started: Started;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "onramp-demo-"));
    const script = join(import.meta.dirname, "demo.ts");
    demo = spawn(
      process.execPath,
      ["--import", "tsx", script, "--enterprises", String(ENTERPRISES), "--machines", "1", "--data-dir", dir],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    demo.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    demo.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    started = await until(
      "the demo to print its URL, tokens and pids",
      async () => {
        if (demo.exitCode !== null) throw new Error(`the demo exited ${demo.exitCode}:\n${out}`);
        const url = /^API: (http:\/\/\S+)\/api\/v1$/m.exec(out)?.[1];
        const admin = /^ {2}admin\s+(ort_\S+)$/m.exec(out)?.[1];
        const bureau = /^ {2}bureau\s+(ort_\S+)$/m.exec(out)?.[1];
        const pids = /^pids: ([\d ]+)$/m.exec(out)?.[1];
        if (!url || !admin || !bureau || !pids) return undefined;
        return { api: new Api(url, admin), bureau, pids: pids.split(" ").map(Number) };
      },
      150_000,
    );
  }, 180_000);

  afterAll(async () => {
    if (demo.exitCode === null) demo.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  });

  it("prints the dashboard and one login token per role", () => {
    expect(out).toMatch(/^(dashboard: |dashboard not built)/m);
    for (const role of ["admin", "bureau", "integrator", "enterprise"])
      expect(out).toMatch(new RegExp(`^ {2}${role}\\s+ort_`, "m"));
  });

  it("brings every enterprise's agent devices online, enrolled through the real flow", async () => {
    for (const ent of park) {
      const devices = await until(
        `${ent.id}: five devices of gw-1 online`,
        async () => {
          const presence = await started.api.call<{ gw: string; dev: string; state: string }[]>(
            "GET",
            `/enterprises/${ent.id}/presence`,
          );
          const online = presence.filter((d) => d.gw === "gw-1" && d.state === "online").map((d) => d.dev);
          return online.length >= 5 ? online : undefined;
        },
        60_000,
      );
      expect(devices.sort()).toEqual([
        "cnc-1",
        "cnc-modbus-1",
        "meter-cnc-modbus-1",
        "meter-line-1",
        "plc-line-1",
      ]);
    }
  });

  it("keeps frames arriving from every enterprise", async () => {
    for (const ent of park) {
      const frames = async () => {
        const rows = await started.api.call<LedgerRow[]>(
          "GET",
          `/enterprises/${ent.id}/ledger`,
          undefined,
          started.bureau,
        );
        return rows.filter((r) => r.gw === "gw-1").reduce((n, r) => n + r.frames, 0);
      };
      const before = await frames();
      await until(
        `${ent.id}: more frames`,
        async () => ((await frames()) > before ? true : undefined),
        30_000,
      );
    }
  });

  it("leaves the dishonest enterprise's traces: replayed frames, a forged gateway and a cloned CNC", async () => {
    if (honest === undefined || dishonest === undefined) throw new Error("two enterprises expected");
    const forged = await until(
      "the forged gateway's skewed and duplicated frames",
      async () => {
        const rows = await started.api.call<LedgerRow[]>(
          "GET",
          `/enterprises/${dishonest.id}/ledger`,
          undefined,
          started.bureau,
        );
        const gw2 = rows.filter((r) => r.gw === "gw-2");
        const skewed = gw2.reduce((n, r) => n + r.skewedFrames, 0);
        const duplicates = gw2.reduce((n, r) => n + r.duplicates, 0);
        return skewed >= 60 && duplicates >= 10 ? { skewed, duplicates } : undefined;
      },
      60_000,
    );
    expect(forged.skewed).toBeGreaterThanOrEqual(60);
    type Device = { gw: string; id: string; fingerprint: string | null };
    const fingerprint = async (ent: string) =>
      (await started.api.call<Device[]>("GET", `/enterprises/${ent}/devices`)).find(
        (d) => d.gw === "gw-1" && d.id === "cnc-1",
      )?.fingerprint;
    const original = await fingerprint(honest.id);
    expect(original).toMatch(/\S/);
    expect(await fingerprint(dishonest.id)).toBe(original);
  });

  it("shows the bureau the declared rates and flags the cloned CNC of the dishonest enterprise", async () => {
    if (honest === undefined || dishonest === undefined) throw new Error("two enterprises expected");
    // The clone's twin is registered by another enterprise (INDICATORS §5, uniqueness).
    const CLONE_FLAG = "UNIQUENESS_FINGERPRINT_OTHER_ENTERPRISE";
    type Report = {
      rates: { cnc: { declared: { value: number | null } } };
      flags: { code: string; device: string }[];
    };
    const report = (ent: string) =>
      started.api.call<Report>("GET", `/enterprises/${ent}/indicators`, undefined, started.bureau);
    const flagged = await until(
      "the clone flagged in the dishonest enterprise's report",
      async () => {
        const r = await report(dishonest.id);
        return r.flags.some((f) => f.code === CLONE_FLAG) ? r : undefined;
      },
      60_000,
    );
    expect(flagged.flags.find((f) => f.code === CLONE_FLAG)?.device).toBe("cnc-1");
    // CNCs declared numerically controlled, the PLC line not: a declared rate strictly between 0 and 1.
    const declared = (await report(honest.id)).rates.cnc.declared.value;
    expect(declared).toBeGreaterThan(0);
    expect(declared).toBeLessThan(1);
  });

  it("stops every process it started on SIGINT and exits 0", async () => {
    expect(started.pids.length).toBeGreaterThanOrEqual(5);
    expect(started.pids.every(isAlive)).toBe(true);
    const exited = new Promise<number | null>((resolve) => demo.once("exit", (code) => resolve(code)));
    demo.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(started.pids.filter(isAlive)).toEqual([]);
  }, 30_000);
});
