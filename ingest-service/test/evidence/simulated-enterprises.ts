// Four simulated enterprises for the end-to-end scenario of issue 7, as real signed frames: one
// honest, one replaying frames it sent hours earlier, one feeding a constant, perfectly regular
// fake stream through its legitimately enrolled gateway, one registering one machine twice.
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Body, Sample, StatusEvent } from "@onramp/contract";
import { stringify } from "yaml";
import type { TestGateway } from "../helpers/gateway.js";

export const PROFILE_REF = "onramp-test/scenario-cnc@1.0.0";
export const MINUTE = 60_000;

/** A small CNC profile: execution, spindle speed and load, part count, each with a 60 s heartbeat. */
export async function writeScenarioProfile(dir: string): Promise<void> {
  const reg = (address: number) => ({ modbus: { table: "holding", address, dataType: "uint16" } });
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "scenario-cnc.yaml"),
    stringify({
      schemaVersion: 1,
      id: "onramp-test/scenario-cnc",
      version: "1.0.0",
      vendor: "Onramp",
      model: "scenario cnc",
      class: "cnc_machine_tool",
      protocol: "modbus",
      source: { kind: "template", document: "ingest-service evidence tests", note: "written by the tests" },
      defaults: { pollIntervalMs: 10_000, heartbeatMs: 60_000 },
      signals: [
        {
          id: "execution",
          role: "execution",
          type: "enum",
          enum: { "0": "READY", "1": "ACTIVE", "4": "STOPPED" },
          source: reg(0),
        },
        { id: "spindle_speed", role: "spindle_speed", type: "integer", range: [0, 30000], source: reg(1) },
        { id: "spindle_load", role: "spindle_load", type: "integer", range: [0, 300], source: reg(2) },
        { id: "part_count", role: "part_count", type: "integer", source: reg(3) },
      ],
    }),
  );
}

export const mappingOf = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** A deterministic pseudo-random sequence (mulberry32), so every run publishes the same values. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * An honest machine: runs most minutes, spindle only while ACTIVE, load with noise, samples with
 * OS jitter. From `counterLostAt` on, its controller has restarted and lost its part count once.
 */
export function honestMachine(seed: number, counterLostAt = Number.POSITIVE_INFINITY) {
  const rnd = random(seed);
  let parts = 100 + Math.floor(rnd() * 50);
  let restarted = false;
  return (minuteStart: number): Sample[] => {
    const t = minuteStart - 1_000 - Math.floor(rnd() * 4_000);
    if (!restarted && minuteStart >= counterLostAt) {
      restarted = true;
      parts = 3;
    }
    const active = rnd() < 0.8;
    if (active && rnd() < 0.5) parts += 1;
    return [
      { s: "execution", v: active ? "ACTIVE" : "READY", q: "good", t },
      { s: "spindle_speed", v: active ? 2000 + Math.round(rnd() * 400) : 0, q: "good", t },
      {
        s: "spindle_load",
        v: active ? 30 + Math.round(rnd() * 40) : 2 + Math.round(rnd() * 3),
        q: "good",
        t,
      },
      { s: "part_count", v: parts, q: "good", t },
    ];
  };
}

/** A script "running" all the time on an exact clock with nothing moving but the part count. */
export function fakeMachine() {
  let k = 0;
  return (minuteStart: number): Sample[] => {
    k += 1;
    const t = minuteStart - 2_000;
    return [
      { s: "execution", v: "ACTIVE", q: "good", t },
      { s: "spindle_speed", v: 1500, q: "good", t },
      { s: "spindle_load", v: 42, q: "good", t },
      { s: "part_count", v: Math.floor(k / 4), q: "good", t },
    ];
  };
}

/** One frame to publish at a simulated instant (receipt happens at `at`). */
export interface Scheduled {
  at: number;
  gw: TestGateway;
  kind: Body["kind"];
  bytes: Buffer;
}

export function signAt(gw: TestGateway, body: Body, at: number): Scheduled {
  return { at, gw, kind: body.kind, bytes: gw.sign(body) };
}

/** A data frame of the gateway's current session, stamped at `ts`. */
export function dataAt(
  gw: TestGateway,
  ts: number,
  devices: { dev: string; samples: Sample[] }[],
): Scheduled {
  return signAt(gw, { ...gw.header(), ts, kind: "data", devices }, ts + 300);
}

/** A status frame of the gateway's current session: device connection events at `ts`. */
export function statusAt(gw: TestGateway, ts: number, events: StatusEvent[]): Scheduled {
  return signAt(gw, { ...gw.header(), ts, kind: "status", events }, ts + 200);
}

export function birthAt(
  gw: TestGateway,
  ts: number,
  devices: { id: string; fingerprint: string }[],
): Scheduled {
  const body = gw.birth(
    devices.map((d) => ({
      id: d.id,
      profile: PROFILE_REF,
      class: "cnc_machine_tool",
      mapping: mappingOf(PROFILE_REF),
      identity: {
        fingerprint: d.fingerprint,
        source: "modbus-serial-register" as const,
        fields: { serial: d.fingerprint },
      },
    })),
  );
  return signAt(gw, { ...body, ts }, ts + 100);
}
