import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { LogThrottle } from "./log-throttle.js";
import { RejectionLog } from "./rejections.js";

describe("rejection log", () => {
  it("keeps the last N rejections only, newest first, filtered by enterprise", () => {
    const log = new RejectionLog(pino({ level: "silent" }), 3);
    for (let i = 0; i < 10; i++) {
      log.record({
        at: i,
        code: "ONRAMP_FRAME_BAD_SIGNATURE",
        message: `m${i}`,
        topic: "t",
        ent: i % 2 ? "a" : "b",
        gw: "g",
      });
    }
    expect(log.recent().map((r) => r.message)).toEqual(["m9", "m8", "m7"]);
    expect(log.recent({ ent: "a" }).map((r) => r.message)).toEqual(["m9", "m7"]);
    expect(log.countsByCode().get("ONRAMP_FRAME_BAD_SIGNATURE")).toBe(10);
  });

  it("logs once per gateway and code per window, with a bounded key table", () => {
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => void lines.push(line) });
    const log = new RejectionLog(logger, 10, 60_000);
    for (let i = 0; i < 1000; i++)
      log.record({
        at: i,
        code: "ONRAMP_FRAME_SCHEMA",
        message: "x".repeat(10_000),
        topic: "t",
        ent: "e",
        gw: "g",
      });
    expect(lines).toHaveLength(1);
    expect(log.recent()[0]?.message.length).toBeLessThanOrEqual(500);
    log.record({ at: 60_000, code: "ONRAMP_FRAME_SCHEMA", message: "again", topic: "t", ent: "e", gw: "g" });
    expect(lines).toHaveLength(2);
  });

  it("stops tracking new keys when full and reports how many lines it suppressed", () => {
    const throttle = new LogThrottle(1000, 2);
    expect([
      throttle.shouldLog("a", 0),
      throttle.shouldLog("b", 0),
      throttle.shouldLog("c", 0),
      throttle.shouldLog("d", 0),
    ]).toEqual([true, true, false, false]);
    expect(throttle.takeOverflow(0)).toBe(2);
    expect(throttle.shouldLog("c", 1000)).toBe(true);
  });
});
