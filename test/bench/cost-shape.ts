// The load of the cost bench (issue 16): every side of the comparison gets the very same values.
// A publisher (gateway) sends MESSAGES messages of DEVICES devices × TIMES timestamps × SIGNALS
// numeric signals (2,000 values). Onramp gets them as the agent's signed data frames (built by
// the agent's own frame builder, so whatever frame version the agent sends is what is measured);
// Node-RED gets them as the plain JSON an integrator would send it; the raw ceiling gets the
// InfluxDB lines the ingest writes for them (its own line builder: the same measurement, tags and
// a field per signal on each line).
import type { DeviceSamples, generateGatewayKey } from "@onramp/contract";
import { createFrameBuilder } from "../../edge-agent/src/pipeline/frame-builder.js";
import { toLineProtocol } from "../../ingest-service/src/store/line-protocol.js";
import type { TelemetryPoint } from "../../ingest-service/src/store/telemetry-store.js";

export const COST_ENT = "bench";
export const PUBLISHERS = Number(process.env.BENCH_PUBLISHERS ?? 20);
export const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50);
export const DEVICES = 10;
export const TIMES = 20;
export const SIGNALS = 10;
export const VALUES_PER_MESSAGE = DEVICES * TIMES * SIGNALS;
export const VALUES_PER_ROUND = PUBLISHERS * MESSAGES * VALUES_PER_MESSAGE;
/** The profile tag the ingest writes for a device no birth announced (gateway-directory.ts). */
export const PROFILE = "unknown";
/** ms between a message's first timestamps and the next message's: no two messages share a line. */
const MESSAGE_SPAN_MS = TIMES;

/** A round's source times: distinct per round and system, half a day to a few days in the past. */
export const roundBase = (slot: number) => Date.now() - 3 * 86_400_000 + slot * 10_000_000;
/** The time window a round's lines fall in (for the InfluxQL count). */
export const roundWindow = (base: number) => ({ from: base, to: base + MESSAGES * MESSAGE_SPAN_MS });

export const signalName = (j: number) => `signal_${j}`;
export const deviceName = (d: number) => `dev-${d}`;
/**
 * Never an integer, so every writer sends it the same way (a float). Four decimals made exactly
 * (an integer over 10,000, the nearest double to the decimal), as a scaled register or a float32
 * reaches the wire from the agent (to-engineering keeps 15 significant digits, a float32 its
 * shortest decimal): summing m + d/10 + k/100 … instead leaves binary noise in 4 values of 10
 * (12.345000000000001), which no device sends and which every writer would pay for.
 */
export const sampleValue = (m: number, d: number, k: number, j: number) =>
  (m * 10_000 + d * 1_000 + k * 100 + j * 10 + 5) / 10_000;
const timeOf = (base: number, m: number, k: number) => base + m * MESSAGE_SPAN_MS + k;

/** One message's samples in the contract's shape: per device, TIMES × SIGNALS good samples. */
export function messageSamples(base: number, m: number): DeviceSamples[] {
  return Array.from({ length: DEVICES }, (_, d) => ({
    dev: deviceName(d),
    samples: Array.from({ length: TIMES * SIGNALS }, (_, i) => {
      const k = Math.floor(i / SIGNALS);
      const j = i % SIGNALS;
      return { s: signalName(j), v: sampleValue(m, d, k, j), q: "good" as const, t: timeOf(base, m, k) };
    }),
  }));
}

/**
 * A gateway's MESSAGES signed data frames for one round, from a fresh agent session (the agent's
 * frame builder: random `sess`, `seq` from 0), signed with the gateway's enrolled key.
 */
export function signedFrames(
  gw: { id: string; key: ReturnType<typeof generateGatewayKey> },
  base: number,
): Buffer[] {
  const builder = createFrameBuilder({
    ent: COST_ENT,
    gw: gw.id,
    signer: gw.key,
    agent: { name: "onramp-bench", version: "0.0.0" },
  });
  return Array.from(
    { length: MESSAGES },
    (_, m) => builder.data(messageSamples(base, m), undefined, Date.now()).bytes,
  );
}

/**
 * What an integrator sends Node-RED for the same message: compact JSON, a row per device and
 * timestamp with a property per signal.
 */
export function jsonMessage(gw: string, base: number, m: number): Buffer {
  const devices = Array.from({ length: DEVICES }, (_, d) => ({
    dev: deviceName(d),
    rows: Array.from({ length: TIMES }, (_, k) => {
      const row: Record<string, number> = { t: timeOf(base, m, k) };
      for (let j = 0; j < SIGNALS; j++) row[signalName(j)] = sampleValue(m, d, k, j);
      return row;
    }),
  }));
  return Buffer.from(JSON.stringify({ ent: COST_ENT, gw, devices }));
}

/** The Node-RED function node's body: the JSON above → points for the influxdb batch node. */
export const NODE_RED_FUNCTION = `const p = msg.payload;
const points = [];
for (const d of p.devices) {
  const tags = { device: d.dev, enterprise: p.ent, gateway: p.gw, profile: ${JSON.stringify(PROFILE)} };
  for (const row of d.rows) {
    const { t, ...fields } = row;
    points.push({ measurement: "onramp_device", tags, fields, timestamp: t });
  }
}
msg.payload = points;
return msg;`;

/** A message's samples as the ingest's telemetry points (what its line builder takes). */
export function telemetryPoints(gw: string, devices: readonly DeviceSamples[]): TelemetryPoint[] {
  return devices.flatMap(({ dev, samples }) =>
    samples.map((s) => ({
      ent: COST_ENT,
      gw,
      dev,
      profile: PROFILE,
      signal: s.s,
      t: s.t,
      value: s.v,
      quality: s.q,
    })),
  );
}

/** The ingest's own lines (toLineProtocol) for every publisher's messages of one round. */
export function ingestLines(gatewayIds: readonly string[], base: number): string[] {
  const lines: string[] = [];
  for (const gw of gatewayIds) {
    for (let m = 0; m < MESSAGES; m++) {
      lines.push(...toLineProtocol(telemetryPoints(gw, messageSamples(base, m))));
    }
  }
  return lines;
}
