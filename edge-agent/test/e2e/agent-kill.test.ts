import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { decodeFrame } from "@onramp/contract";
import { afterAll, describe, expect, it } from "vitest";
import { stopChild } from "../../../test/peers/child.js";
import { freePort } from "../../../test/peers/ports.js";
import { waitFor } from "../../../test/peers/wait.js";
import { openSqliteSpool } from "../../src/spool/sqlite-spool.js";
import { spawnAgent, startCounting, statusOf, testConfig } from "./fixture.js";
import { aedesPeer, counterPlcPeer, useEndToEnd } from "./harness.js";

describe("kill -9 of the agent with frames in the spool", () => {
  const e2e = useEndToEnd({ broker: aedesPeer, device: counterPlcPeer([1, 2]) });
  const children: ChildProcess[] = [];
  // Registered after the peers' hooks, so it runs before them: the agents stop before the broker.
  afterAll(async () => {
    for (const child of children) await stopChild(child);
  });

  it("delivers the spooled frames after a restart", { timeout: 90_000 }, async () => {
    const { broker, device: plc, ws, collector } = e2e;
    const statusPort = await freePort();
    await ws.writeConfig(
      testConfig([{ id: "press-1", port: plc.port, unit: 1 }], { status: { port: statusPort } }),
    );
    const counting = await startCounting(plc.port, [1]);
    await broker.down();
    const first = spawnAgent(ws.configPath);
    children.push(first);
    await waitFor(
      "20 frames in the first agent's spool",
      async () => ((await statusOf(statusPort))?.spool.frames ?? 0) >= 20,
      {
        timeoutMs: 40_000,
        intervalMs: 100,
      },
    );
    const killed = new Promise((resolve) => first.once("exit", resolve));
    first.kill("SIGKILL");
    await killed;

    // What the dead agent left on disk: every frame in it must reach the cloud.
    const spool = openSqliteSpool({ path: join(ws.dataDir, "spool.db"), maxBytes: 1e9, maxAgeMs: 1e12 });
    const left = spool.readAfter(0, 1e6).map((f) => {
      const decoded = decodeFrame(f.bytes, (kid) => ws.gatewayKeys.get(kid), { topic: f.topic });
      if (!decoded.ok || !("sess" in decoded.body))
        throw new Error(`spooled frame does not verify: ${JSON.stringify(decoded)}`);
      return `${decoded.body.sess}/${decoded.body.seq}`;
    });
    spool.close();
    expect(left.length).toBeGreaterThanOrEqual(20);

    await broker.up();
    const second = spawnAgent(ws.configPath);
    children.push(second);
    const delivered = () =>
      new Set(collector.frames.map((f) => ("sess" in f.body ? `${f.body.sess}/${f.body.seq}` : "")));
    await collector.waitFor(
      "every frame the killed agent had spooled",
      () => left.every((key) => delivered().has(key)),
      40_000,
    );
    await waitFor(
      "the restarted agent's spool to drain",
      async () => (await statusOf(statusPort))?.spool.frames === 0,
      {
        timeoutMs: 20_000,
        intervalMs: 100,
      },
    );
    // SIGHUP: the edited config adds press-2; press-1 keeps running.
    await ws.writeConfig(
      testConfig(
        [
          { id: "press-1", port: plc.port, unit: 1 },
          { id: "press-2", port: plc.port, unit: 2 },
        ],
        { status: { port: statusPort } },
      ),
    );
    second.kill("SIGHUP");
    await collector.waitFor("a birth with both devices after SIGHUP", () =>
      collector.ofKind("birth").some((b) => b.devices.length === 2),
    );
    await counting.stop();
    await stopChild(second, 10_000);

    expect(second.exitCode).toBe(0);
    expect(collector.rejected).toEqual([]);
    const sessions = new Set(collector.ofKind("birth").map((b) => b.sess));
    expect(sessions.size).toBe(1); // the first agent never reached the broker; the second did
    expect(collector.ofKind("death").some((d) => d.reason === "graceful" && sessions.has(d.sess))).toBe(true);
  });
});
