// Starts the simulated park: simulators, the ingest service, one enrolled agent per enterprise and
// the dishonest enterprise's forged gateway — every one a child process the demo stops by PID.

import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { enrollGateway, startAgent } from "./agents.js";
import { type ChallengeRound, challengeEveryDevice } from "./challenges.js";
import { type Children, waitForLine } from "./children.js";
import { declareEnterprise, declareKeyProcessDevices, declareRelations } from "./declarations.js";
import { type Api, startIngest } from "./ingest.js";
import {
  AGENT_GATEWAY,
  FORGED_GATEWAY,
  type ParkEnterprise,
  planPark,
  type SimulatedEnterprise,
} from "./park.js";
import { submitQuestionnaire } from "./questionnaires.js";

export interface DemoOptions {
  readonly enterprises: number;
  readonly machines: number;
  readonly dataDir: string;
}

export interface RunningDemo {
  readonly url: string;
  readonly dashboardUrl: string;
  readonly isDashboardBuilt: boolean;
  readonly tokens: Readonly<Record<string, string>>;
  readonly park: readonly ParkEnterprise[];
  readonly pids: readonly number[];
  readonly onlineDevices: number;
  /** Every device the park runs: the agents' and the forger's. */
  readonly parkDevices: number;
  /** The bureau's first round of challenges, one per device, started once the park is online. */
  readonly challenged: Promise<ChallengeRound>;
  stop(): Promise<void>;
}

const SIM_SCRIPT = join(import.meta.dirname, "sim-process.ts");
const FORGER_SCRIPT = join(import.meta.dirname, "forger.ts");

/** Online devices per enterprise, from the presence API. */
/** The forger's fake machines (FAKE_DEVICES in forger.ts), online in the dishonest enterprise. */
const FORGED_DEVICE_COUNT = 2;

export async function onlineCounts(api: Api, park: readonly ParkEnterprise[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const ent of park) {
    const presence = await api.call<{ state: string }[]>("GET", `/enterprises/${ent.id}/presence`);
    counts.set(ent.id, presence.filter((d) => d.state === "online").length);
  }
  return counts;
}

export async function startDemo(
  options: DemoOptions,
  children: Children,
  log: (line: string) => void,
): Promise<RunningDemo> {
  const park = planPark(options.enterprises);
  // A fresh park every run: the demo's state is disposable.
  await rm(options.dataDir, { recursive: true, force: true });
  const logDir = join(options.dataDir, "logs");
  await mkdir(logDir, { recursive: true, mode: 0o700 });

  log(
    `starting ${park.length} enterprises × (${options.machines} OPC UA CNC + Modbus PLC, CNC and 2 meters) …`,
  );
  const simChild = children.start(
    "simulators",
    [
      "--import",
      "tsx",
      SIM_SCRIPT,
      "--enterprises",
      String(park.length),
      "--machines",
      String(options.machines),
      "--data-dir",
      options.dataDir,
    ],
    { pipeStdout: true },
  );
  const simsReady = waitForLine(
    simChild,
    (line) => {
      if (!line.startsWith('{"ready"')) return undefined;
      return (JSON.parse(line) as { ready: SimulatedEnterprise[] }).ready;
    },
    120_000,
  );
  const ingest = await startIngest(children, join(options.dataDir, "ingest"));
  const { api } = ingest;
  log(`ingest service ready at ${ingest.url}`);

  for (const ent of park) {
    await api.createEnterprise(ent.id, ent.name);
    await declareEnterprise(api, ent);
  }
  // Issue 15: each enterprise's SME digital level questionnaire (questionnaires.ts).
  for (const [index, ent] of park.entries()) await submitQuestionnaire(api, ent, index);
  const first = park[0]?.id ?? "";
  const tokens = {
    admin: api.adminToken,
    bureau: await api.createToken("bureau"),
    integrator: await api.createToken("integrator", first),
    enterprise: await api.createToken("enterprise", first),
  };

  const gatewayDir = (ent: string, gw: string) => join(options.dataDir, "gateways", ent, gw);
  const enrolled = Promise.all(
    park.flatMap((ent) => [
      enrollGateway(children, api, ent.id, AGENT_GATEWAY, gatewayDir(ent.id, AGENT_GATEWAY)),
      ...(ent.isDishonest
        ? [enrollGateway(children, api, ent.id, FORGED_GATEWAY, gatewayDir(ent.id, FORGED_GATEWAY))]
        : []),
    ]),
  );
  const [sims] = await Promise.all([simsReady, enrolled]);
  log(`simulators ready; ${park.length + park.filter((e) => e.isDishonest).length} gateways enrolled`);

  for (const sim of sims) await startAgent(children, sim.id, gatewayDir(sim.id, AGENT_GATEWAY), sim);
  for (const ent of park.filter((e) => e.isDishonest)) {
    // The forger clones the identity of the enterprise's own first CNC onto one of its fakes: one
    // machine counted twice (INDICATORS §5 uniqueness), which flags the dishonest enterprise alone.
    const clonedSerial = sims.find((s) => s.id === ent.id)?.cnc.serials[0] ?? "";
    children.start(`forger-${ent.id}`, [
      "--import",
      "tsx",
      FORGER_SCRIPT,
      "--data-dir",
      join(gatewayDir(ent.id, FORGED_GATEWAY), "data"),
      "--clone-serial",
      clonedSerial,
    ]);
  }

  // Live data before the URL is shown: wait until every enterprise has a device online (60 s at
  // most), then up to 20 s more for the rest of the park — its agents' CNCs and Modbus units and the
  // forger's two fakes — so that the line printed says how many of how many are online (it said "18
  // devices online" of 26 when it counted only what one-per-enterprise had brought up), without
  // holding the URL back past the 90 s the demo promises.
  const expected = new Map(
    sims.map((sim) => [
      sim.id,
      sim.cnc.roots.length +
        sim.modbus.units.length +
        (sim.s7 === undefined ? 0 : 1) +
        (sim.mtconnect === undefined ? 0 : 1) +
        (park.find((e) => e.id === sim.id)?.isDishonest ? FORGED_DEVICE_COUNT : 0),
    ]),
  );
  let counts = await onlineCounts(api, park);
  const waitFor = async (isDone: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!isDone() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      counts = await onlineCounts(api, park);
    }
  };
  await waitFor(() => park.every((ent) => (counts.get(ent.id) ?? 0) > 0), 60_000);
  await waitFor(() => [...expected].every(([ent, n]) => (counts.get(ent) ?? 0) >= n), 20_000);
  for (const ent of park) {
    await declareKeyProcessDevices(api, ent);
    await declareRelations(api, ent);
  }
  // Started now and not awaited: the URL is not held back by the round (a device whose gateway
  // never answers costs its deadline); demo.ts says when it is done.
  const challenged = challengeEveryDevice(api, park);
  const dashboard = await fetch(`${ingest.url}/`).then(
    (r) => r.ok,
    () => false,
  );
  // The bureau's landing page: the login page first, then straight to every enterprise's row.
  if (dashboard) log(`bureau view: ${ingest.url}/#/bureau   (log in with the bureau token printed below)`);
  return {
    url: ingest.url,
    dashboardUrl: dashboard ? `${ingest.url}/` : `${ingest.url}/docs`,
    isDashboardBuilt: dashboard,
    tokens,
    park,
    pids: children.pids,
    onlineDevices: [...counts.values()].reduce((a, b) => a + b, 0),
    parkDevices: [...expected.values()].reduce((a, b) => a + b, 0),
    challenged,
    stop: () => children.stop(),
  };
}
