// `npm run demo` until the demo factory exists: walks what has landed, for real. It loads every
// device profile of the library, shows each Modbus profile's read plan against a naive
// one-read-per-signal plan, decodes each profile's first fixture case with the compiled profile,
// and sends those samples through the wire contract exactly as a gateway would: a data body,
// signed as a JWS (EdDSA), encoded, verified and decoded — and shows that a tampered copy is refused.
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildTopic,
  type DataBody,
  type DeviceSamples,
  decodeFrame,
  describeFrame,
  encodeFrame,
  generateGatewayKey,
} from "@onramp/contract";
import {
  compileProfile,
  loadFixturesFile,
  loadProfileFile,
  naiveReadCount,
  type Profile,
  rawInputOf,
} from "@onramp/profiles";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const libraryDir = join(root, "device-profiles");

async function profileFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".yaml") && !e.name.endsWith(".fixtures.yaml"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function modbusSignals(profile: Profile) {
  return profile.signals.flatMap((s) =>
    "modbus" in s.source ? [{ id: s.id, source: s.source.modbus }] : [],
  );
}

const rows: string[][] = [];
const devices: DeviceSamples[] = [];
for (const file of await profileFiles(libraryDir)) {
  const loaded = await loadProfileFile(file, { file: relative(root, file) });
  if (!loaded.ok) throw new Error(`profile library is broken: ${relative(root, file)}`);
  const compiled = compileProfile(loaded.profile);
  const { profile } = loaded;
  const planned = compiled.readPlan.reduce((n, group) => n + group.reads.length, 0);
  const plan =
    profile.protocol === "modbus"
      ? `${planned} vs ${naiveReadCount(modbusSignals(profile))}`
      : "subscription";
  rows.push([
    `${profile.id}@${profile.version}`,
    profile.class,
    profile.protocol,
    String(profile.signals.length),
    plan,
  ]);

  const fixtures = await loadFixturesFile(file.replace(/\.yaml$/, ".fixtures.yaml"));
  const firstCase = fixtures.ok ? fixtures.fixtures.cases[0] : undefined;
  if (firstCase === undefined) continue;
  const samples = compiled.signals.flatMap((signal) => {
    const raw = rawInputOf(signal, firstCase);
    if (raw === undefined) return [];
    const s = compiled.decode(signal.id, raw, firstCase.at);
    return [{ s: s.signal, v: s.value, q: s.quality, t: s.sourceTs }];
  });
  if (samples.length > 0) devices.push({ dev: profile.id.replace("/", "-").replace(/\./g, "-"), samples });
}

console.log("\nDevice profiles (Modbus read plan: planned requests vs one-per-signal)\n");
const widths = [0, 1, 2, 3, 4].map((i) =>
  Math.max(...[["profile", "class", "protocol", "signals", "plan"], ...rows].map((r) => (r[i] ?? "").length)),
);
for (const r of [["profile", "class", "protocol", "signals", "plan"], ...rows]) {
  console.log(r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  "));
}

const gateway = generateGatewayKey();
const body: DataBody = {
  v: 1,
  kind: "data",
  ent: "demo-works",
  gw: "gw-1",
  sess: randomBytes(12).toString("base64url"),
  seq: 0,
  ts: Date.now(),
  devices,
};
const topic = buildTopic(body.ent, body.gw, "data");
const frame = encodeFrame(body, { kid: gateway.kid, privateKey: gateway.privateKey });
const keyLookup = (kid: string) => (kid === gateway.kid ? gateway.publicKey : undefined);
const decoded = decodeFrame(frame, keyLookup, { topic });
const sampleCount = devices.reduce((n, d) => n + d.samples.length, 0);
console.log(
  `\nSigned data frame on ${topic}: ${devices.length} devices, ${sampleCount} samples, ${frame.byteLength} bytes`,
);
console.log(
  `verified with kid ${gateway.kid}: ${decoded.ok ? "ok" : `${decoded.error.code} ${decoded.error.message}`}`,
);

const tampered = Buffer.from(frame);
const middle = Math.floor(tampered.length / 2);
tampered.writeUInt8((tampered.readUInt8(middle) ^ 0x01) & 0xff, middle);
const refused = decodeFrame(tampered, keyLookup, { topic });
console.log(
  `one flipped bit in the middle of the frame: ${refused.ok ? "ACCEPTED (bug)" : refused.error.code}`,
);

const first = devices[0];
if (first) {
  const small = encodeFrame(
    { ...body, devices: [{ dev: first.dev, samples: first.samples.slice(0, 3) }] },
    { kid: gateway.kid, privateKey: gateway.privateKey },
  );
  console.log(
    `\nWhat a person debugging with mosquitto_sub sees (first device, 3 samples):\n${describeFrame(small)}`,
  );
}
if (!decoded.ok || refused.ok) process.exitCode = 1;
