// Child process of `npm run demo`: the dishonest enterprise's second gateway. It was enrolled
// through the real flow, so its key and MQTT credentials are genuine — but no agent and no machine
// is behind it. With the gateway's own key and the contract's encodeFrame it
//  1. replays "yesterday's" frames: a session signed with yesterday's timestamps, published a few
//     seconds after its live session began — an old session reappearing, its samples going back a
//     day, which the bureau's replay checks flag at once (the ingest also counts the clock skew) —
//     and published again 5 s later and every 30 s (duplicates);
//  2. fakes a live stream: two "CNC machines" whose values never vary, on a perfectly regular
//     1-second beat, parts counted exactly every 60 s — the regularity no real machine has;
//  3. clones an identity: the first fake announces the identity of the enterprise's own real first
//     CNC (`--clone-serial`), so one machine is counted twice;
//  4. ignores the bureau's challenges: no device and no agent stand behind it to answer.
import { createHash, createPrivateKey, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  type BirthBody,
  buildTopic,
  type DataBody,
  type DeviceSamples,
  encodeFrame,
  keyIdOf,
} from "@onramp/contract";
import { connectAsync } from "mqtt";

const { values } = parseArgs({
  options: { "data-dir": { type: "string" }, "clone-serial": { type: "string" } },
});
const dataDir = values["data-dir"] ?? "";
const enrollment = JSON.parse(await readFile(join(dataDir, "enrollment.json"), "utf8")) as {
  enterprise: string;
  gateway: string;
  mqtt: { url: string; username: string; password: string; clientId?: string };
};
const privateKey = createPrivateKey(await readFile(join(dataDir, "gateway-key.pem"), "utf8"));
const signer = { privateKey, kid: keyIdOf(privateKey) };
const { enterprise: ent, gateway: gw } = enrollment;
const FAKE_DEVICES = ["cnc-fake-1", "cnc-fake-2"];
const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
const MANUFACTURER = "Onramp Simulated Machine Tools";
const IDENTITY_METHOD = "opcua-machine-tool-identification";
/**
 * The fingerprint the agent derives from an OPC UA Machine Tools identification (the forger has
 * read edge-agent/src/drivers/opcua/identity.ts): SHA-256 over the method and the manufacturer and
 * serial number as `name=value` lines.
 */
const machineToolFingerprint = (serial: string) =>
  sha256([`method=${IDENTITY_METHOD}`, `manufacturer=${MANUFACTURER}`, `serial_number=${serial}`].join("\n"));
const serialOf = (i: number) =>
  i === 0 && values["clone-serial"] ? values["clone-serial"] : `FAKE-${i + 1}`;

const client = await connectAsync(enrollment.mqtt.url, {
  clientId: enrollment.mqtt.clientId ?? `${ent}/${gw}`,
  username: enrollment.mqtt.username,
  password: enrollment.mqtt.password,
  protocolVersion: 4,
  clean: true,
  reconnectPeriod: 1000,
});
const publish = (kind: "birth" | "data", bytes: Buffer) =>
  client.publishAsync(buildTopic(ent, gw, kind), bytes, { qos: 1, retain: kind === "birth" });

function samples(at: number, secondsRunning: number): DeviceSamples[] {
  return FAKE_DEVICES.map((dev) => ({
    dev,
    samples: [
      { s: "execution", v: "ACTIVE", q: "good" as const, t: at },
      { s: "controller_mode", v: "AUTOMATIC", q: "good" as const, t: at },
      { s: "spindle_override", v: 100, q: "good" as const, t: at },
      { s: "feed_override", v: 100, q: "good" as const, t: at },
      { s: "spindle_rotating", v: true, q: "good" as const, t: at },
      { s: "part_count", v: 5000 + Math.floor(secondsRunning / 60), q: "good" as const, t: at },
    ],
  }));
}

function dataFrame(sess: string, seq: number, ts: number, secondsRunning: number): Buffer {
  const body: DataBody = { v: 1, kind: "data", ent, gw, sess, seq, ts, devices: samples(ts, secondsRunning) };
  return encodeFrame(body, signer);
}

// 1. Yesterday's frames, replayed now, 5 s later and every 30 s.
const yesterdaySess = randomBytes(12).toString("base64url");
const yesterdayStart = Math.floor(Date.now() / 1000) * 1000 - 86_400_000;
const captured = Array.from({ length: 60 }, (_, i) =>
  dataFrame(yesterdaySess, i, yesterdayStart + i * 1000, i),
);

// 2. The live "session" with its birth: fabricated identities, a genuine-looking mapping digest.
const sess = randomBytes(12).toString("base64url");
const birth: BirthBody = {
  v: 1,
  kind: "birth",
  ent,
  gw,
  sess,
  seq: 1,
  ts: Date.now(),
  agent: { name: "onramp-agent", version: "0.1.0" },
  kid: signer.kid,
  // seq 0 is the last will's, as the agent registers it at connect (the birth announces it).
  willSeq: 0,
  devices: FAKE_DEVICES.map((id, i) => ({
    id,
    profile: "opcua/machine-tool@1.0.0",
    class: "cnc_machine_tool",
    mapping: sha256(`opcua/machine-tool@1.0.0:${id}`),
    identity: {
      fingerprint: machineToolFingerprint(serialOf(i)),
      source: IDENTITY_METHOD,
      fields: { manufacturer: MANUFACTURER, model: "VMC 850", serial_number: serialOf(i) },
    },
  })),
};
await publish("birth", encodeFrame(birth, signer));

let seq = 2;
const started = Date.now();
const beat = setInterval(() => {
  const ts = Math.round(Date.now() / 1000) * 1000;
  void publish("data", dataFrame(sess, seq++, ts, Math.round((ts - started) / 1000))).catch(() => {});
}, 1000);
const replayCaptured = () => {
  for (const frame of captured.slice(0, 10)) void publish("data", frame).catch(() => {});
};
// The live session first, so yesterday's session arrives after a later one.
const CAPTURED_AFTER_MS = 3000;
const firstCopy = setTimeout(() => {
  void (async () => {
    for (const frame of captured) await publish("data", frame);
  })().catch(() => {});
}, CAPTURED_AFTER_MS);
const firstReplay = setTimeout(replayCaptured, CAPTURED_AFTER_MS + 5000);
const replay = setInterval(replayCaptured, 30_000);

const stop = async () => {
  clearInterval(beat);
  clearInterval(replay);
  clearTimeout(firstCopy);
  clearTimeout(firstReplay);
  await client.endAsync().catch(() => {});
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
process.stdout.write("forger ready\n");
