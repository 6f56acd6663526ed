import type { TopicPayloads } from "../topic-kinds.js";
import type { DataBodyV2 } from "./data-v2.js";
import type { ChallengeReplyV2 } from "./reply-v2.js";

/**
 * One realistic body per kind: documentation (README, TOPIC_KINDS) and test input in one place,
 * checked against the schemas by topic-kinds.test.ts so the docs cannot drift from the contract.
 */
const ent = "acme-parts";
const gw = "hall-2-gw";
const sess = "q3VnR8xLm2Tz9KpA";
const ts = 1_767_225_600_000;

export const EXAMPLE_BODIES: TopicPayloads = {
  birth: {
    v: 1,
    kind: "birth",
    ent,
    gw,
    sess,
    seq: 1,
    ts,
    agent: { name: "onramp-agent", version: "0.1.0" },
    kid: "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
    willSeq: 0,
    devices: [
      {
        id: "lathe-3",
        profile: "dmg-mori/ctx-450@1.0.0",
        class: "cnc_machine_tool",
        mapping: "sha256:3b7e2a4cf0d1e9a8b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3",
        identity: {
          fingerprint: "sha256:6f1ed002ab5595859014ebf0951522d9a1d7f9e5f5c6f4b1c3d7a4f1e0b2c3d4",
          source: "opcua-certificate",
          fields: { applicationUri: "urn:dmg-mori:ctx-450:SN12345", serialNumber: "SN12345" },
        },
      },
      {
        id: "meter-1",
        profile: "schneider/pm5560@2",
        class: "energy_meter",
        mapping: "sha256:9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0",
        identity: null,
      },
    ],
  },
  death: { v: 1, kind: "death", ent, gw, sess, seq: 0, ts: ts - 1_000, reason: "lwt" },
  data: {
    v: 1,
    kind: "data",
    ent,
    gw,
    sess,
    seq: 42,
    ts: ts + 5_000,
    devices: [
      {
        dev: "lathe-3",
        samples: [
          { s: "spindle_speed", v: 1_250.5, q: "good", t: ts + 4_200 },
          { s: "execution", v: "ACTIVE", q: "good", t: ts + 4_200 },
        ],
      },
      { dev: "meter-1", samples: [{ s: "energy_total", v: null, q: "bad", t: ts + 4_100 }] },
    ],
    loss: { frames: 3, samples: 1_200, since: ts - 60_000 },
  },
  status: {
    v: 1,
    kind: "status",
    ent,
    gw,
    sess,
    seq: 43,
    ts: ts + 6_000,
    events: [
      {
        dev: "meter-1",
        state: "error",
        cause: { code: "ONRAMP_MODBUS_TIMEOUT", message: "no answer from unit 2 within 1000 ms" },
        t: ts + 5_900,
      },
    ],
  },
  cmd: {
    v: 1,
    kind: "cmd",
    ent,
    gw,
    ts: ts + 10_000,
    id: "req-7f3a",
    op: "challenge",
    dev: "lathe-3",
    nonce: "Zm9yLXRoZS1sYXRoZS0z",
    signals: ["spindle_speed", "part_count"],
    deadlineMs: 10_000,
  },
  reply: {
    v: 1,
    kind: "reply",
    ent,
    gw,
    sess,
    seq: 44,
    ts: ts + 10_800,
    id: "req-7f3a",
    op: "challenge",
    ok: true,
    nonce: "Zm9yLXRoZS1sYXRoZS0z",
    dev: "lathe-3",
    samples: [
      { s: "spindle_speed", v: 1_248, q: "good", t: ts + 10_650, src: ts + 10_512 },
      { s: "part_count", v: 1_873, q: "good", t: ts + 10_650, src: ts + 10_650 - 222_646 },
    ],
    deviceClock: ts + 10_640,
  },
};

/**
 * The bodies that have a version 2 form (contract README, "Version 2"), as an agent sending v2
 * signs them: documentation and test input, like EXAMPLE_BODIES. The data body shows a dense
 * block (two signals polled three times), a sparse one (a signal that changed once) and a sample
 * that is not good; the reply is EXAMPLE_BODIES.reply in its v2 form.
 */
export const EXAMPLE_BODIES_V2: { data: DataBodyV2; reply: ChallengeReplyV2 } = {
  data: {
    v: 2,
    kind: "data",
    ent,
    gw,
    sess,
    seq: 45,
    ts: ts + 8_000,
    t0: ts + 5_100,
    devices: [
      {
        dev: "lathe-3",
        blocks: [
          {
            s: ["spindle_speed", "feed_rate"],
            t: [100, 1_000, 1_000],
            v: [
              [1_250.5, 1_251, 1_249.5],
              [800, 800, 812.5],
            ],
          },
          { s: ["execution"], t: [1_100], v: [["ACTIVE"]] },
        ],
      },
      {
        dev: "meter-1",
        blocks: [
          {
            s: ["power_active", "energy_total"],
            t: [0, 2_000],
            v: [
              [12.75, 12.8],
              [48_211.4, null],
            ],
            q: [[1, 1, "bad"]],
          },
        ],
      },
    ],
  },
  reply: {
    v: 2,
    kind: "reply",
    ent,
    gw,
    sess,
    seq: 44,
    ts: ts + 10_800,
    id: "req-7f3a",
    op: "challenge",
    ok: true,
    nonce: "Zm9yLXRoZS1sYXRoZS0z",
    dev: "lathe-3",
    deviceClock: ts + 10_640,
    t0: ts + 10_650,
    blocks: [
      {
        s: ["spindle_speed", "part_count"],
        t: [0],
        v: [[1_248], [1_873]],
        src: [[-138], [-222_646]],
      },
    ],
  },
};
