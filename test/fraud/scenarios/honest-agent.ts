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
 * The idle CNC's first idle stretch, in simulated minutes: 60 % of the time from now to the end of
 * the run (its start-up, ≈ 2 min, and the judged minutes) at the plant's speed. In a 150-min run
 * that is 91 min idle before its part; in the 3-min CI run at speed 12, 36 simulated minutes (3 min).
 */
function idleFirstMinutes(ctx: { runMs: number; plantSpeed: number }): number {
  return Math.round(0.6 * (ctx.runMs / 60_000 + 2) * ctx.plantSpeed);
}

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
    return { stop: () => ctx.children.stop([agent, sim]) };
  },
};
