// The runner: ingest through its CLI, every scenario's enterprise, a live period of `minutes`, the
// bureau's challenge of every device before the end, each enterprise's report through the API,
// and the confusion table.
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { Children } from "../../scripts/demo/children.js";
import type { Api } from "../../scripts/demo/ingest.js";
import { enrollForger } from "./forger/enroll.js";
import { ForgedGateway } from "./forger/gateway.js";
import { startIngestUnderTest } from "./ingest.js";
import { judge, type Report, type Row, type Totals, totalsOf } from "./judge.js";
import { type Declaration, Registry } from "./registry.js";
import { HONEST_AGENT, SCENARIOS } from "./scenarios/index.js";
import type { Peers, Running, Scenario, ScenarioContext } from "./scenarios/types.js";

export interface SuiteOptions {
  /** Live period judged, from the moment every scenario runs. */
  readonly minutes: number;
  readonly dataDir: string;
  /** Overrides of the ingest's config, `{ indicators, copiedStreamScan }` (README.md "Overrides"). */
  readonly configOverrides?: Record<string, unknown>;
  /** Simulated seconds per real second of the honest agent's simulators (README.md "Overrides"). Default 1. */
  readonly plantSpeed?: number;
  /** How far behind the source the copiers play (README.md "Overrides"). Default 90 s. */
  readonly copyShiftMs?: number;
  readonly scenarios?: readonly Scenario[];
  readonly log?: (line: string) => void;
}

export interface ChallengeRecord {
  readonly ent: string;
  readonly dev: string;
  readonly outcome: string;
  readonly causes: readonly string[];
}

export interface SuiteResult {
  readonly startedAt: number;
  readonly period: { readonly from: number; readonly to: number };
  readonly minutes: number;
  readonly configOverrides: Record<string, unknown> | undefined;
  readonly plantSpeed: number;
  readonly copyShiftMs: number;
  readonly rows: readonly Row[];
  readonly totals: Totals;
  readonly declarations: readonly Declaration[];
  readonly challenges: readonly ChallengeRecord[];
  /** Per enterprise, the devices a gateway announced (what the bureau can challenge). */
  readonly announced: Readonly<Record<string, readonly string[]>>;
  readonly notes: readonly string[];
  readonly reports: Readonly<Record<string, Report>>;
}

const CHALLENGE_CONCURRENCY = 4;
const START_CONCURRENCY = 5;
const entOf = (scenario: Scenario) => `fx-${scenario.name}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function inBatches<T>(
  items: readonly T[],
  size: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** The bureau challenges every registered device of every enterprise (INDICATORS §5 liveness). */
async function challengeEverything(
  api: Api,
  bureau: string,
  ents: readonly string[],
): Promise<{ records: ChallengeRecord[]; announced: Record<string, string[]> }> {
  const targets: { ent: string; gw: string; id: string }[] = [];
  for (const ent of ents)
    targets.push(
      ...(await api.call<{ gw: string; id: string }[]>("GET", `/enterprises/${ent}/devices`)).map((d) => ({
        ...d,
        ent,
      })),
    );
  const announced: Record<string, string[]> = {};
  for (const { ent, id } of targets) announced[ent] = [...(announced[ent] ?? []), id];
  const records: ChallengeRecord[] = [];
  await inBatches(targets, CHALLENGE_CONCURRENCY, async ({ ent, gw, id }) => {
    try {
      const out = await api.call<{ outcome: string; causes: { code: string }[] }>(
        "POST",
        `/devices/${id}/challenge`,
        { enterprise: ent, gateway: gw, deadlineMs: 10_000 },
        bureau,
      );
      records.push({ ent, dev: id, outcome: out.outcome, causes: out.causes.map((c) => c.code) });
    } catch (error) {
      records.push({ ent, dev: id, outcome: "error", causes: [(error as Error).message.slice(0, 200)] });
    }
  });
  return { records, announced };
}

/** What the ingest's scheduled copied-stream scan did, from /metrics (loopback: no token). */
async function scanFigures(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const names = ["scans_total", "scan_last_streams", "scan_last_copies", "scan_errors_total"];
  return names
    .map((n) => text.split("\n").find((l) => l.startsWith(`onramp_copied_stream_${n}`)) ?? `${n} —`)
    .join(", ");
}

export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const log = options.log ?? (() => {});
  const scenarios = options.scenarios ?? SCENARIOS;
  const runMs = options.minutes * 60_000;
  const startedAt = Date.now();
  await rm(options.dataDir, { recursive: true, force: true });
  const logDir = join(options.dataDir, "logs");
  await mkdir(logDir, { recursive: true, mode: 0o700 });
  const children = new Children(logDir);
  const notes: string[] = [];
  const running: { scenario: Scenario; running: Running }[] = [];
  const failedToStart = new Set<string>();
  try {
    const { api, url } = await startIngestUnderTest(
      children,
      join(options.dataDir, "ingest"),
      options.configOverrides,
    );
    const bureau = await api.createToken("bureau");
    const registry = new Registry(api);
    const peers: Peers = {
      agentEnt: entOf(HONEST_AGENT),
      agentGw: "gw-1",
      syntheticEnt: "fx-honest-synthetic",
    };
    let judgingStarts: (at: number) => void = () => {};
    const judgedFrom = new Promise<number>((resolve) => {
      judgingStarts = resolve;
    });
    const contextOf = (scenario: Scenario): ScenarioContext => ({
      api,
      ent: entOf(scenario),
      peers,
      registry,
      children,
      dataDir: options.dataDir,
      runMs,
      judgedFrom,
      plantSpeed: options.plantSpeed ?? 1,
      copyShiftMs: options.copyShiftMs ?? 90_000,
      enroll: async (gw = "gw-1", ent = entOf(scenario)) =>
        new ForgedGateway(await enrollForger(api, ent, gw)),
      note: (text) => notes.push(`${scenario.name}: ${text}`),
    });
    for (const scenario of scenarios) await api.createEnterprise(entOf(scenario), scenario.name);
    // Honest ones first: the copier reads, and the cloner copies, the agent-run enterprise.
    const honest = scenarios.filter((s) => s.expected.kind === "honest");
    const frauds = scenarios.filter((s) => s.expected.kind === "fraud");
    for (const scenario of honest) {
      log(`starting ${scenario.name}`);
      running.push({ scenario, running: await scenario.start(contextOf(scenario)) });
    }
    log(`starting ${frauds.length} fraud scenarios`);
    // A few at a time: each enrollment and CONNECT costs the ingest an scrypt hash.
    const started: PromiseSettledResult<{ scenario: Scenario; running: Running }>[] = [];
    for (let i = 0; i < frauds.length; i += START_CONCURRENCY)
      started.push(
        ...(await Promise.allSettled(
          frauds
            .slice(i, i + START_CONCURRENCY)
            .map(async (s) => ({ scenario: s, running: await s.start(contextOf(s)) })),
        )),
      );
    for (const [i, outcome] of started.entries()) {
      if (outcome.status === "fulfilled") running.push(outcome.value);
      else {
        failedToStart.add(frauds[i]?.name ?? "");
        notes.push(`${frauds[i]?.name}: failed to start: ${(outcome.reason as Error).message}`);
      }
    }
    const from = Date.now();
    judgingStarts(from);
    log(`all running; judging ${options.minutes} min from ${new Date(from).toISOString()}`);
    const challengeAt = from + Math.max(runMs - 75_000, runMs * 0.7);
    await sleep(challengeAt - Date.now());
    log("bureau challenges every device");
    const { records: challenges, announced } = await challengeEverything(api, bureau, scenarios.map(entOf));
    await sleep(Math.max(0, from + runMs - Date.now()));
    const to = Date.now();
    notes.push(`ingest: ${await scanFigures(url)}`);
    // The bureau scans the whole run for copied streams before judging (GET /bureau/copied-streams,
    // as it would before publishing figures): the scheduled scan's period ends at the last whole
    // minute, so which copies it had seen when the reports are read depended on where the run
    // ended in the minute. The ingest keeps every scan's findings (CopiedStreamFindings).
    const scan = await api.call<{ streams: number; matches: unknown[] }>(
      "GET",
      `/bureau/copied-streams?from=${startedAt}&to=${to}`,
      undefined,
      bureau,
    );
    notes.push(`bureau scan of the run: ${scan.streams} streams, ${scan.matches.length} copied pairs`);
    const reports: Record<string, Report> = {};
    const rows: Row[] = [];
    for (const scenario of scenarios) {
      const report = await api.call<Report>(
        "GET",
        `/enterprises/${entOf(scenario)}/indicators?from=${from}&to=${to}`,
        undefined,
        bureau,
      );
      reports[scenario.name] = report;
      const row = judge(scenario, report);
      // A scenario that never ran proves nothing either way: it counts against the suite.
      rows.push(
        failedToStart.has(scenario.name)
          ? { ...row, outcome: "missed", why: ["did not start", ...row.why] }
          : row,
      );
    }
    return {
      startedAt,
      period: { from, to },
      minutes: options.minutes,
      configOverrides: options.configOverrides,
      plantSpeed: options.plantSpeed ?? 1,
      copyShiftMs: options.copyShiftMs ?? 90_000,
      rows,
      totals: totalsOf(rows),
      declarations: registry.declarations,
      challenges,
      announced,
      notes,
      reports,
    };
  } finally {
    await Promise.allSettled(running.map((r) => r.running.stop()));
    await children.stop();
  }
}
