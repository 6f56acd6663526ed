import { describe, it } from "vitest";
import { waitFor } from "../peers/wait.js";
import { countStored } from "./pipeline.js";
import { expectEverySampleStoredOnce, startCountedAgent, useFaultScenario } from "./scenario.js";

const DEVICES = ["press-1", "press-2"];

describe("Mosquitto restarts mid-stream", () => {
  const s = useFaultScenario({ units: [1, 2], isBrokerPersistent: true });

  it("stores every sample the agent reported exactly once", async () => {
    const run = await startCountedAgent(
      s,
      DEVICES.map((id, i) => ({ id, port: s.plc.port, unit: i + 1 })),
      { overrides: { broker: { reconnectMinMs: 100, reconnectMaxMs: 300, catchUpFramesPerSecond: 2000 } } },
    );
    await waitFor(
      "200 samples stored before the restart",
      async () => (await countStored(s.ingest, DEVICES)).distinct >= 200,
      {
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );
    await s.broker.halt();
    await waitFor("frames spooled while the broker is down", () => run.agent.snapshot().spool.frames >= 5, {
      timeoutMs: 20_000,
    });
    await s.broker.restart();
    await waitFor(
      "the spool to drain after the restart",
      () => run.agent.snapshot().spool.frames === 0 && run.agent.snapshot().broker.inflight === 0,
      { timeoutMs: 30_000 },
    );
    await expectEverySampleStoredOnce(s, run, DEVICES);
  });
});
