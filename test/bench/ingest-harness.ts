// What the ingest benches share: enrolled bench gateways in a state store, the ingest as its own
// process (the bin shim, so it never shares the publishers' event loop), signed frames of the
// throughput bench's shape, and a burst publish timed until the last PUBACK.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { encodeFrame, generateGatewayKey, publicJwk } from "@onramp/contract";
import mqtt, { type MqttClient } from "mqtt";
import { ApiTokens } from "../../ingest-service/src/state/api-tokens.js";
import { Enrollment } from "../../ingest-service/src/state/enrollment.js";
import { openState } from "../../ingest-service/src/state/open-state.js";
import { Registry } from "../../ingest-service/src/state/registry.js";
import { stopChild } from "../peers/child.js";
import { waitFor } from "../peers/wait.js";

export const BENCH_ENT = "bench";
const BIN = fileURLToPath(new URL("../../ingest-service/bin/onramp-ingest.js", import.meta.url));

export interface BenchGateway {
  id: string;
  key: ReturnType<typeof generateGatewayKey>;
  /** The MQTT password enrollment issued (the embedded broker checks it; Mosquitto gets the same). */
  password: string;
}

export const mqttUsername = (gw: BenchGateway) => `${BENCH_ENT}/${gw.id}`;
export const dataTopic = (gw: BenchGateway) => `onramp/v1/${BENCH_ENT}/${gw.id}/data`;

/** Enterprise `bench` with `count` enrolled gateways gw-0…, in PGlite (`dataDir`) or PostgreSQL. */
export async function prepareState(
  dataDir: string,
  count: number,
  postgresUrl?: string,
): Promise<BenchGateway[]> {
  const sql = await openState({ dataDir, postgresUrl });
  await new Registry(sql).createEnterprise(BENCH_ENT, "Bench");
  await new ApiTokens(sql).create({ role: "admin", ent: null, name: "bench" });
  const enrollment = new Enrollment(sql);
  const gateways: BenchGateway[] = [];
  for (let g = 0; g < count; g++) {
    const key = generateGatewayKey();
    const { token } = await enrollment.createToken({
      ent: BENCH_ENT,
      gatewayId: `gw-${g}`,
      ttlMs: 60_000,
      createdBy: "bench",
    });
    const enrolled = await enrollment.enroll(token, publicJwk(key.publicKey));
    gateways.push({ id: `gw-${g}`, key, password: enrolled.mqtt.password });
  }
  await sql.close();
  return gateways;
}

export interface FrameShape {
  frames: number;
  samplesPerFrame: number;
}

/**
 * Pre-signed data frames of one gateway: 50 signals over 10 devices, source times half a day in
 * the past and distinct per run (`run` also names the session, so no run dedupes another's frames).
 */
export function signFrames(gw: BenchGateway, run: number, shape: FrameShape): Buffer[] {
  const sess = `bench${run}${gw.id}`.padEnd(16, "x");
  const t0 = Date.now() - 43_200_000 + run * shape.frames * shape.samplesPerFrame;
  return Array.from({ length: shape.frames }, (_, f) => {
    const samples = Array.from({ length: shape.samplesPerFrame }, (_, i) => ({
      s: `signal_${i % 50}`,
      v: f + i / 1000,
      q: "good" as const,
      t: t0 + f * 10 + Math.floor(i / 50),
    }));
    const devices = [{ dev: `dev-${f % 10}`, samples }];
    return encodeFrame(
      { v: 1, kind: "data", ent: BENCH_ENT, gw: gw.id, sess, seq: f, ts: Date.now(), devices },
      gw.key,
    );
  });
}

/** One MQTT 3.1.1 connection per gateway, as the agent connects (username = client id = `ent/gw`). */
export function connectGateways(mqttUrl: string, gateways: BenchGateway[]): Promise<MqttClient[]> {
  return Promise.all(
    gateways.map((gw) =>
      mqtt.connectAsync(mqttUrl, {
        clientId: mqttUsername(gw),
        username: mqttUsername(gw),
        password: gw.password,
        reconnectPeriod: 0,
      }),
    ),
  );
}

/** Publishes every gateway's frames at once (QoS 1) and resolves when the last PUBACK is in. */
export async function publishBurst(
  clients: MqttClient[],
  gateways: BenchGateway[],
  frames: Buffer[][],
): Promise<void> {
  await Promise.all(
    clients.map((client, g) =>
      Promise.all(
        (frames[g] as Buffer[]).map((frame) =>
          client.publishAsync(dataTopic(gateways[g] as BenchGateway), frame, { qos: 1 }),
        ),
      ),
    ),
  );
}

export interface IngestChild {
  readonly pid: number;
  readonly http: string;
  /** A counter of /metrics, summed over its series. */
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

function cpuProfileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROFILE;
  return dir === undefined || dir === "" ? [] : ["--cpu-prof", `--cpu-prof-dir=${dir}`];
}

/** `onramp-ingest serve …args` as a child process, resolved once /readyz answers 200. */
export async function startIngest(
  httpPort: number,
  args: string[],
  env: Record<string, string> = {},
): Promise<IngestChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    // BENCH_CPU_PROFILE=DIR writes a V8 CPU profile of the ingest there when it stops (open it
    // in Chrome DevTools or speedscope); that is how the hot spots in REPORT.md were found.
    [...cpuProfileArgs(), BIN, "serve", "--http-port", String(httpPort), ...args],
    { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    process.stderr.write(chunk);
  });
  const http = `http://127.0.0.1:${httpPort}`;
  try {
    await waitFor(
      "the ingest to be ready",
      () => {
        if (child.exitCode !== null) throw new Error(`ingest exited with ${child.exitCode}: ${stderr}`);
        return fetch(`${http}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  } catch (error) {
    await stopChild(child, 5_000);
    throw error;
  }
  return {
    pid: child.pid ?? -1,
    http,
    async metric(name) {
      const text = await (await fetch(`${http}/metrics`)).text();
      let sum = 0;
      for (const line of text.split("\n")) {
        if (!line.startsWith(name) || (line[name.length] !== " " && line[name.length] !== "{")) continue;
        sum += Number(line.slice(line.lastIndexOf(" ") + 1));
      }
      return sum;
    },
    // SIGTERM lets it finish the batches in flight; SIGKILL only if it hangs.
    stop: () => stopChild(child, 10_000),
  };
}
