import { randomBytes } from "node:crypto";
import { buildTopic, type ChallengeReply, encodeFrame } from "@onramp/contract";
import { describe, expect, it } from "vitest";
import { waitFor } from "../../../test/peers/wait.js";
import { startCounting, testConfig } from "./fixture.js";
import { counterPlcPeer, mosquittoPeer, useEndToEnd } from "./harness.js";

// The same path through an external broker (Mosquitto 2), plus a cloud → gateway challenge.
describe("agent → Mosquitto, end to end", () => {
  const e2e = useEndToEnd({ broker: mosquittoPeer, device: counterPlcPeer([1]) });

  it("delivers every reported sample exactly once, in order, with valid signatures", async () => {
    const { device: plc, ws, collector } = e2e;
    await ws.writeConfig(testConfig([{ id: "press-1", port: plc.port, unit: 1 }]));
    const counting = await startCounting(plc.port, [1]);
    const running = await e2e.startAgent();
    await collector.waitFor("part count 20", () =>
      (collector.samplesByDevice().get("press-1") ?? []).some(
        (s) => s.s === "part_count" && Number(s.v) >= 20,
      ),
    );
    await counting.stop();
    // Stopped, so nothing more is reported while the counts are compared.
    await running.stop();
    expect(running.snapshot().spool.frames).toBe(0);
    const reported = running.snapshot().pipeline.samplesReported;
    await collector.waitFor("every reported sample", () => collector.sampleCount() >= reported);

    expect(collector.rejected).toEqual([]);
    expect(collector.sampleCount()).toBe(reported);
    const values = (collector.samplesByDevice().get("press-1") ?? [])
      .filter((s) => s.s === "part_count")
      .map((s) => Number(s.v));
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it("answers a signed challenge with a fresh read, and refuses one signed by another key", async () => {
    const { ws, collector } = e2e;
    const running = await e2e.startAgent();
    await waitFor("the device identity in a birth", () =>
      collector.ofKind("birth").some((b) => b.devices.some((d) => d.identity !== null)),
    );
    const issuedAt = Date.now();
    const cmd = (id: string) => ({
      v: 1 as const,
      kind: "cmd" as const,
      ent: "acme",
      gw: "gw-1",
      ts: issuedAt,
      id,
      op: "challenge" as const,
      dev: "press-1",
      nonce: randomBytes(16).toString("base64url"),
      signals: ["part_count"],
      deadlineMs: 5000,
    });
    const good = cmd("req-good");
    const topic = buildTopic("acme", "gw-1", "cmd");
    await collector.client.publishAsync(topic, encodeFrame(good, ws.cloudKey), { qos: 1 });
    const reply = (await collector.waitFor("the reply", () =>
      collector.ofKind("reply").find((r) => r.id === "req-good"),
    )) as ChallengeReply;
    expect(reply).toMatchObject({ ok: true, nonce: good.nonce, dev: "press-1" });
    expect(reply.samples.map((s) => s.s)).toEqual(["part_count"]);
    // A fresh read: taken after the cmd was issued.
    expect(reply.samples[0]?.t).toBeGreaterThanOrEqual(issuedAt);

    const forger = {
      privateKey: (await import("node:crypto")).generateKeyPairSync("ed25519").privateKey,
      kid: ws.cloudKey.kid,
    };
    await collector.client.publishAsync(topic, encodeFrame(cmd("req-forged"), forger), { qos: 1 });
    await waitFor(
      "the forged cmd to be refused",
      () => running.snapshot().challenges.rejected.ONRAMP_FRAME_BAD_SIGNATURE === 1,
    );
    await collector.client.publishAsync(topic, encodeFrame(good, ws.cloudKey), { qos: 1 });
    await waitFor(
      "the replayed cmd to be refused",
      () => running.snapshot().challenges.rejected.ONRAMP_CMD_REPLAYED === 1,
    );
    expect(collector.ofKind("reply").filter((r) => r.id !== "req-good")).toEqual([]);
  });
});
