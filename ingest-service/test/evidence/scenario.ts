import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { MqttClient } from "mqtt";
import { freshDataDir } from "../helpers/data-dir.js";
import { TestGateway } from "../helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "../helpers/harness.js";
import {
  birthAt,
  dataAt,
  fakeMachine,
  honestMachine,
  MINUTE,
  type Scheduled,
  statusAt,
  writeScenarioProfile,
} from "./simulated-enterprises.js";

export interface Scenario {
  h: Harness;
  period: { from: number; to: number };
  close(): Promise<void>;
}

const ALL_HOURS = {
  utcOffsetMinutes: 480,
  weekly: [{ days: [1, 2, 3, 4, 5, 6, 7], start: "00:00", end: "24:00" }],
};
const HOUR = 3_600_000;
const MINUTES = 240;
/** The minute honest-co's lathe-2 loses its connection, restarts and comes back with its part count lost. */
const RESTART_MINUTE = 150;
/** Minutes from the disconnection to the reconnection: longer than 3 × the 60 s heartbeat. */
const RESTART_GAP_MINUTES = 4;

/**
 * Starts the ingest (embedded broker, PGlite, embedded store) on a simulated clock, enrolls four
 * gateways and publishes the last four hours of their traffic as real signed frames over MQTT,
 * minute by minute, the clock set to each minute's receipt time before its frames go out.
 */
export async function runScenario(): Promise<Scenario> {
  let clock = Date.now();
  const dataDir = await freshDataDir();
  const profilesDir = join(dataDir, "profiles");
  await writeScenarioProfile(profilesDir);
  const h = await startHarness({ dataDir, profilesDir }, { now: () => clock });
  const gateways = new Map<string, TestGateway>();
  const clients: MqttClient[] = [];
  const profiles: Record<string, object> = {
    "honest-co": { district: "xinbei", industry: "auto-parts", aboveScale: true },
    "replay-co": { district: "wujin", industry: "auto-parts", aboveScale: true },
    "fake-co": { district: "wujin", industry: "advanced-transport-equipment", aboveScale: false },
    "twin-co": { district: "xinbei", industry: "other", aboveScale: false },
  };
  for (const [ent, profile] of Object.entries(profiles)) {
    const gwId = `gw-${ent.replace("-co", "")}`;
    const gw = new TestGateway(ent, gwId);
    await gw.enroll(h.http, await enrollmentToken(h, ent, gwId));
    const patched = await h.api("PATCH", `/api/v1/enterprises/${ent}/profile`, h.adminToken, {
      ...profile,
      calendar: ALL_HOURS,
    });
    if (patched.status !== 200) throw new Error(`profile: ${JSON.stringify(patched.json)}`);
    clients.push(await gw.connect(h.mqtt));
    gateways.set(ent, gw);
  }
  const client = (gw: TestGateway) => clients[[...gateways.values()].indexOf(gw)] as MqttClient;
  const g = (ent: string) => gateways.get(ent) as TestGateway;

  // A minute past a whole hour: the hourly trend's first bucket (registration to the next hour)
  // is then 59 minutes long wherever the wall clock stands, not a minute or two that no report
  // can judge (periods-trends.test.ts compares each bucket with a report of that hour).
  const t0 = Math.floor((Date.now() - MINUTES * MINUTE - 2 * MINUTE) / HOUR) * HOUR + MINUTE;
  const schedule: Scheduled[] = [
    birthAt(g("honest-co"), t0, [
      { id: "lathe-1", fingerprint: "SN-HONEST-1" },
      { id: "lathe-2", fingerprint: "SN-HONEST-2" },
    ]),
    birthAt(g("replay-co"), t0, [{ id: "mill-1", fingerprint: "SN-REPLAY-1" }]),
    birthAt(g("fake-co"), t0, [{ id: "vmc-1", fingerprint: "SN-FAKE-1" }]),
    birthAt(g("twin-co"), t0, [
      { id: "lathe-a", fingerprint: "SN-TWIN-1" },
      { id: "lathe-b", fingerprint: "SN-TWIN-1" },
    ]),
  ];
  const machines = {
    lathe1: honestMachine(1),
    lathe2: honestMachine(2, t0 + RESTART_MINUTE * MINUTE),
    mill: honestMachine(3),
    fake: fakeMachine(),
    latheA: honestMachine(4),
    latheB: honestMachine(5),
  };
  const sessionA: Scheduled[] = [];
  for (let m = 1; m <= MINUTES; m++) {
    const t = t0 + m * MINUTE;
    // The controller restarts: the agent reports the device lost, gets nothing from it for
    // 3 minutes, then reports it back (a recorded reset, corroborated by the real gap in its data).
    const restarting = m > RESTART_MINUTE - RESTART_GAP_MINUTES && m < RESTART_MINUTE;
    if (m === RESTART_MINUTE - RESTART_GAP_MINUTES)
      schedule.push(
        statusAt(g("honest-co"), t + 5_000, [{ dev: "lathe-2", state: "disconnected", t: t + 5_000 }]),
      );
    if (m === RESTART_MINUTE)
      schedule.push(
        statusAt(g("honest-co"), t - 20_000, [{ dev: "lathe-2", state: "connected", t: t - 20_000 }]),
      );
    schedule.push(
      dataAt(g("honest-co"), t, [
        { dev: "lathe-1", samples: machines.lathe1(t) },
        ...(restarting ? [] : [{ dev: "lathe-2", samples: machines.lathe2(t) }]),
      ]),
      dataAt(g("fake-co"), t, [{ dev: "vmc-1", samples: machines.fake(t) }]),
      dataAt(g("twin-co"), t, [
        { dev: "lathe-a", samples: machines.latheA(t) },
        { dev: "lathe-b", samples: machines.latheB(t) },
      ]),
    );
    // honest-co's agent is upgraded after two hours: its data frames go from contract v1 to v2,
    // so its evidence bundle holds both (both must verify).
    if (m === 121) g("honest-co").contractVersion = 2;
    // The replayer: session A for two hours, a new session B for one, then session A again.
    const replay = g("replay-co");
    if (m <= 120) {
      const frame = dataAt(replay, t, [{ dev: "mill-1", samples: machines.mill(t) }]);
      sessionA.push(frame);
      schedule.push(frame);
    } else if (m <= 180) {
      if (m === 121) {
        replay.sess = randomBytes(12).toString("base64url");
        schedule.push(birthAt(replay, t - 30_000, [{ id: "mill-1", fingerprint: "SN-REPLAY-1" }]));
      }
      schedule.push(dataAt(replay, t, [{ dev: "mill-1", samples: machines.mill(t) }]));
    } else {
      const old = sessionA[m - 181] as Scheduled;
      schedule.push({ ...old, at: t + 300 });
    }
  }
  schedule.sort((a, b) => a.at - b.at);
  for (let i = 0; i < schedule.length; ) {
    const at = (schedule[i] as Scheduled).at;
    const group: Scheduled[] = [];
    while (i < schedule.length && (schedule[i] as Scheduled).at === at)
      group.push(schedule[i++] as Scheduled);
    clock = at;
    await Promise.all(group.map((f) => client(f.gw).publishAsync(f.gw.topic(f.kind), f.bytes, { qos: 1 })));
  }
  // Every machine is declared key-process and numerically controlled by its enterprise.
  const declared: [string, string, string][] = [
    ["honest-co", "gw-honest", "lathe-1"],
    ["honest-co", "gw-honest", "lathe-2"],
    ["replay-co", "gw-replay", "mill-1"],
    ["fake-co", "gw-fake", "vmc-1"],
    ["twin-co", "gw-twin", "lathe-a"],
    ["twin-co", "gw-twin", "lathe-b"],
  ];
  for (const [ent, gw, dev] of declared) {
    const url = `/api/v1/enterprises/${ent}/gateways/${gw}/devices/${dev}`;
    const res = await h.api("PATCH", url, h.adminToken, { keyProcess: true, cnc: true });
    if (res.status !== 200) throw new Error(`declare ${dev}: ${JSON.stringify(res.json)}`);
  }
  const period = { from: t0, to: t0 + (MINUTES + 1) * MINUTE };
  clock = period.to;
  return {
    h,
    period,
    close: async () => {
      await Promise.all(clients.map((c) => c.endAsync(true)));
      await h.close();
    },
  };
}
