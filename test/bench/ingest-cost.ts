// `npm run bench:cost`: cost per value, like for like (issue 16). One InfluxDB 1.x, the same
// values for every side (cost-shape.ts: PUBLISHERS × MESSAGES QoS 1 messages of 2,000 values =
// 10 devices × 20 timestamps × 10 signals), ROUNDS rotating rounds, medians:
//   raw       the ingest's own lines POSTed to /write in 5,000-line batches, one connection;
//   node-red  Node-RED 4.1, mqtt in (Mosquitto) → function → influxdb batch, plain JSON in;
//   embedded  Onramp ingest with its embedded broker, verification on, PUBACK once durable;
//   mosquitto Onramp ingest behind Mosquitto (shared subscription, 8 connections).
// A run ends when its last value is stored: the last PUBACK for the embedded broker (sent only
// once durable); for Mosquitto (it acks the publishers itself) the ingest's written-points
// counter; for Node-RED (acks on receipt) the InfluxQL count. Every run is then counted back with
// InfluxQL; a run that lost a value is invalid and reported so. CPU from /proc/<pid>/stat
// (process-cpu.ts), as CPU-seconds per million values per process and for the whole system (the
// server processes: broker, consumer, influxd; the publishers are the gateways' cost, not counted).
// Then latency at half of the embedded ingest's peak just measured, same shape and publishers
// (cost-latency.ts), against the same pacing written straight to /write; counted back as well.
// BENCH_RUNS (default 3) sets the rounds and the latency runs, BENCH_SYSTEMS a subset of systems,
// BENCH_LATENCY_WINDOW_S (default 10) each latency run's length.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import mqtt, { type MqttClient } from "mqtt";
import { startInfluxd } from "../peers/influxd.js";
import { SHIPPED_ACL, startSecuredMosquitto } from "../peers/mosquitto-acl.js";
import { freePort } from "../peers/ports.js";
import { waitFor } from "../peers/wait.js";
import { type PacedRun, publishVia, runPaced, writeVia } from "./cost-latency.js";
import {
  COST_ENT,
  ingestLines,
  jsonMessage,
  MESSAGES,
  NODE_RED_FUNCTION,
  PUBLISHERS,
  roundBase,
  roundWindow,
  SIGNALS,
  signedFrames,
  VALUES_PER_MESSAGE,
  VALUES_PER_ROUND,
} from "./cost-shape.js";
import { type CostLatency, type CostSummary, costMarkdown, type SystemName } from "./ingest-cost-report.js";
import {
  type BenchGateway,
  connectGateways,
  type IngestChild,
  mqttUsername,
  prepareState,
  startIngest,
} from "./ingest-harness.js";
import { median } from "./median.js";
import { startNodeRed } from "./node-red-peer.js";
import { openCpuWindow } from "./process-cpu.js";
import { shapeBytes } from "./wire-bytes.js";

const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);
const RAW_BATCH = 5000;
/** BENCH_MOSQUITTO_CONNECTIONS: the ingest's shared-subscription connections behind Mosquitto. */
const MOSQUITTO_CONNECTIONS = Number(process.env.BENCH_MOSQUITTO_CONNECTIONS ?? 8);
const ALL_SYSTEMS: SystemName[] = ["raw", "node-red", "embedded", "mosquitto"];
/** BENCH_SYSTEMS=raw,embedded runs a subset (profiling a change); the report needs all four. */
const SYSTEMS = (process.env.BENCH_SYSTEMS?.split(",") ?? ALL_SYSTEMS).filter((s): s is SystemName =>
  (ALL_SYSTEMS as string[]).includes(s),
);
/** Latency at LATENCY_SHARE of the embedded ingest's peak (its median values/s in this run), ROUNDS paced runs. */
const LATENCY_SHARE = 0.5;
const LATENCY_WINDOW_S = Number(process.env.BENCH_LATENCY_WINDOW_S ?? 10);
const LATENCY_RAW_DB = "cost_latency_raw";
const DB: Record<SystemName, string> = {
  raw: "cost_raw",
  "node-red": "cost_nodered",
  embedded: "cost_embedded",
  mosquitto: "cost_mosquitto",
};
const outDir = fileURLToPath(new URL("./out/", import.meta.url));
const log = (line: string) => process.stderr.write(`[cost] ${line}\n`);

async function influxql(url: string, q: string, db?: string): Promise<unknown> {
  const params = new URLSearchParams({ q, ...(db === undefined ? {} : { db }) });
  const response = await fetch(`${url}/query?${params}`, { method: "POST" });
  if (!response.ok) throw new Error(`InfluxQL ${q} answered ${response.status}`);
  return response.json();
}

/** Values stored in `db` between the window's bounds: the sum of count(*) over every field. */
async function countValues(url: string, db: string, from: number, to: number): Promise<number> {
  const result = (await influxql(
    url,
    `SELECT count(*) FROM onramp_device WHERE time >= ${from}ms AND time < ${to}ms`,
    db,
  )) as { results: { series?: { values: (string | number)[][] }[] }[] };
  const row = result.results[0]?.series?.[0]?.values[0] ?? [];
  return row.slice(1).reduce<number>((n, c) => n + (typeof c === "number" ? c : 0), 0);
}

/**
 * Points (lines) InfluxDB has accepted over HTTP since it started: its own counter (`/debug/vars`,
 * httpd `pointsWrittenOK`). Polling it costs InfluxDB next to nothing, where polling an InfluxQL
 * count over the run's values would load the very server the measured system writes to.
 */
async function pointsWrittenOk(url: string): Promise<number> {
  const vars = (await (await fetch(`${url}/debug/vars`)).json()) as Record<
    string,
    { name?: string; values?: { pointsWrittenOK?: number } }
  >;
  let sum = 0;
  for (const stat of Object.values(vars))
    if (stat?.name === "httpd") sum += stat.values?.pointsWrittenOK ?? 0;
  return sum;
}

/**
 * An ingest counter, read again when the request fails: between runs the ingest's HTTP server may
 * close an idle keep-alive socket just as the next request goes out on it ("other side closed").
 */
async function metricOf(ingest: IngestChild, name: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ingest.metric(name);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

interface RunOutcome {
  valuesPerSecond: number;
  seconds: number;
  /** Values counted back in InfluxDB for the run. */
  counted: number;
  /** CPU-seconds per million values, per process name. */
  cpuPerMillion: Record<string, number>;
}

async function main() {
  const started = performance.now();
  const influxd = await startInfluxd();
  const dataDir = fileURLToPath(new URL(`./out/ingest-cost-data-${process.pid}/`, import.meta.url));
  const stops: (() => Promise<void>)[] = [];
  try {
    for (const db of [...Object.values(DB), LATENCY_RAW_DB])
      await influxql(influxd.url, `CREATE DATABASE ${db}`);
    mkdirSync(`${dataDir}embedded`, { recursive: true });
    mkdirSync(`${dataDir}mosquitto`, { recursive: true });
    const gwEmbedded = await prepareState(`${dataDir}embedded`, PUBLISHERS);
    const gwMosquitto = await prepareState(`${dataDir}mosquitto`, PUBLISHERS);
    const limits = { maxInflightMessages: 1000, maxQueuedMessages: 1_000_000 };
    const ingestUser = { username: "onramp-ingest", password: "bench-ingest-secret" };
    const onrampBroker = await startSecuredMosquitto({
      users: [
        ingestUser,
        ...gwMosquitto.map((gw) => ({ username: mqttUsername(gw), password: gw.password })),
      ],
      acl: SHIPPED_ACL,
      limits,
    });
    stops.push(onrampBroker.stop);
    const nrUser = { username: "node-red", password: "bench-node-red-secret" };
    const publisherUsers = Array.from({ length: PUBLISHERS }, (_, i) => ({
      username: `pub-${i}`,
      password: `bench-pub-${i}`,
    }));
    const nrBroker = await startSecuredMosquitto({
      users: [nrUser, ...publisherUsers],
      acl: [nrUser, ...publisherUsers].map((u) => `user ${u.username}\ntopic readwrite bench/#\n`).join("\n"),
      limits,
    });
    stops.push(nrBroker.stop);
    const telemetry = (db: string) => [
      "--telemetry",
      "influx-v1",
      "--influx-url",
      influxd.url,
      "--influx-db",
      db,
    ];
    const mqttPort = await freePort();
    const embedded = await startIngest(await freePort(), [
      "--data-dir",
      `${dataDir}embedded`,
      "--mqtt-port",
      String(mqttPort),
      ...telemetry(DB.embedded),
    ]);
    stops.push(embedded.stop);
    const viaMosquitto = await startIngest(
      await freePort(),
      [
        "--data-dir",
        `${dataDir}mosquitto`,
        "--broker",
        onrampBroker.url,
        "--broker-username",
        ingestUser.username,
        "--broker-client-id",
        "cost-ingest",
        "--broker-group",
        "cost",
        "--broker-connections",
        String(MOSQUITTO_CONNECTIONS),
        ...telemetry(DB.mosquitto),
      ],
      { ONRAMP_BROKER_PASSWORD: ingestUser.password },
    );
    stops.push(viaMosquitto.stop);
    const nodeRed = SYSTEMS.includes("node-red")
      ? await startNodeRed({
          mqtt: { port: nrBroker.port, ...nrUser, topic: "bench/+/data" },
          influx: { port: influxd.httpPort, database: DB["node-red"] },
          functionBody: NODE_RED_FUNCTION,
        })
      : undefined;
    if (nodeRed !== undefined) {
      stops.push(nodeRed.stop);
      log(`Node-RED ${nodeRed.version} started (pid ${nodeRed.pid})`);
    }

    const embeddedClients = await connectGateways(`mqtt://127.0.0.1:${mqttPort}`, gwEmbedded);
    const mosquittoClients = await connectGateways(onrampBroker.url, gwMosquitto);
    const nrClients = await Promise.all(
      publisherUsers.map((u) =>
        mqtt.connectAsync(nrBroker.url, { clientId: u.username, ...u, reconnectPeriod: 0 }),
      ),
    );
    stops.push(async () => {
      await Promise.all([...embeddedClients, ...mosquittoClients, ...nrClients].map((c) => c.endAsync()));
    });

    const publishAll = (clients: MqttClient[], topics: string[], messages: Buffer[][]) =>
      Promise.all(
        clients.map((c, g) =>
          Promise.all(
            (messages[g] as Buffer[]).map((m) => c.publishAsync(topics[g] as string, m, { qos: 1 })),
          ),
        ),
      );
    const POINTS_METRIC = "onramp_ingest_points_written_total";

    /** One run of one system: prepare its input (clock stopped), run it, count it back. */
    const runOnce = async (system: SystemName, slot: number): Promise<RunOutcome> => {
      const base = roundBase(slot);
      const window = roundWindow(base);
      const roots: Record<string, number> = { influxd: influxd.pid };
      let go: () => Promise<void>;
      if (system === "raw") {
        const lines = ingestLines(
          gwEmbedded.map((g) => g.id),
          base,
        );
        const batches: string[] = [];
        for (let i = 0; i < lines.length; i += RAW_BATCH)
          batches.push(lines.slice(i, i + RAW_BATCH).join("\n"));
        go = async () => {
          for (const body of batches) {
            const r = await fetch(`${influxd.url}/write?db=${DB.raw}&precision=ms`, { method: "POST", body });
            if (r.status !== 204) throw new Error(`raw write answered ${r.status}: ${await r.text()}`);
          }
        };
      } else if (system === "node-red") {
        roots["node-red"] = nodeRed?.pid ?? 0;
        roots.mosquitto = nrBroker.pid;
        const messages = publisherUsers.map((_, g) =>
          Array.from({ length: MESSAGES }, (_, m) => jsonMessage(`gw-${g}`, base, m)),
        );
        // Every value is a field of one of these lines (ingestLines has the same layout).
        const lines = VALUES_PER_ROUND / SIGNALS;
        const linesBefore = await pointsWrittenOk(influxd.url);
        go = async () => {
          await publishAll(
            nrClients,
            publisherUsers.map((_, g) => `bench/gw-${g}/data`),
            messages,
          );
          // Node-RED acknowledges on receipt: the run ends when InfluxDB has accepted every line
          // (only Node-RED writes meanwhile); the InfluxQL count below then checks every value.
          await waitFor(
            "Node-RED to store every line",
            async () => (await pointsWrittenOk(influxd.url)) - linesBefore >= lines,
            { timeoutMs: 300_000, intervalMs: 50 },
          );
        };
      } else {
        const gateways = system === "embedded" ? gwEmbedded : gwMosquitto;
        const ingest: IngestChild = system === "embedded" ? embedded : viaMosquitto;
        roots.ingest = ingest.pid;
        if (system === "mosquitto") roots.mosquitto = onrampBroker.pid;
        const frames = gateways.map((gw) => signedFrames(gw, base));
        const target = (await metricOf(ingest, POINTS_METRIC)) + VALUES_PER_ROUND;
        go = async () => {
          await publishAll(
            system === "embedded" ? embeddedClients : mosquittoClients,
            gateways.map((gw) => `onramp/v1/${COST_ENT}/${gw.id}/data`),
            frames,
          );
          // The embedded broker's last PUBACK means durable; Mosquitto's means received.
          if (system === "mosquitto")
            await waitFor(
              "the ingest to store every value",
              async () => (await metricOf(ingest, POINTS_METRIC)) >= target,
              {
                timeoutMs: 300_000,
                // Each poll renders the ingest's /metrics at the ingest's expense: not too often.
                intervalMs: 100,
              },
            );
        };
      }
      const cpu = openCpuWindow(roots);
      const t0 = performance.now();
      await go();
      const seconds = (performance.now() - t0) / 1000;
      const use = cpu.close();
      const counted = await countValues(influxd.url, DB[system], window.from, window.to);
      const perMillion = (cores: number) => (cores * seconds * 1e6) / VALUES_PER_ROUND;
      const cpuPerMillion: Record<string, number> = {};
      let whole = 0;
      for (const [name, cores] of Object.entries(use.processes)) {
        cpuPerMillion[name] = perMillion(cores);
        whole += cores;
      }
      cpuPerMillion.system = perMillion(whole);
      return { valuesPerSecond: VALUES_PER_ROUND / seconds, seconds, counted, cpuPerMillion };
    };

    let slot = 0;
    // Warm-up of every side (JIT, connection pools, InfluxDB shards): not reported.
    for (const system of SYSTEMS) {
      const warm = await runOnce(system, slot++);
      log(`warm-up ${system}: ${Math.round(warm.valuesPerSecond)} values/s, counted ${warm.counted}`);
    }
    const runs: Record<SystemName, RunOutcome[]> = { raw: [], "node-red": [], embedded: [], mosquitto: [] };
    for (let round = 0; round < ROUNDS; round++) {
      // Rotating order: each system runs first, second… in turn, so drift in the shared machine's
      // load does not favour one.
      const order = SYSTEMS.map((_, i) => SYSTEMS[(i + round) % SYSTEMS.length] as SystemName);
      for (const system of order) {
        const outcome = await runOnce(system, slot++);
        runs[system].push(outcome);
        log(
          `round ${round + 1}/${ROUNDS} ${system}: ${Math.round(outcome.valuesPerSecond)} values/s, ` +
            `counted ${outcome.counted}/${VALUES_PER_ROUND}, system CPU-s/M ${outcome.cpuPerMillion.system?.toFixed(2)}`,
        );
      }
    }
    const medianOf = (system: SystemName) => {
      const list = runs[system];
      const names = [...new Set(list.flatMap((r) => Object.keys(r.cpuPerMillion)))];
      return {
        valuesPerSecond: median(list.map((r) => r.valuesPerSecond)),
        cpuPerMillion: Object.fromEntries(
          names.map((n) => [n, median(list.map((r) => r.cpuPerMillion[n] ?? 0))]),
        ),
        lostRuns: list.filter((r) => r.counted !== VALUES_PER_ROUND).length,
        runs: list.length,
      };
    };
    const latency = SYSTEMS.includes("embedded")
      ? await measureLatency(
          median(runs.embedded.map((r) => r.valuesPerSecond)),
          influxd.url,
          embeddedClients,
          gwEmbedded,
        )
      : undefined;
    const summary: CostSummary = {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? "unknown",
        node: process.version,
        // The machine is shared: its 15-minute load average says how much of it the bench had.
        loadAverage15: loadavg()[2] ?? Number.NaN,
      },
      setup: {
        rounds: ROUNDS,
        publishers: PUBLISHERS,
        messagesPerPublisher: MESSAGES,
        valuesPerMessage: VALUES_PER_MESSAGE,
        valuesPerRound: VALUES_PER_ROUND,
        rawBatchLines: RAW_BATCH,
        mosquittoConnections: MOSQUITTO_CONNECTIONS,
        nodeRedVersion: nodeRed?.version ?? "not run",
        seconds: (performance.now() - started) / 1000,
      },
      systems: {
        raw: medianOf("raw"),
        "node-red": medianOf("node-red"),
        embedded: medianOf("embedded"),
        mosquitto: medianOf("mosquitto"),
      },
      runs,
      wire: shapeBytes(),
      ...(latency === undefined ? {} : { latency }),
    };
    const markdown = costMarkdown(summary);
    mkdirSync(outDir, { recursive: true });
    // A subset run never overwrites the full report run-all reads.
    const name = SYSTEMS.length === ALL_SYSTEMS.length ? "ingest-cost" : "ingest-cost-partial";
    writeFileSync(`${outDir}${name}.json`, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(`${outDir}${name}.md`, markdown);
    process.stdout.write(markdown);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => log(`stop failed: ${String(e)}`));
    await influxd.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * p99 source → PUBACK at LATENCY_SHARE of the embedded ingest's peak measured above, on the same
 * shape and publishers (cost-latency.ts), against the same pacing written straight to /write;
 * every paced value is counted back in InfluxDB too.
 */
async function measureLatency(
  peak: number,
  influxUrl: string,
  clients: MqttClient[],
  gateways: BenchGateway[],
): Promise<CostLatency> {
  const rate = peak * LATENCY_SHARE;
  log(
    `latency: pacing ${Math.round(rate)} values/s (${LATENCY_SHARE} × the embedded peak ${Math.round(peak)})`,
  );
  const ids = gateways.map((g) => g.id);
  const endToEnd: (PacedRun & { counted: number })[] = [];
  const raw: (PacedRun & { counted: number })[] = [];
  for (let run = 0; run < ROUNDS; run++) {
    const e = await runPaced(PUBLISHERS, rate, LATENCY_WINDOW_S, publishVia(clients, gateways));
    endToEnd.push({ ...e, counted: await countValues(influxUrl, DB.embedded, e.from, e.to) });
    const r = await runPaced(PUBLISHERS, rate, LATENCY_WINDOW_S, writeVia(influxUrl, LATENCY_RAW_DB, ids));
    raw.push({ ...r, counted: await countValues(influxUrl, LATENCY_RAW_DB, r.from, r.to) });
    log(
      `latency run ${run + 1}/${ROUNDS}: p99 ${Math.round(e.latencyMs.p99)} ms (direct /write ${Math.round(r.latencyMs.p99)} ms), ` +
        `counted ${endToEnd[run]?.counted}/${e.values}`,
    );
  }
  const pick = (list: typeof endToEnd, part: "latencyMs" | "deliveryMs") => ({
    p50: median(list.map((x) => x[part].p50)),
    p99: median(list.map((x) => x[part].p99)),
    max: median(list.map((x) => x[part].max)),
  });
  return {
    loadShare: LATENCY_SHARE,
    windowSeconds: LATENCY_WINDOW_S,
    runs: ROUNDS,
    peakValuesPerSecond: peak,
    pacedValuesPerSecond: median(endToEnd.map((x) => x.offeredValuesPerSecond)),
    endToEnd: pick(endToEnd, "latencyMs"),
    frame: pick(endToEnd, "deliveryMs"),
    rawWrite: pick(raw, "latencyMs"),
    lostRuns:
      endToEnd.filter((x) => x.counted !== x.values).length +
      raw.filter((x) => x.counted !== x.values).length,
    perRun: { endToEnd, raw },
  };
}

await main();
