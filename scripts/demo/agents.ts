// One real edge agent per enterprise: a generated config, `onramp-agent enroll` with a one-time
// token from the ingest API, then `onramp-agent run` as a child process.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Child, Children } from "./children.js";
import { AGENT_BIN, type Api, PROFILES } from "./ingest.js";
import { EXTRA_DEVICES, MODBUS_UNITS, type SimulatedEnterprise } from "./park.js";

export function agentConfig(dataDir: string, sim: SimulatedEnterprise) {
  const cncs = sim.cnc.roots.map((root, i) => ({
    id: `cnc-${i + 1}`,
    profile: join(PROFILES, "cnc_machine_tool/opcua-machine-tool.yaml"),
    connection: `${sim.cnc.endpointUrl}?root=${encodeURIComponent(root)}`,
  }));
  const modbus = sim.modbus.units.map(({ unit, profile }) => ({
    id: MODBUS_UNITS.find((u) => u.unit === unit)?.device ?? `modbus-unit-${unit}`,
    profile: join(PROFILES, profile),
    connection: `modbus-tcp://127.0.0.1:${sim.modbus.port}?unit=${unit}`,
  }));
  const s7 = sim.s7
    ? [
        {
          id: EXTRA_DEVICES["s7-line"],
          profile: join(PROFILES, sim.s7.profile),
          connection: `s7://127.0.0.1:${sim.s7.port}?rack=0&slot=1`,
        },
      ]
    : [];
  const mtconnect = sim.mtconnect
    ? [
        {
          id: EXTRA_DEVICES["mtconnect-machine"],
          profile: join(PROFILES, sim.mtconnect.profile),
          connection: `mtconnect://127.0.0.1:${sim.mtconnect.port}/${sim.mtconnect.device}?interval=1000`,
        },
      ]
    : [];
  return {
    gateway: { dataDir },
    status: { enabled: true, host: "127.0.0.1", port: 0 },
    log: { level: "info" },
    devices: [...cncs, ...modbus, ...s7, ...mtconnect],
  };
}

/** Enrolls a gateway into `<dir>/data` through the real flow; returns the data dir. */
export async function enrollGateway(
  children: Children,
  api: Api,
  ent: string,
  gw: string,
  dir: string,
): Promise<string> {
  const dataDir = join(dir, "data");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const token = await api.enrollmentToken(ent, gw);
  await children.run(`enroll-${ent}-${gw}`, [
    AGENT_BIN,
    "enroll",
    "--server",
    api.url,
    "--token",
    token,
    "--data-dir",
    dataDir,
  ]);
  return dataDir;
}

export async function startAgent(
  children: Children,
  ent: string,
  dir: string,
  sim: SimulatedEnterprise,
): Promise<Child> {
  const configPath = join(dir, "agent.yaml");
  // JSON is YAML: the agent reads this file as its YAML config.
  await writeFile(configPath, `${JSON.stringify(agentConfig(join(dir, "data"), sim), null, 2)}\n`, {
    mode: 0o600,
  });
  return children.start(`agent-${ent}`, [AGENT_BIN, "run", configPath]);
}
