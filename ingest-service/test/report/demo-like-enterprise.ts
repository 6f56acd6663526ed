// A demo-like enterprise for the diagnosis report tests: a Xi'an pilot auto-parts maker in the
// high-tech zone with three CNC machines on one gateway sending an hour of real signed frames over
// MQTT, plus two key-process machines declared in its register that no gateway announces (one CNC
// to connect, one manual saw to replace), so the plan has steps in both directions.
import { join } from "node:path";
import type { MqttClient } from "mqtt";
import type { IngestConfigInput } from "../../src/config.js";
import {
  birthAt,
  dataAt,
  honestMachine,
  MINUTE,
  type Scheduled,
  writeScenarioProfile,
} from "../evidence/simulated-enterprises.js";
import { freshDataDir } from "../helpers/data-dir.js";
import { TestGateway } from "../helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "../helpers/harness.js";

export const ENT = "qinchuan-parts";
export const ENT_NAME = "秦川精密零部件有限公司";
export const GATEWAY = "gw-hall-1";
export const CONNECTED = ["lathe-1", "lathe-2", "mill-3"] as const;
export const MINUTES = 60;

export interface DemoLike {
  h: Harness;
  period: { from: number; to: number };
  /** Sets the simulated clock (the harness's `now`). */
  setClock(t: number): void;
  close(): Promise<void>;
}

const ALL_HOURS = {
  utcOffsetMinutes: 480,
  weekly: [{ days: [1, 2, 3, 4, 5, 6, 7], start: "00:00", end: "24:00" }],
};

export async function startDemoLike(config: Partial<IngestConfigInput> = {}): Promise<DemoLike> {
  let clock = Date.now();
  const dataDir = await freshDataDir();
  const profilesDir = join(dataDir, "profiles");
  await writeScenarioProfile(profilesDir);
  const h = await startHarness({ dataDir, profilesDir, ...config }, { now: () => clock });
  // Registered with its name first: enrollmentToken's own registration then finds it there.
  await h.api("POST", "/api/v1/enterprises", h.adminToken, { id: ENT, name: ENT_NAME });
  const gw = new TestGateway(ENT, GATEWAY);
  await gw.enroll(h.http, await enrollmentToken(h, ENT, GATEWAY));
  const patched = await h.api("PATCH", `/api/v1/enterprises/${ENT}/profile`, h.adminToken, {
    district: "雁塔区",
    developmentZone: "高新区",
    industry: "auto-parts",
    aboveScale: true,
    calendar: ALL_HOURS,
  });
  if (patched.status !== 200) throw new Error(`profile: ${JSON.stringify(patched.json)}`);
  const client: MqttClient = await gw.connect(h.mqtt);

  const t0 = Math.floor((Date.now() - MINUTES * MINUTE - 2 * MINUTE) / MINUTE) * MINUTE;
  const machines = CONNECTED.map((dev, i) => ({ dev, machine: honestMachine(11 + i) }));
  const schedule: Scheduled[] = [
    birthAt(
      gw,
      t0,
      CONNECTED.map((id, i) => ({ id, fingerprint: `SN-QC-${i + 1}` })),
    ),
  ];
  for (let m = 1; m <= MINUTES; m++) {
    const t = t0 + m * MINUTE;
    schedule.push(
      dataAt(
        gw,
        t,
        machines.map(({ dev, machine }) => ({ dev, samples: machine(t) })),
      ),
    );
  }
  for (const frame of schedule) {
    clock = frame.at;
    await client.publishAsync(gw.topic(frame.kind), frame.bytes, { qos: 1 });
  }
  for (const dev of CONNECTED) {
    const res = await h.api(
      "PATCH",
      `/api/v1/enterprises/${ENT}/gateways/${GATEWAY}/devices/${dev}`,
      h.adminToken,
      {
        keyProcess: true,
        cnc: true,
      },
    );
    if (res.status !== 200) throw new Error(`declare ${dev}: ${JSON.stringify(res.json)}`);
  }
  const equipment: [string, object][] = [
    [
      "grinder-4",
      {
        name: "磨床 4",
        class: "cnc_machine_tool",
        keyProcess: true,
        digital: true,
        networked: true,
        cnc: true,
      },
    ],
    [
      "saw-5",
      { name: "锯床 5", class: "press", keyProcess: true, digital: false, networked: false, cnc: false },
    ],
  ];
  for (const [dev, body] of equipment) {
    const res = await h.api("PUT", `/api/v1/enterprises/${ENT}/equipment/${dev}`, h.adminToken, body);
    if (res.status !== 201) throw new Error(`equipment ${dev}: ${JSON.stringify(res.json)}`);
  }
  // The equipment register stamps declarations with the real clock, so the period ends after it:
  // the two declared machines are judged (and found silent) for their last two minutes.
  const period = { from: t0, to: Math.max(t0 + (MINUTES + 1) * MINUTE, Date.now() + 2 * MINUTE) };
  clock = period.to;
  return {
    h,
    period,
    setClock: (t) => {
      clock = t;
    },
    close: async () => {
      await client.endAsync(true);
      await h.close();
    },
  };
}
