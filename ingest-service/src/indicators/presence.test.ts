import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MINUTE, SECOND } from "../../test/indicator-scenarios/fixtures.js";
import type { PresenceEvent } from "./inputs.js";
import { DEFAULT_PARAMS } from "./params.js";
import { deviceStatusAt, onlineIntervals, presenceIntervals, timeByStatus } from "./presence.js";

const params = DEFAULT_PARAMS.presence;
const HB = 60 * SECOND;
const frame = (at: number): PresenceEvent => ({ device: "lathe-1", at, kind: "frame" });

describe("deviceStatusAt (INDICATORS §3)", () => {
  it("is never before any valid frame arrived, whatever the gateway says", () => {
    const events: PresenceEvent[] = [
      { device: "lathe-1", at: 0, kind: "gateway-online" },
      { device: "lathe-1", at: 10, kind: "status-connected" },
    ];
    expect(deviceStatusAt(events, HB, params, 1_000)).toEqual({
      status: "never",
      cause: "NO_VALID_FRAME",
      detail: null,
      since: null,
      lastFrameAt: null,
    });
  });

  it("is online until k × heartbeat after the last frame, stale from then, offline from 10 × heartbeat", () => {
    const events = [frame(0)];
    expect(deviceStatusAt(events, HB, params, 3 * HB - 1).status).toBe("online");
    expect(deviceStatusAt(events, HB, params, 3 * HB)).toMatchObject({
      status: "stale",
      cause: "FRAMES_LATE",
      since: 3 * HB,
    });
    expect(deviceStatusAt(events, HB, params, 10 * HB - 1).status).toBe("stale");
    expect(deviceStatusAt(events, HB, params, 10 * HB)).toMatchObject({
      status: "offline",
      cause: "FRAMES_STOPPED",
      since: 10 * HB,
      lastFrameAt: 0,
    });
  });

  it("honours a configured k", () => {
    const k5 = { ...params, staleAfterHeartbeats: 5 };
    expect(deviceStatusAt([frame(0)], HB, k5, 4 * HB).status).toBe("online");
    expect(deviceStatusAt([frame(0)], HB, k5, 5 * HB).status).toBe("stale");
  });

  it("is offline at once after the gateway's death, and online again with the next frame", () => {
    const events: PresenceEvent[] = [
      frame(0),
      { device: "lathe-1", at: 20 * SECOND, kind: "death", gateway: "gw-1" },
      frame(5 * MINUTE),
    ];
    expect(deviceStatusAt(events, HB, params, 20 * SECOND)).toMatchObject({
      status: "offline",
      cause: "GATEWAY_DEATH",
      detail: "gw-1",
      since: 20 * SECOND,
    });
    expect(deviceStatusAt(events, HB, params, 5 * MINUTE)).toMatchObject({
      status: "online",
      since: 5 * MINUTE,
    });
  });

  it("is offline after a device disconnect, with the agent's cause", () => {
    const events: PresenceEvent[] = [
      frame(0),
      {
        device: "lathe-1",
        at: 30 * SECOND,
        kind: "status-disconnected",
        cause: { code: "ONRAMP_MODBUS_TIMEOUT", message: "no answer" },
      },
    ];
    expect(deviceStatusAt(events, HB, params, 31 * SECOND)).toMatchObject({
      status: "offline",
      cause: "DEVICE_DISCONNECTED",
      detail: "ONRAMP_MODBUS_TIMEOUT",
    });
  });

  it("lets a death stamped in the same millisecond as the last frame win", () => {
    const events: PresenceEvent[] = [{ device: "lathe-1", at: 100, kind: "death" }, frame(100)];
    expect(deviceStatusAt(events, HB, params, 100).status).toBe("offline");
  });

  it("never makes an unreachable machine online because its gateway is online", () => {
    const events: PresenceEvent[] = [
      frame(0),
      { device: "lathe-1", at: 1_000, kind: "status-disconnected" },
      { device: "lathe-1", at: 2_000, kind: "gateway-online" },
      { device: "lathe-1", at: 3_000, kind: "status-connected" },
    ];
    expect(deviceStatusAt(events, HB, params, 4_000).status).toBe("offline");
  });
});

describe("presenceIntervals (INDICATORS §3)", () => {
  it("splits a window into online, stale and offline around one outage", () => {
    const events = [frame(0), frame(HB), frame(20 * HB)];
    const intervals = presenceIntervals(events, HB, params, { from: 0, to: 30 * HB });
    expect(intervals.map(({ from, to, status }) => ({ from: from / HB, to: to / HB, status }))).toEqual([
      { from: 0, to: 4, status: "online" },
      { from: 4, to: 11, status: "stale" },
      { from: 11, to: 20, status: "offline" },
      { from: 20, to: 23, status: "online" },
      { from: 23, to: 30, status: "stale" },
    ]);
    expect(onlineIntervals(intervals)).toEqual([
      { from: 0, to: 4 * HB },
      { from: 20 * HB, to: 23 * HB },
    ]);
  });

  it("starts from the state the last frame before the window left", () => {
    const intervals = presenceIntervals([frame(0)], HB, params, { from: 2 * HB, to: 5 * HB });
    expect(intervals.map((i) => [i.from / HB, i.to / HB, i.status])).toEqual([
      [2, 3, "online"],
      [3, 5, "stale"],
    ]);
  });

  it("partitions the window exactly, whatever the events (property)", () => {
    const kinds = [
      "frame",
      "status-connected",
      "status-disconnected",
      "status-error",
      "death",
      "gateway-online",
      "gateway-offline",
    ] as const;
    const eventArb = fc.record({
      device: fc.constant("lathe-1"),
      at: fc.integer({ min: -5_000, max: 50_000 }),
      kind: fc.constantFrom(...kinds),
    });
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 1, max: 40_000 }),
        fc.integer({ min: 100, max: 5_000 }),
        (events, from, length, heartbeat) => {
          const window = { from, to: from + length };
          const intervals = presenceIntervals(events, heartbeat, params, window);
          expect(intervals[0]?.from).toBe(window.from);
          expect(intervals.at(-1)?.to).toBe(window.to);
          for (let i = 1; i < intervals.length; i++) expect(intervals[i]?.from).toBe(intervals[i - 1]?.to);
          const ms = timeByStatus(intervals);
          expect(ms.online + ms.stale + ms.offline + ms.never).toBe(length);
          for (const interval of intervals) {
            const at = deviceStatusAt(events, heartbeat, params, interval.from);
            expect(at.status).toBe(interval.status);
          }
        },
      ),
    );
  });
});

describe("runs of frames (a summarised frame log)", () => {
  /** Frames folded into runs as the loader folds them: consecutive gaps under the stale threshold. */
  function runsOf(times: readonly number[], staleAfterMs: number): PresenceEvent[] {
    const runs: { at: number; until: number; frames: number }[] = [];
    for (const t of times) {
      const last = runs.at(-1);
      if (last !== undefined && t - last.until < staleAfterMs) {
        last.until = t;
        last.frames++;
      } else runs.push({ at: t, until: t, frames: 1 });
    }
    return runs.map((r) =>
      r.frames === 1 ? frame(r.at) : { ...frame(r.at), until: r.until, frames: r.frames },
    );
  }

  it("read as the frames they stand for, whatever the gaps and the window", () => {
    const staleAfterMs = params.staleAfterHeartbeats * HB;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 * staleAfterMs }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: -10 * MINUTE, max: 60 * MINUTE }),
        fc.integer({ min: 1, max: 120 * MINUTE }),
        (gaps, windowFrom, windowLength) => {
          const times: number[] = [];
          let t = 0;
          for (const gap of gaps) {
            t += gap;
            times.push(t);
          }
          const window = { from: windowFrom, to: windowFrom + windowLength };
          const whole = presenceIntervals(times.map(frame), HB, params, window);
          const runs = runsOf(times, staleAfterMs);
          expect(presenceIntervals(runs, HB, params, window)).toEqual(whole);
          const at = windowFrom + windowLength;
          expect(deviceStatusAt(runs, HB, params, at).status).toBe(
            deviceStatusAt(times.map(frame), HB, params, at).status,
          );
        },
      ),
    );
  });

  it("a death after a run makes the device offline until the next frame", () => {
    const events: PresenceEvent[] = [
      { ...frame(0), until: 100 * SECOND, frames: 20 },
      { device: "lathe-1", at: 100 * SECOND, kind: "death", gateway: "gw-1" },
      frame(10 * MINUTE),
    ];
    const intervals = presenceIntervals(events, HB, params, { from: 0, to: 11 * MINUTE });
    expect(intervals.map(({ from, to, status, cause }) => ({ from, to, status, cause }))).toEqual([
      { from: 0, to: 100 * SECOND, status: "online", cause: "FRAMES_ARRIVING" },
      { from: 100 * SECOND, to: 10 * MINUTE, status: "offline", cause: "GATEWAY_DEATH" },
      { from: 10 * MINUTE, to: 11 * MINUTE, status: "online", cause: "FRAMES_ARRIVING" },
    ]);
  });
});
