import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DataBody, decodeFrame, generateGatewayKey, type StatusBody } from "@onramp/contract";
import { compileProfile, Profile } from "@onramp/profiles";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { COUNTER_PROFILE } from "../../test/e2e/fixture.js";
import { openSqliteSpool } from "../spool/sqlite-spool.js";
import { createFrameBuilder } from "./frame-builder.js";
import { Pipeline } from "./pipeline.js";

// Pipeline-logic tests: samples and state changes are fed straight into the driver sink.
const key = generateGatewayKey();
const profile = compileProfile(Profile.parse(COUNTER_PROFILE));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(maxBytes = 1e8) {
  const dir = mkdtempSync(join(tmpdir(), "onramp-pipeline-"));
  dirs.push(dir);
  let now = 1_000_000;
  const spool = openSqliteSpool({ path: join(dir, "spool.db"), maxBytes, maxAgeMs: 1e9 });
  const frames = createFrameBuilder({
    ent: "acme",
    gw: "gw-1",
    signer: key,
    agent: { name: "t", version: "0" },
  });
  const pipeline = new Pipeline({
    frames,
    spool,
    logger: pino({ level: "silent" }),
    now: () => now,
    batch: { maxSamples: 2, maxAgeMs: 60_000 },
    onSpooled: () => {},
  });
  pipeline.addDevice("press-1", profile);
  const bodies = () =>
    spool.readAfter(0, 1000).map((f) => {
      const decoded = decodeFrame(f.bytes, () => key.publicKey, { topic: f.topic });
      if (!decoded.ok) throw new Error(decoded.error.message);
      return decoded.body;
    });
  return { pipeline, spool, bodies, tick: (ms: number) => (now += ms) };
}

const reading = (value: number, at: number) => ({
  signal: "part_count",
  value,
  quality: "good" as const,
  sourceTs: at,
});

describe("pipeline", () => {
  it("reports the window a crashed run cannot vouch for as a signed disconnect of every device", () => {
    const { pipeline, bodies } = setup();
    pipeline.reportUnvouched(["press-1", "press-2"], 900_000);
    const [status] = bodies() as StatusBody[];
    expect(status?.kind).toBe("status");
    expect(status?.events.map((e) => [e.dev, e.state, e.t, e.cause?.code])).toEqual([
      ["press-1", "disconnected", 900_000, "ONRAMP_AGENT_UNCLEAN_RESTART"],
      ["press-2", "disconnected", 900_000, "ONRAMP_AGENT_UNCLEAN_RESTART"],
    ]);
  });

  it("reports by exception: an unchanged value is suppressed until its heartbeat", () => {
    const { pipeline, bodies, tick } = setup();
    pipeline.sink.samples("press-1", [reading(1, 1)]);
    tick(50);
    pipeline.sink.samples("press-1", [reading(1, 2)]); // unchanged, before the 200 ms heartbeat
    tick(200);
    pipeline.sink.samples("press-1", [reading(1, 3)]); // heartbeat: a fresh reading, repeated
    pipeline.flush();
    const [data] = bodies() as DataBody[];
    expect(data?.devices[0]?.samples.map((s) => s.t)).toEqual([1, 3]);
    expect(pipeline.counters).toMatchObject({ samplesRead: 3, samplesReported: 2 });
  });

  it("spools the data read before a disconnect ahead of the disconnect event, with consecutive seq", () => {
    const { pipeline, bodies } = setup();
    pipeline.sink.samples("press-1", [reading(1, 1)]);
    pipeline.sink.state({ device: "press-1", state: "connected", at: 5 });
    pipeline.sink.state({ device: "press-1", state: "connected", at: 6 }); // not a change: no event
    pipeline.sink.samples("press-1", [reading(2, 7)]);
    pipeline.sink.state({
      device: "press-1",
      state: "disconnected",
      at: 9,
      cause: { code: "ONRAMP_MODBUS_TIMEOUT", message: "no answer" },
    });
    const all = bodies();
    expect(all.map((b) => b.kind)).toEqual(["data", "status", "data", "status"]);
    expect(all.map((b) => ("seq" in b ? b.seq : -1))).toEqual([0, 1, 2, 3]);
    expect((all[3] as StatusBody).events[0]).toEqual({
      dev: "press-1",
      state: "disconnected",
      t: 9,
      cause: { code: "ONRAMP_MODBUS_TIMEOUT", message: "no answer" },
    });
    expect(pipeline.devices()[0]).toMatchObject({
      state: "disconnected",
      lastError: { code: "ONRAMP_MODBUS_TIMEOUT", at: 9 },
    });
  });

  it("puts the spool's pending loss into the next data frame exactly once", () => {
    const { pipeline, spool, bodies } = setup(3000);
    for (let n = 0; n < 40; n++) pipeline.sink.samples("press-1", [reading(n, n)]);
    const evicted = spool.stats();
    expect(evicted.evictedFrames).toBeGreaterThan(0);
    spool.remove(spool.readAfter(0, 1000).map((f) => f.id));
    const pending = spool.pendingLoss();
    pipeline.sink.samples("press-1", [reading(100, 100), reading(101, 101)]);
    const [next] = bodies() as DataBody[];
    expect(next?.loss).toEqual(pending);
    expect(spool.pendingLoss()).toBeUndefined();
    expect(pending?.samples).toBe(evicted.pendingLoss?.samples);
  });

  it("counts samples of a device that is no longer configured", () => {
    const { pipeline } = setup();
    pipeline.removeDevice("press-1");
    pipeline.sink.samples("press-1", [reading(1, 1)]);
    expect(pipeline.counters.samplesForUnknownDevice).toBe(1);
  });
});
