// Bytes per value on the wire (issue 16; a gateway's uplink per day is gateway-uplink.ts). Frames come from the
// agent's own frame builder, so this measures whatever data frame version the agent sends. MQTT
// framing is counted too (MQTT 3.1.1 §3.3: fixed header with its variable-length "remaining
// length", topic name with its 2-byte length, 2-byte packet id at QoS 1), and the PUBACK that
// comes back (4 bytes, §3.4) is downlink, not counted.

import { generateGatewayKey } from "@onramp/contract";
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

/** The gateway of issue 16's uplink figure (gateway-uplink.ts): devices × signals polled every pollMs. */
export const UPLINK = { devices: 100, signals: 50, pollMs: 1000 };
