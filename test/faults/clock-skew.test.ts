import { describe, expect, it } from "vitest";
import { waitFor } from "../peers/wait.js";
import { expectEverySampleStoredOnce, startCountedAgent, useFaultScenario } from "./scenario.js";

/** Twice the ingest's default skew bound (--max-skew-ms 300000). */
const OFFSET_MS = 600_000;

describe("the gateway's clock runs 10 minutes ahead", () => {
  const s = useFaultScenario({ units: [1] });

  it("flags every frame as skewed and still stores every sample once", async () => {
    const run = await startCountedAgent(s, [{ id: "press-1", port: s.plc.port, unit: 1 }], {
      now: () => Date.now() + OFFSET_MS,
    });
    await waitFor("200 samples reported", () => run.agent.snapshot().pipeline.samplesReported >= 200, {
      timeoutMs: 30_000,
    });
    await expectEverySampleStoredOnce(s, run, ["press-1"], { until: Date.now() + 2 * OFFSET_MS });
    const frames = await s.ingest.metric("onramp_ingest_frames_total", 'outcome="stored"');
    expect(await s.ingest.metric("onramp_ingest_clock_skew_frames_total")).toBe(frames);
    expect(await s.ingest.metric("onramp_ingest_rejections_total")).toBe(0);
  });
});
