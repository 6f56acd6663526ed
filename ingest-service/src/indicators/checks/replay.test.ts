import { describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE, MONDAY, SECOND } from "../../../test/indicator-scenarios/fixtures.js";
import { type ReceivedFrame, sampleTimesOf } from "../inputs.js";
import { DEFAULT_PARAMS } from "../params.js";
import { checkReplay } from "./replay.js";

const SESSION_A = "sessionAAAAAAAAAAAA";
const SESSION_B = "sessionBBBBBBBBBBBB";
const params = DEFAULT_PARAMS.replay;

/** A frame signed at `ts` with one sample of lathe-1's spindle at `sampleT`, received 200 ms later. */
function frame(sess: string, seq: number, ts: number, overrides: Partial<ReceivedFrame> = {}): ReceivedFrame {
  return {
    receivedAt: ts + 200,
    digest: `${sess}-${seq}`,
    gw: "gw-1",
    sess,
    seq,
    ts,
    devices: [{ dev: "lathe-1", times: { spindle_speed: [ts - 100] } }],
    ...overrides,
  };
}
const codes = (frames: ReceivedFrame[]) =>
  checkReplay(frames, params, 5)
    .map((f) => f.code)
    .sort();

describe("checkReplay (INDICATORS §5 replay / duplication)", () => {
  it("accepts an honest stream across an agent restart", () => {
    const frames = [
      frame(SESSION_A, 1, MONDAY),
      frame(SESSION_A, 2, MONDAY + 10 * SECOND),
      frame(SESSION_B, 1, MONDAY + MINUTE),
      frame(SESSION_B, 2, MONDAY + MINUTE + 10 * SECOND),
    ];
    expect(codes(frames)).toEqual([]);
  });

  it("ignores an at-least-once redelivery inside the window, even after a restart", () => {
    const original = frame(SESSION_A, 2, MONDAY);
    const frames = [
      frame(SESSION_A, 1, MONDAY - 10 * SECOND),
      original,
      frame(SESSION_B, 1, MONDAY + MINUTE),
      { ...original, receivedAt: MONDAY + 2 * MINUTE },
    ];
    expect(codes(frames)).toEqual([]);
  });

  it("flags yesterday's frames received again: repeated seq, old session after the new one, time going back", () => {
    const yesterday = [frame(SESSION_A, 1, MONDAY), frame(SESSION_A, 2, MONDAY + 10 * SECOND)];
    const today = [frame(SESSION_B, 1, MONDAY + DAY), frame(SESSION_B, 2, MONDAY + DAY + 10 * SECOND)];
    const replayed = yesterday.map((f) => ({ ...f, receivedAt: f.receivedAt + DAY + MINUTE }));
    const flags = checkReplay([...yesterday, ...today, ...replayed], params, 5);
    expect(flags.map((f) => f.code).sort()).toEqual([
      "REPLAY_SAMPLE_TIME_BACKWARDS",
      "REPLAY_SEQ_REPEATED",
      "REPLAY_SESSION_REAPPEARED",
    ]);
    const repeated = flags.find((f) => f.code === "REPLAY_SEQ_REPEATED");
    expect(repeated).toMatchObject({
      device: "lathe-1",
      check: "replay",
      severity: "failure",
      data: { count: 2 },
    });
    expect(repeated?.reason).toContain("received again more than 60 min after their first copy");
  });

  it("flags an old session that reappears with new frames even when the originals are not in view", () => {
    const frames = [
      frame(SESSION_B, 1, MONDAY + HOUR),
      frame(SESSION_A, 7, MONDAY, { receivedAt: MONDAY + 2 * HOUR }),
    ];
    expect(codes(frames)).toEqual(["REPLAY_SAMPLE_TIME_BACKWARDS", "REPLAY_SESSION_REAPPEARED"]);
  });

  it("flags two different frames with one session and seq", () => {
    const frames = [
      frame(SESSION_A, 1, MONDAY),
      frame(SESSION_A, 1, MONDAY, { digest: "other", receivedAt: MONDAY + 300 }),
    ];
    expect(codes(frames)).toEqual(["REPLAY_SEQ_CONFLICT"]);
  });

  it("tolerates a sample stepping back less than the tolerance, not more", () => {
    const back = (ms: number) => [
      frame(SESSION_A, 1, MONDAY),
      frame(SESSION_A, 2, MONDAY + SECOND, {
        devices: [{ dev: "lathe-1", times: { spindle_speed: [MONDAY - 100 - ms] } }],
      }),
    ];
    expect(codes(back(params.backwardsToleranceMs))).toEqual([]);
    expect(codes(back(params.backwardsToleranceMs + 1))).toEqual(["REPLAY_SAMPLE_TIME_BACKWARDS"]);
  });

  it("flags samples stamped beyond the allowed clock skew into the future", () => {
    const future = frame(SESSION_A, 1, MONDAY, {
      devices: [{ dev: "lathe-1", times: { spindle_speed: [MONDAY + 200 + 6 * MINUTE] } }],
    });
    const flags = checkReplay([future], params, 5);
    expect(flags.map((f) => f.code)).toEqual(["REPLAY_SAMPLE_TIME_FUTURE"]);
    expect(flags[0]?.reason).toContain("more than 300 s after they were received");
  });

  it("keeps at most maxExamples examples while counting every occurrence", () => {
    const originals = Array.from({ length: 8 }, (_, i) => frame(SESSION_A, i, MONDAY + i * SECOND));
    const again = originals.map((f) => ({ ...f, receivedAt: f.receivedAt + 2 * HOUR }));
    const repeated = checkReplay([...originals, ...again], params, 3).find(
      (f) => f.code === "REPLAY_SEQ_REPEATED",
    );
    expect(repeated?.data.count).toBe(8);
    expect(repeated?.data.examples).toHaveLength(3);
  });

  it("keeps the examples in the order the frame carried its samples, though the log groups times by signal", () => {
    // Two polls of two signals, sent in poll order; received again a day later, every sample goes back.
    const sent = [
      { s: "spindle_speed", v: 1200, q: "good" as const, t: MONDAY },
      { s: "spindle_load", v: 40, q: "good" as const, t: MONDAY },
      { s: "spindle_speed", v: 1210, q: "good" as const, t: MONDAY + 10 * SECOND },
      { s: "spindle_load", v: 41, q: "good" as const, t: MONDAY + 10 * SECOND },
    ];
    const original = frame(SESSION_A, 1, MONDAY + 20 * SECOND, {
      devices: sampleTimesOf([{ dev: "lathe-1", samples: sent }]),
    });
    const later = frame(SESSION_B, 1, MONDAY + DAY, {
      devices: [{ dev: "lathe-1", times: { spindle_speed: [MONDAY + DAY], spindle_load: [MONDAY + DAY] } }],
    });
    const again = { ...original, receivedAt: MONDAY + DAY + MINUTE };
    const backwards = checkReplay([original, later, again], params, 5).find(
      (f) => f.code === "REPLAY_SAMPLE_TIME_BACKWARDS",
    );
    expect(backwards?.data.count).toBe(4);
    const examples = backwards?.data.examples as { signal: string; t: number }[];
    expect(examples.map((e) => [e.signal, e.t])).toEqual(sent.map((x) => [x.s, x.t]));
    expect(backwards?.reason).toContain(`first: spindle_speed at ${new Date(MONDAY).toISOString()}`);
  });

  it("lists the examples in time order when polls report different signals (report by exception)", () => {
    // The first poll reports speed and load; the next one also execution, which had not changed.
    const sent = [
      { s: "spindle_speed", v: 1200, q: "good" as const, t: MONDAY },
      { s: "spindle_load", v: 40, q: "good" as const, t: MONDAY },
      { s: "execution", v: "READY", q: "good" as const, t: MONDAY + 10 * SECOND },
      { s: "spindle_speed", v: 0, q: "good" as const, t: MONDAY + 10 * SECOND },
      { s: "spindle_load", v: 0, q: "good" as const, t: MONDAY + 10 * SECOND },
    ];
    const original = frame(SESSION_A, 1, MONDAY + 20 * SECOND, {
      devices: sampleTimesOf([{ dev: "lathe-1", samples: sent }]),
    });
    const later = frame(SESSION_B, 1, MONDAY + DAY, {
      devices: [
        {
          dev: "lathe-1",
          times: { execution: [MONDAY + DAY], spindle_speed: [MONDAY + DAY], spindle_load: [MONDAY + DAY] },
        },
      ],
    });
    const again = { ...original, receivedAt: MONDAY + DAY + MINUTE };
    const backwards = checkReplay([original, later, again], params, 5).find(
      (f) => f.code === "REPLAY_SAMPLE_TIME_BACKWARDS",
    );
    expect(backwards?.data.count).toBe(5);
    const examples = backwards?.data.examples as { signal: string; t: number }[];
    // Every sample once, in time order; within the second poll's instant the signals follow their
    // first sample in the frame (the order inside one poll is not kept by the frame log).
    expect(examples.map((e) => [e.signal, e.t])).toEqual([
      ["spindle_speed", MONDAY],
      ["spindle_load", MONDAY],
      ["spindle_speed", MONDAY + 10 * SECOND],
      ["spindle_load", MONDAY + 10 * SECOND],
      ["execution", MONDAY + 10 * SECOND],
    ]);
  });
});
