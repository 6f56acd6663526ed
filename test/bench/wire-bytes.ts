// Bytes per value on the wire and a gateway's uplink per day (issue 16). Frames come from the
// agent's own frame builder, so this measures whatever data frame version the agent sends. MQTT
// framing is counted too (MQTT 3.1.1 §3.3: fixed header with its variable-length "remaining
// length", topic name with its 2-byte length, 2-byte packet id at QoS 1), and the PUBACK that
// comes back (4 bytes, §3.4) is downlink, not counted.

import { generateGatewayKey } from "@onramp/contract";
import { AgentConfig } from "../../edge-agent/src/config/schema.js";
import { createFrameBuilder } from "../../edge-agent/src/pipeline/frame-builder.js";
import { COST_ENT, jsonMessage, messageSamples, VALUES_PER_MESSAGE } from "./cost-shape.js";

/** A QoS 1 PUBLISH's bytes besides its payload. */
export function mqttPublishOverhead(topic: string, payloadBytes: number): number {
  const variable = 2 + Buffer.byteLength(topic) + 2;
  let remaining = variable + payloadBytes;
  let lengthBytes = 0;
  do {
    lengthBytes += 1;
    remaining = Math.floor(remaining / 128);
  } while (remaining > 0);
  return 1 + lengthBytes + variable;
}

const builderFor = () => {
  const key = generateGatewayKey();
  return createFrameBuilder({
    ent: COST_ENT,
    gw: "gw-0",
    signer: key,
    agent: { name: "onramp-bench", version: "0.0.0" },
  });
};

/** The bench shape's message: signed frame and plain JSON, per value, with and without MQTT framing. */
export function shapeBytes() {
  const frame = builderFor().data(messageSamples(Date.now(), 0), undefined, Date.now());
  const json = jsonMessage("gw-0", Date.now(), 0);
  const frameMqtt = frame.bytes.byteLength + mqttPublishOverhead(frame.topic, frame.bytes.byteLength);
  const jsonMqtt = json.byteLength + mqttPublishOverhead("bench/gw-0/data", json.byteLength);
  return {
    valuesPerMessage: VALUES_PER_MESSAGE,
    frameBytes: frame.bytes.byteLength,
    jsonBytes: json.byteLength,
    frameBytesPerValue: frameMqtt / VALUES_PER_MESSAGE,
    jsonBytesPerValue: jsonMqtt / VALUES_PER_MESSAGE,
  };
}

export const UPLINK = { devices: 100, signals: 50, pollMs: 1000 };

/**
 * A gateway polling UPLINK.devices × UPLINK.signals every second and reporting every value (no
 * report-by-exception): a second's samples, batched as the agent batches them (its default
 * `batch.maxSamples` per frame), signed, with MQTT framing; × 86,400 s.
 */
export function uplinkBytesPerDay(): {
  bytesPerSecond: number;
  gigabytesPerDay: number;
  framesPerSecond: number;
} {
  const builder = builderFor();
  const maxSamples = AgentConfig.shape.batch.parse(undefined).maxSamples;
  const t = Date.now();
  const devices = Array.from({ length: UPLINK.devices }, (_, d) => ({
    dev: `dev-${d}`,
    samples: Array.from({ length: UPLINK.signals }, (_, j) => ({
      s: `signal_${j}`,
      v: 100 + d + j / 7,
      q: "good" as const,
      t,
    })),
  }));
  let bytes = 0;
  let frames = 0;
  // Whole devices per frame until maxSamples, as the batcher cuts at its sample bound.
  const perFrame = Math.max(1, Math.floor(maxSamples / UPLINK.signals));
  for (let i = 0; i < devices.length; i += perFrame) {
    const frame = builder.data(devices.slice(i, i + perFrame), undefined, t);
    bytes += frame.bytes.byteLength + mqttPublishOverhead(frame.topic, frame.bytes.byteLength);
    frames += 1;
  }
  const perSecond = (bytes * 1000) / UPLINK.pollMs;
  return { bytesPerSecond: perSecond, gigabytesPerDay: (perSecond * 86_400) / 1e9, framesPerSecond: frames };
}
