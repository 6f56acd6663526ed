// `npm run bench:scale`: does the ingest scale out? Points/s end to end with ONE ingest instance
// in a Mosquitto shared-subscription group vs TWO, same publishers and frames, interleaved runs,
// medians; the figure is the ratio two ÷ one (issue 10's target: ≥ 1.7×).
//
// Peers as in production scale-out (ingest-service README "Scale-out"): Mosquitto with the
// README's ACL and password auth, PostgreSQL for the shared state (dedupe, ledger: two instances
// cannot share PGlite), InfluxDB 1.x; the instances are child processes with `--broker …
// --broker-group bench`, i.e. `$share/bench/onramp/v1/+/+/+`, each with its own client id.
//
// Mosquitto acknowledges the gateways itself, so the publishers' PUBACK says nothing about
// storage: a run ends when the instances' `onramp_ingest_points_written_total` (counted after the
// InfluxDB write and the ledger commit) has grown by every point published. CPU of each process
// (ingest instances, mosquitto, influxd, postgres with its backends, this publisher) over the same
// window shows which one is the bottleneck on this machine.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import mqtt, { type MqttClient } from "mqtt";
import {
  connectionClientId,
  connectionCount,
  DEFAULT_GROUP_CONNECTIONS,
} from "../../ingest-service/src/broker/external.js";
import { startInfluxd } from "../peers/influxd.js";
import { SHIPPED_ACL, startSecuredMosquitto } from "../peers/mosquitto-acl.js";
import { freePort } from "../peers/ports.js";
import { startPostgres } from "../peers/postgres.js";
import { waitFor } from "../peers/wait.js";
import {
  connectGateways,
  type IngestChild,
  mqttUsername,
  prepareState,
  publishBurst,
  signFrames,
  startIngest,
} from "./ingest-harness.js";
import { median } from "./median.js";
import { openCpuWindow } from "./process-cpu.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The throughput bench's publishers and frame shape. */
const GATEWAYS = 4;
/** 200 frames per gateway (400,000 points) keep a run several seconds long, the poll's 20 ms small. */
const SHAPE = { frames: Number(process.env.BENCH_FRAMES ?? 200), samplesPerFrame: 500 };
const POINTS = GATEWAYS * SHAPE.frames * SHAPE.samplesPerFrame;
const GROUP = "bench";
/** `--broker-connections` of each instance (BENCH_CONNECTIONS); unset: the ingest's default with a group. */
const CONNECTIONS = connectionCount({
  group: GROUP,
  connections:
    process.env.BENCH_CONNECTIONS === undefined ? undefined : Number(process.env.BENCH_CONNECTIONS),
});
const INGEST_USER = "onramp-ingest";
const INGEST_PASSWORD = "bench-ingest-secret";
const POINTS_METRIC = "onramp_ingest_points_written_total";
const outDir = fileURLToPath(new URL("./out/", import.meta.url));

type Setup = "one" | "two";

interface RunResult {
  setup: Setup;
  pointsPerSecond: number;
  /** Until the broker acknowledged the last frame (Mosquitto acks before any instance stores it). */
  brokerAckSeconds: number;
  seconds: number;
  /** Points each instance wrote in the run: how the shared subscription split the frames. */
  split: number[];
  /** Cores used per process over the run (1 = one core busy all along). */
  cpu: Record<string, number>;
  /** Cores used by the whole machine over the run, including processes that are not ours. */
  machineCpu: number;
}

async function main() {
  const started = performance.now();
  const postgres = await startPostgres();
  const influxd = await startInfluxd();
  const dataDir = fileURLToPath(new URL(`./out/ingest-scale-data-${process.pid}/`, import.meta.url));
  mkdirSync(dataDir, { recursive: true });
  let broker: Awaited<ReturnType<typeof startSecuredMosquitto>> | undefined;
  const instances: { a?: IngestChild; b?: IngestChild } = {};
  try {
    const postgresUrl = await postgres.createDatabase("bench_scale");
    const gateways = await prepareState(dataDir, GATEWAYS, postgresUrl);
    // With an external broker the MQTT credentials are the broker's; the enrolled passwords are
    // reused so each gateway connects as it would to the embedded broker.
    broker = await startSecuredMosquitto({
      users: [
        { username: INGEST_USER, password: INGEST_PASSWORD },
        ...gateways.map((gw) => ({ username: mqttUsername(gw), password: gw.password })),
      ],
      acl: SHIPPED_ACL,
      limits: { maxInflightMessages: 1000, maxQueuedMessages: 1_000_000 },
    });
    const brokerUrl = broker.url;
    // One data dir for both: instances of a deployment share the cmd signing key (README).
    const launch = async (name: string) =>
      startIngest(
        await freePort(),
        [
          "--data-dir",
          dataDir,
          "--broker",
          brokerUrl,
          "--broker-username",
          INGEST_USER,
          "--broker-client-id",
          `bench-ingest-${name}`,
          "--broker-group",
          GROUP,
          "--broker-connections",
          String(CONNECTIONS),
          "--telemetry",
          "influx-v1",
          "--influx-url",
          influxd.url,
          "--influx-db",
          "onramp",
        ],
        { ONRAMP_BROKER_PASSWORD: INGEST_PASSWORD, ONRAMP_POSTGRES_URL: postgresUrl },
      );
    const running = () => [instances.a, instances.b].filter((i): i is IngestChild => i !== undefined);
    const pointsOf = (list: IngestChild[]) => Promise.all(list.map((i) => i.metric(POINTS_METRIC)));

    /** Publishes `frames`, resolves once the running instances have written all their points. */
    const burst = async (clients: MqttClient[], frames: Buffer[][]) => {
      const members = running();
      const before = await pointsOf(members);
      const target = before.reduce((n, p) => n + p, 0) + frames.flat().length * SHAPE.samplesPerFrame;
      const cpu = openCpuWindow({
        "ingest A": instances.a?.pid ?? 0,
        "ingest B": instances.b?.pid ?? 0,
        mosquitto: broker?.pid ?? 0,
        influxd: influxd.pid,
        postgres: postgres.pid,
        "publisher (this process)": process.pid,
      });
      const t0 = performance.now();
      await publishBurst(clients, gateways, frames);
      const brokerAckSeconds = (performance.now() - t0) / 1000;
      const after = await waitFor(
        "every point written by the group",
        async () => {
          const now = await pointsOf(members);
          return now.reduce((n, p) => n + p, 0) >= target ? now : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 20 },
      );
      const seconds = (performance.now() - t0) / 1000;
      const use = cpu.close();
      return {
        seconds,
        brokerAckSeconds,
        split: after.map((p, i) => p - (before[i] as number)),
        cpu: use.processes,
        machineCpu: use.machine,
      };
    };
    let runId = 0;
    const framesFor = (shape = SHAPE) => gateways.map((gw) => signFrames(gw, runId++, shape));
    const clients = await connectGateways(brokerUrl, gateways);

    const setInstances = async (setup: Setup) => {
      if (setup === "two" && instances.b === undefined) {
        instances.b = await launch("b");
        // Warms B up (JIT, pool) and proves its shared subscription is live: both members store.
        await waitFor(
          "both group members to store warm-up frames",
          async () => {
            const split = (await burst(clients, framesFor({ frames: 10, samplesPerFrame: 500 }))).split;
            return split.every((p) => p > 0);
          },
          { timeoutMs: 30_000, intervalMs: 0 },
        );
      }
      if (setup === "one" && instances.b !== undefined) {
        await instances.b.stop();
        instances.b = undefined;
        for (let i = 0; i < CONNECTIONS; i++)
          await endSession(brokerUrl, connectionClientId("bench-ingest-b", i));
      }
    };

    instances.a = await launch("a");
    await burst(clients, framesFor({ frames: 100, samplesPerFrame: 500 })); // warm-up: JIT, pool, InfluxDB shard
    const results: RunResult[] = [];
    const pairRatios: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // ABBA order: each setup runs first as often as second, and B restarts only every other run.
      const order: Setup[] = run % 2 === 0 ? ["one", "two"] : ["two", "one"];
      for (const setup of order) {
        await setInstances(setup);
        const frames = framesFor();
        const r = await burst(clients, frames);
        results.push({ setup, pointsPerSecond: POINTS / r.seconds, ...r });
        process.stderr.write(
          `run ${run + 1}/${RUNS} ${setup}: ${Math.round(POINTS / r.seconds)} points/s (split ${r.split.join(" / ")})\n`,
        );
      }
      // The two halves of a run are seconds apart: their ratio drifts less with the shared machine's load.
      const [first, second] = results.slice(-2) as [RunResult, RunResult];
      const [a, b] = first.setup === "two" ? [first, second] : [second, first];
      pairRatios.push(a.pointsPerSecond / b.pointsPerSecond);
    }
    await Promise.all(clients.map((c) => c.endAsync()));

    const of = (setup: Setup) => results.filter((r) => r.setup === setup);
    const cpuMedian = (setup: Setup) => {
      const names = [...new Set(of(setup).flatMap((r) => Object.keys(r.cpu)))];
      return Object.fromEntries(names.map((n) => [n, median(of(setup).map((r) => r.cpu[n] ?? 0))]));
    };
    const one = median(of("one").map((r) => r.pointsPerSecond));
    const two = median(of("two").map((r) => r.pointsPerSecond));
    const summary = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
      setup: {
        runs: RUNS,
        gateways: GATEWAYS,
        framesPerGateway: SHAPE.frames,
        samplesPerFrame: SHAPE.samplesPerFrame,
        pointsPerRun: POINTS,
        broker: "mosquitto 2.0.x, ACL + passwords, max_inflight_messages 1000, max_queued_messages 1000000",
        connectionsPerInstance: CONNECTIONS,
        defaultConnections: DEFAULT_GROUP_CONNECTIONS,
        state: "PostgreSQL 15 (test peer: fsync=off)",
        telemetry: "InfluxDB 1.x /write",
      },
      pointsPerSecond: { oneInstance: one, twoInstances: two },
      ratio: two / one,
      /** Per run: two ÷ one of the run's own pair, and their median. */
      pairRatios,
      medianPairRatio: median(pairRatios),
      brokerAckPointsPerSecond: {
        oneInstance: POINTS / median(of("one").map((r) => r.brokerAckSeconds)),
        twoInstances: POINTS / median(of("two").map((r) => r.brokerAckSeconds)),
      },
      cpuCores: { oneInstance: cpuMedian("one"), twoInstances: cpuMedian("two") },
      machineCpuCores: {
        oneInstance: median(of("one").map((r) => r.machineCpu)),
        twoInstances: median(of("two").map((r) => r.machineCpu)),
      },
      durationSeconds: Math.round((performance.now() - started) / 1000),
      runs: results,
    };
    const cores = (n: number | undefined) => (n === undefined ? "—" : `${Math.round(n * 100)} %`);
    const names = Object.keys(summary.cpuCores.twoInstances);
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    const ours = { one: sum(summary.cpuCores.oneInstance), two: sum(summary.cpuCores.twoInstances) };
    const machine = summary.machineCpuCores;
    const markdown = `# Ingest scale-out — one vs two instances on a Mosquitto shared subscription (${summary.date})

${summary.machine.cpus} cores (${summary.machine.model}), Node ${summary.machine.node}; Mosquitto (ACL, max_inflight_messages 1000), PostgreSQL 15 shared state, InfluxDB 1.x; ${CONNECTIONS} broker connection(s) per instance; medians of ${RUNS} interleaved runs (ABBA order).
Each run: ${GATEWAYS} gateways × ${SHAPE.frames} QoS 1 frames × ${SHAPE.samplesPerFrame} samples, timed until the group's points-written counters account for every point.

| setup | points/s (median) |
| --- | ---: |
| one instance in group \`${GROUP}\` | ${Math.round(one)} |
| two instances in group \`${GROUP}\` | ${Math.round(two)} |

Two ÷ one: **${summary.ratio.toFixed(2)}×** (target ≥ 1.7×); per-run pairs ${pairRatios.map((r) => `${r.toFixed(2)}×`).join(", ")} (median ${summary.medianPairRatio.toFixed(2)}×). Mosquitto acknowledged the publishers at ${Math.round(summary.brokerAckPointsPerSecond.oneInstance)} points/s (one) and ${Math.round(summary.brokerAckPointsPerSecond.twoInstances)} (two): the broker is not the cap.

CPU per process over the run window (median, % of one core; the machine has ${summary.machine.cpus} cores = ${summary.machine.cpus * 100} %):

| process | one instance | two instances |
| --- | ---: | ---: |
${names.map((n) => `| ${n} | ${cores(summary.cpuCores.oneInstance[n])} | ${cores(summary.cpuCores.twoInstances[n])} |`).join("\n")}
| all of the above | ${cores(ours.one)} | ${cores(ours.two)} |
| whole machine (/proc/stat; the machine is shared) | ${cores(machine.oneInstance)} | ${cores(machine.twoInstances)} |
| other processes (machine − ours) | ${cores(machine.oneInstance - ours.one)} | ${cores(machine.twoInstances - ours.two)} |
`;
    mkdirSync(outDir, { recursive: true });
    writeFileSync(`${outDir}ingest-scale.json`, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(`${outDir}ingest-scale.md`, markdown);
    process.stdout.write(markdown);
  } finally {
    await instances.b?.stop();
    await instances.a?.stop();
    await broker?.stop();
    await influxd.destroy();
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Removes a stopped instance's session. The ingest keeps a persistent session (7-day expiry) so
 * the broker queues for it while it restarts; in a group, Mosquitto 2.0.11 keeps dealing that
 * member its share of the frames while it is offline (queued, delivered when it comes back).
 * For the one-instance runs the group must really have one member, so B's session goes: a clean
 * MQTT 5 connect with Session Expiry 0 under its client id ends it at disconnect.
 */
async function endSession(brokerUrl: string, clientId: string): Promise<void> {
  const client = await mqtt.connectAsync(brokerUrl, {
    protocolVersion: 5,
    clientId,
    clean: true,
    properties: { sessionExpiryInterval: 0 },
    username: INGEST_USER,
    password: INGEST_PASSWORD,
    reconnectPeriod: 0,
  });
  await client.endAsync();
}

await main();
