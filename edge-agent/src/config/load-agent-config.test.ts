import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { COUNTER_PROFILE } from "../../test/e2e/fixture.js";
import { formatConfigError } from "./config-error.js";
import { loadAgentConfig } from "./load-agent-config.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "onramp-config-"));
  await writeFile(join(dir, "counter.yaml"), stringify(COUNTER_PROFILE));
  await writeFile(join(dir, "mqtt-password"), "s3cret\n");
  await writeFile(
    join(dir, "nameplate.yaml"),
    stringify({ ...COUNTER_PROFILE, id: "onramp-test/nameplate-press", identity: { method: "nameplate" } }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(text: string, env: NodeJS.ProcessEnv = {}) {
  const path = join(dir, "agent.yaml");
  await writeFile(path, text);
  return loadAgentConfig(path, env);
}

function messages(result: Awaited<ReturnType<typeof load>>): string[] {
  if (result.ok) throw new Error("expected errors");
  return result.errors.map((e) => formatConfigError({ ...e, file: "agent.yaml" }));
}

const VALID = `
gateway:
  dataDir: data
broker:
  url: mqtt://127.0.0.1:1883
  username: gw-1
  password: \${MQTT_PASSWORD}
devices:
  - id: press-1
    profile: counter.yaml
    connection: modbus-tcp://10.0.0.7:502?unit=1
    overrides:
      heartbeatMs: 5000
      signals:
        spindle_speed: { deadband: { kind: absolute, value: 5 } }
  - id: press-2
    profile: counter.yaml
    connection: modbus-tcp://10.0.0.8:502?unit=1
`;

describe("agent config", () => {
  it("resolves paths, env secrets, defaults and per-device overrides", async () => {
    const result = await load(VALID, { MQTT_PASSWORD: "from-env" });
    if (!result.ok) throw new Error(result.errors.map(formatConfigError).join("\n"));
    const { resolved } = result;
    expect(resolved.brokerPassword).toBe("from-env");
    expect(resolved.dataDir).toBe(join(dir, "data"));
    expect(resolved.spoolPath).toBe(join(dir, "data", "spool.db"));
    expect(resolved.config.spool.maxBytes).toBe(256 * 1024 * 1024);
    const [press1, press2] = resolved.devices;
    expect(press1?.profile.profile.defaults.heartbeatMs).toBe(5000);
    expect(press1?.profile.signals.find((s) => s.id === "spindle_speed")?.deadband).toEqual({
      kind: "absolute",
      value: 5,
    });
    // Overrides change the effective mapping, so its hash; the same profile without them hashes alike.
    expect(press1?.mappingHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(press1?.mappingHash).not.toBe(press2?.mappingHash);
  });

  it("sends contract version 2 by default, and version 1 when told to (an ingest older than v2)", async () => {
    const byDefault = await load(VALID, { MQTT_PASSWORD: "x" });
    expect(byDefault.ok && byDefault.resolved.config.frames.version).toBe(2);
    const v1 = await load(`${VALID}frames:\n  version: 1\n`, { MQTT_PASSWORD: "x" });
    expect(v1.ok && v1.resolved.config.frames.version).toBe(1);
    expect(messages(await load(`${VALID}frames:\n  version: 3\n`, { MQTT_PASSWORD: "x" }))).toEqual([
      expect.stringMatching(/^agent\.yaml:\d+:\d+ frames\.version: /),
    ]);
  });

  it("reads the broker password from a file", async () => {
    const text = VALID.replace("password: $" + "{MQTT_PASSWORD}", "passwordFile: mqtt-password");
    const result = await load(text);
    expect(result.ok && result.resolved.brokerPassword).toBe("s3cret");
  });

  it("reports every error with its line, column and path", async () => {
    const text = `gateway:
  dataDir: data
  colour: blue
broker:
  url: http://example.com
  password: \${NOT_SET}
batch:
  maxSamples: 0
devices:
  - id: press-1
    profile: counter.yaml
    connection: modbus-tcp://10.0.0.7:502
  - id: Press 2
    profile: counter.yaml
    connection: not a url
  - id: press-1
    profile: missing.yaml
    connection: modbus-tcp://10.0.0.9:502
`;
    expect(messages(await load(text))).toEqual([
      'agent.yaml:3:3 gateway.colour: unknown key "colour"',
      "agent.yaml:5:8 broker.url: expected mqtt://host:port or mqtts://host:port",
      "agent.yaml:6:13 broker.password: environment variable NOT_SET is not set",
      "agent.yaml:8:15 batch.maxSamples: Too small: expected number to be >=1",
      "agent.yaml:13:9 devices[1].id: device id must be 1..64 chars of [a-z0-9_-], starting with a letter or digit",
      "agent.yaml:15:17 devices[1].connection: expected a URL such as modbus-tcp://10.0.0.7:502",
      'agent.yaml:16:9 devices[2].id: duplicate device id "press-1" (first at devices[0])',
    ]);
  });

  it("reports a missing profile and an override of a signal the profile lacks at the device", async () => {
    const text = `gateway: { dataDir: data }
devices:
  - id: press-1
    profile: missing.yaml
    connection: modbus-tcp://10.0.0.7:502
  - id: press-2
    profile: counter.yaml
    connection: modbus-tcp://10.0.0.7:502
    overrides:
      signals:
        feed_rate: { heartbeatMs: 1000 }
`;
    const errors = messages(await load(text));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      /^agent\.yaml:4:14 devices\[0\]\.profile: missing\.yaml:1:1 cannot read the file/,
    );
    expect(errors[1]).toBe(
      'agent.yaml:11:9 devices[1].overrides.signals.feed_rate: profile onramp-test/e2e-counter has no signal "feed_rate"',
    );
  });

  it("takes a nameplate serial only for a profile whose identity is a nameplate, and requires it there", async () => {
    const device = (id: string, profile: string, serial?: string) =>
      `  - id: ${id}\n    profile: ${profile}\n    connection: modbus-tcp://10.0.0.7:502\n` +
      (serial === undefined ? "" : `    identity: { nameplateSerial: "${serial}" }\n`);
    const ok = await load(
      `gateway: { dataDir: data }\ndevices:\n${device("press-1", "nameplate.yaml", "Y32-0815")}`,
    );
    expect(ok.ok && ok.resolved.devices[0]?.nameplateSerial).toBe("Y32-0815");
    const errors = messages(
      await load(
        `gateway: { dataDir: data }\ndevices:\n${device("press-1", "nameplate.yaml")}${device("press-2", "counter.yaml", "X-1")}`,
      ),
    );
    expect(errors).toEqual([
      "agent.yaml:3:5 devices[0]: profile onramp-test/nameplate-press takes a nameplate identity: give identity.nameplateSerial (the serial on the device's rating plate)",
      expect.stringMatching(
        /^agent\.yaml:\d+:\d+ devices\[1\]\.identity\.nameplateSerial: profile onramp-test\/e2e-counter reads the identity from the device/,
      ),
    ]);
    const padded = messages(
      await load(`gateway: { dataDir: data }\ndevices:\n${device("press-1", "nameplate.yaml", " padded")}`),
    );
    expect(padded).toEqual([
      expect.stringMatching(
        /devices\[0\]\.identity\.nameplateSerial: printable ASCII, 1–64 characters, no surrounding spaces$/,
      ),
    ]);
  });

  it("reports YAML syntax errors with their position", async () => {
    const errors = messages(await load("gateway:\n  dataDir: [data\n"));
    expect(errors[0]).toMatch(/^agent\.yaml:\d+:\d+ YAML syntax error/);
  });
});
