// Four simulated enterprises for the scenario test (issue 7, "Done when"): one honest, one that
// replays yesterday's frames, one that feeds a fake stream through an enrolled gateway, one that
// registers one machine twice. Monday is recorded history, Tuesday is the period under report.
import type { SampleValue } from "@onramp/contract";
import type {
  ChallengeResult,
  DeviceRecord,
  EnterpriseInput,
  PresenceEvent,
  SignalSpec,
} from "../../src/indicators/inputs.js";
import { CNC_SIGNALS, cncDevice, DAY, DAY_SHIFT, local, MINUTE, SECOND } from "./fixtures.js";
import {
  type Machine,
  receivedFramesOf,
  replayed,
  runGateway,
  type SentFrame,
  type SimulatedDevice,
  storeTraffic,
  workingMachine,
} from "./simulate.js";

export const PERIOD = { from: local(1, "00:00"), to: local(2, "00:00") };
const HISTORY_FROM = local(0, "00:00");

const PRESS_SIGNALS: SignalSpec[] = [
  { id: "execution", role: "execution", heartbeatMs: 60 * SECOND },
  { id: "power_active", role: "power_active", heartbeatMs: 60 * SECOND, range: [0, 80] },
  { id: "part_count", role: "part_count", heartbeatMs: 60 * SECOND },
];
const METER_SIGNALS: SignalSpec[] = [
  { id: "energy_total", role: "energy_total", heartbeatMs: 60 * SECOND },
  { id: "power_active", role: "power_active", heartbeatMs: 60 * SECOND, range: [0, 500] },
];
const ROLES = new Map([...CNC_SIGNALS, ...METER_SIGNALS].map((s) => [s.id, s.role]));

const shifts = (days: number[], from = "07:45", to = "18:15") =>
  days.map((d) => ({ from: local(d, from), to: local(d, to) }));
const lunches = [0, 1].map((d) => ({ from: local(d, "12:00"), to: local(d, "13:00") }));

/** An honest agent: polls every 10 s with OS jitter, reports by exception, one session per day. */
function honestTraffic(gw: string, devices: SimulatedDevice[], days: number[], seed: number) {
  const runs = days.map((day) =>
    runGateway({
      gw,
      sess: `${gw.replaceAll("-", "")}Day${day}xxxxxxxxxxxx`.slice(0, 20),
      from: local(day, "00:00"),
      to: local(day + 1, "00:00"),
      pollMs: 10 * SECOND,
      jitterMs: 40,
      frameMs: 30 * SECOND,
      reportByException: true,
      devices,
      seed: seed + day,
    }),
  );
  return { frames: runs.flatMap((r) => r.frames), status: runs.flatMap((r) => r.status) };
}

function inputOf(
  enterprise: string,
  devices: DeviceRecord[],
  traffic: { frames: SentFrame[]; status: PresenceEvent[] },
  challenges: ChallengeResult[] = [],
): EnterpriseInput {
  const stored = storeTraffic(traffic.frames, traffic.status, ROLES);
  // The store is asked for the period, plus an hour before it for the state at its start.
  const series = stored.series.map((s) => ({
    ...s,
    points: s.points.filter((p) => p.t >= PERIOD.from - 60 * MINUTE && p.t < PERIOD.to),
  }));
  return {
    enterprise: { id: enterprise, industryKind: "discrete", calendar: DAY_SHIFT },
    period: PERIOD,
    devices: devices.map((d) => ({ ...d, enterprise })),
    presence: stored.presence,
    ledger: stored.ledger,
    series,
    frames: receivedFramesOf(traffic.frames.filter((f) => f.receivedAt >= HISTORY_FROM)),
    resets: [],
    challenges,
    mappingChanges: [],
    fingerprintPeers: [],
  };
}

/** A challenge answered by the gateway with a fresh read of the machine. */
function freshChallenge(
  device: string,
  machine: Machine,
  issuedAt: number,
  signals: string[],
): ChallengeResult {
  const nonce = `nonce-${device}-0123456789`;
  const reading = machine.read(issuedAt + 300) ?? {};
  return {
    device,
    id: `challenge-${device}`,
    issuedAt,
    nonce,
    deadlineMs: 30 * SECOND,
    reply: {
      receivedAt: issuedAt + 700,
      signatureValid: true,
      ok: true,
      nonce,
      samples: signals.map((s) => ({ s, v: reading[s] ?? null, q: "good" as const, t: issuedAt + 300 })),
    },
  };
}

export function honestEnterprise(): EnterpriseInput {
  const lathe1 = workingMachine(shifts([0, 1]), lunches, 101);
  const lathe2 = workingMachine(shifts([0, 1]), lunches, 202);
  const press = workingMachine(shifts([0, 1]), lunches, 303);
  const meter = workingMachine(shifts([0, 1], "00:00", "24:00"), [], 404);
  const devices: DeviceRecord[] = [
    cncDevice("lathe-1"),
    cncDevice("lathe-2"),
    cncDevice("press-1", { class: "press", keyProcess: false, declaredCnc: false, signals: PRESS_SIGNALS }),
    cncDevice("meter-1", {
      class: "energy_meter",
      keyProcess: false,
      declaredCnc: false,
      signals: METER_SIGNALS,
    }),
  ];
  const traffic = honestTraffic(
    "gw-honest",
    [
      { id: "lathe-1", machine: lathe1, signals: CNC_SIGNALS },
      { id: "lathe-2", machine: lathe2, signals: CNC_SIGNALS },
      { id: "press-1", machine: press, signals: PRESS_SIGNALS },
      { id: "meter-1", machine: meter, signals: METER_SIGNALS },
    ],
    [0, 1],
    1,
  );
  const challenge = freshChallenge("lathe-1", lathe1, local(1, "14:00"), [
    "execution",
    "spindle_speed",
    "part_count",
  ]);
  return inputOf("honest-co", devices, traffic, [challenge]);
}

/** Monday recorded honestly; on Tuesday the mill breaks down at 10:00 and Monday's frames are sent again. */
export function replayingEnterprise(): EnterpriseInput {
  const mill = workingMachine(
    [...shifts([0]), { from: local(1, "07:45"), to: local(1, "10:00") }],
    lunches,
    505,
  );
  const traffic = honestTraffic(
    "gw-replay",
    [{ id: "mill-1", machine: mill, signals: CNC_SIGNALS }],
    [0, 1],
    2,
  );
  const monday = traffic.frames.filter(
    (f) => f.receivedAt >= local(0, "10:00") && f.receivedAt < local(0, "18:00"),
  );
  const withReplay = { frames: [...traffic.frames, ...replayed(monday, DAY)], status: traffic.status };
  return inputOf("replay-co", [cncDevice("mill-1")], withReplay);
}

/** A script on an enrolled gateway: a machine "running" all day, on an exact 5 s clock, a sine for power. */
export function fakeStreamEnterprise(): EnterpriseInput {
  const start = local(1, "08:00");
  const fake: Machine = {
    read(t): Record<string, SampleValue> | null {
      if (t < start || t >= local(1, "18:00")) return null;
      const k = Math.round((t - start) / 5_000);
      return {
        execution: "ACTIVE",
        spindle_speed: 1500,
        spindle_load: 42,
        power_active: Math.round((10 + 3 * Math.sin((2 * Math.PI * k) / 60)) * 1000) / 1000,
        part_count: Math.floor(k / 60),
        energy_total: Math.round((1000 + k * 0.01) * 100) / 100,
      };
    },
  };
  const run = runGateway({
    gw: "gw-fake",
    sess: "fakeSessionTuesday01",
    from: PERIOD.from,
    to: PERIOD.to,
    pollMs: 5_000,
    jitterMs: 0,
    frameMs: 30 * SECOND,
    reportByException: false,
    devices: [{ id: "vmc-1", machine: fake, signals: CNC_SIGNALS }],
    seed: 3,
  });
  // The script answers challenges from its cache: values stamped a minute before the challenge.
  const issuedAt = local(1, "15:00");
  const challenge = freshChallenge("vmc-1", fake, issuedAt, ["execution", "spindle_speed"]);
  const reply = challenge.reply;
  const stale: ChallengeResult = {
    ...challenge,
    reply:
      reply === null
        ? null
        : { ...reply, samples: reply.samples.map((s) => ({ ...s, t: issuedAt - 60 * SECOND })) },
  };
  return inputOf("fake-co", [cncDevice("vmc-1")], run, [stale]);
}

/** One lathe registered as two devices: the gateway polls the same controller under both ids. */
export function twinEnterprise(): EnterpriseInput {
  const lathe = workingMachine(shifts([0, 1]), lunches, 606);
  const devices = [
    cncDevice("lathe-a", { fingerprint: "sha256:twin" }),
    cncDevice("lathe-b", { fingerprint: "sha256:twin" }),
  ];
  const traffic = honestTraffic(
    "gw-twin",
    [
      { id: "lathe-a", machine: lathe, signals: CNC_SIGNALS },
      { id: "lathe-b", machine: lathe, signals: CNC_SIGNALS },
    ],
    [0, 1],
    4,
  );
  return inputOf("twin-co", devices, traffic);
}
