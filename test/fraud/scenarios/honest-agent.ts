// Honest (a): an enterprise run by the REAL agent — `onramp-agent enroll` with a one-time token,
// then `onramp-agent run` — on the project's simulators: two OPC UA CNCs (one idle for hours), a
// Modbus PLC line, a Modbus CNC and two meters, each meter declared as feeding its machine.
import { join } from "node:path";
import { enrollGateway, startAgent } from "../../../scripts/demo/agents.js";
import { waitForLine } from "../../../scripts/demo/children.js";
import type { SimulatedEnterprise } from "../../../scripts/demo/park.js";
import { waitForDevices } from "./station-scenario.js";
import type { Scenario } from "./types.js";

const SIM_SCRIPT = join(import.meta.dirname, "../sim-process.ts");
const GW = "gw-1";
export const AGENT_DEVICES = [
  "cnc-1",
  "cnc-2",
  "plc-line-1",
  "cnc-modbus-1",
  "meter-line-1",
  "meter-cnc-modbus-1",
];

/**
 * The idle CNC's one part comes half-way through the judged period (simulated minutes after the
 * suite's SIGUSR2 at its start): idle before it for the start-up and half the run — 65 min in a
 * 130-min run, 1.5 min in the 3-min CI run — whatever the other scenarios' start-up took. Its first
 * idle stretch is drawn longer than any run, so only the signal ends it.
 */
function partAfterSignalMinutes(ctx: { runMs: number; plantSpeed: number }): number {
  return 0.5 * (ctx.runMs / 60_000) * ctx.plantSpeed;
}
const idleFirstMinutes = (ctx: { runMs: number; plantSpeed: number }) =>
  Math.round(10 * (ctx.runMs / 60_000 + 10) * ctx.plantSpeed);

export const honestAgent: Scenario = {
  name: "honest-agent",
  class: "honest",
  forges: "nothing: the real onramp-agent on the simulators (OPC UA CNC cnc-2 idle for hours)",
  expected: { kind: "honest" },
  async start(ctx) {
    const dir = join(ctx.dataDir, "honest-agent");
    const sim = ctx.children.start(
      "fraud-simulators",
      [
        "--import",
        "tsx",
        SIM_SCRIPT,
        "--data-dir",
        dir,
        "--id",
        ctx.ent,
        "--speed",
        String(ctx.plantSpeed),
        "--idle-first-minutes",
        String(idleFirstMinutes(ctx)),
        "--part-after-signal-minutes",
        String(partAfterSignalMinutes(ctx)),
      ],
      { pipeStdout: true },
    );
    const [ready] = await waitForLine(
      sim,
      (line) =>
        line.startsWith('{"ready"')
          ? (JSON.parse(line) as { ready: SimulatedEnterprise[] }).ready
          : undefined,
      120_000,
    );
    if (ready === undefined) throw new Error("the simulators reported nothing");
    const gwDir = join(dir, "gateway");
    await enrollGateway(ctx.children, ctx.api, ctx.ent, GW, gwDir);
    const agent = await startAgent(ctx.children, ctx.ent, gwDir, ready);
    await waitForDevices(ctx, AGENT_DEVICES);
    for (const dev of ["cnc-1", "cnc-2", "cnc-modbus-1"])
      await ctx.registry.declareKeyProcess(ctx.ent, GW, dev, true);
    // A PLC-run line is under program control: INDICATORS §2.3 and the ingest's CNC evidence
    // (cnc-rate.ts, controller classes) count its controller state, so the honest answer is yes.
    await ctx.registry.declareKeyProcess(ctx.ent, GW, "plc-line-1", true);
    for (const [meter, machine] of [
      ["meter-line-1", "plc-line-1"],
      ["meter-cnc-modbus-1", "cnc-modbus-1"],
    ] as const)
      await ctx.registry.declareRelation(ctx.ent, {
        kind: "feeds",
        from: meter,
        to: machine,
      });
    // The judged period starts: cnc-2's part is due half-way through it (sim-process.ts).
    void ctx.judgedFrom.then(() => {
      if (sim.process.exitCode === null) sim.process.kill("SIGUSR2");
    });
    return { stop: () => ctx.children.stop([agent, sim]) };
  },
};
