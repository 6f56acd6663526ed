import { describe, it } from "vitest";
import { waitFor } from "../peers/wait.js";
import { countStored } from "./pipeline.js";
import { expectEverySampleStoredOnce, startCountedAgent, useFaultScenario } from "./scenario.js";

const DEVICES = ["press-1", "press-2"];

describe("the ingest is killed with -9 mid-stream", () => {
  const s = useFaultScenario({ units: [1, 2] });

  // The ingest's own kill -9 test (ingest-service/test/kill-9.test.ts) drives a test gateway on the
  // embedded broker; here the agent and Mosquitto carry the frames, and the broker queues them for
  // the ingest's persistent session while it is dead. InfluxDB down for 30 s is covered by
  // ingest-service/test/influx-outage.test.ts.
  it("stores every sample the agent reported exactly once", async () => {
    const run = await startCountedAgent(
      s,
      DEVICES.map((id, i) => ({ id, port: s.plc.port, unit: i + 1 })),
      { overrides: { broker: { reconnectMinMs: 100, reconnectMaxMs: 300, catchUpFramesPerSecond: 2000 } } },
    );
    await waitFor(
      "200 samples stored before the kill",
      async () => (await countStored(s.ingest, DEVICES)).distinct >= 200,
      {
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );
    await s.ingest.kill9();
    await waitFor(
      "samples reported while the ingest is dead",
      () => run.agent.snapshot().pipeline.samplesReported >= 100,
      {
        timeoutMs: 20_000,
      },
    );
    await s.ingest.restart();
    await waitFor(
      "the spool to drain",
      () => run.agent.snapshot().spool.frames === 0 && run.agent.snapshot().broker.inflight === 0,
      { timeoutMs: 30_000 },
    );
    await expectEverySampleStoredOnce(s, run, DEVICES);
  });
});
