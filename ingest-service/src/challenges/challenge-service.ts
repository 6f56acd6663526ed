import { randomBytes } from "node:crypto";
import type { Signer } from "@onramp/contract";
import { buildTopic, type ChallengeCmd, encodeFrame, type ReplyBody } from "@onramp/contract";
import type { Logger } from "pino";
import { IngestError } from "../errors.js";
import type { ProfileSignals } from "../evidence/profile-signals.js";
import {
  type ChallengeReplyObservation,
  type ChallengeResult,
  checkLiveness,
  type IndicatorParams,
  type LivenessResult,
  type SignalSeries,
} from "../indicators/index.js";
import type { Device } from "../state/registry.js";
import type { SqlExecutor } from "../state/sql-client.js";
import type { SignalReader } from "../store/telemetry-store.js";
import { challengeSignals } from "./challenge-signals.js";

/** The published outcome of one challenge, as recorded. */
export interface ChallengeOutcome {
  id: string;
  ent: string;
  gw: string;
  dev: string;
  issuedAt: number;
  deadlineMs: number;
  /** The signals the cmd asked for; null: the device's whole profile (profile unknown here). */
  signals: string[] | null;
  outcome: "passed" | "failed";
  roundTripMs: number | null;
  /** The device's own proof in the reply, re-verified (issue 14 §4b); null: no reply to judge. */
  deviceProof: LivenessResult["deviceProof"];
  /** Why it failed (or warnings): stable codes with a sentence each. */
  causes: { code: string; reason: string }[];
  reply: ChallengeReplyObservation | null;
}

export interface ChallengeDeps {
  sql: SqlExecutor;
  store: SignalReader;
  signalsOf: ProfileSignals;
  /** Publishes on the broker link (embedded or external); undefined while it is down. */
  publish: () => ((topic: string, payload: Buffer) => Promise<void>) | undefined;
  signer: Signer;
  params: IndicatorParams;
  log: Logger;
  now: () => number;
}

interface Waiter {
  dev: string;
  gw: string;
  ent: string;
  resolve: (reply: { body: ReplyBody; receivedAt: number }) => void;
}

/**
 * Live challenges (INDICATORS §5 liveness): signs a `cmd` with a fresh nonce, publishes it on
 * the device's gateway cmd topic, waits for the signed reply (verified by the ingest pipeline
 * with the gateway's enrolled key before it reaches `onReply`), judges it with the indicators'
 * own `checkLiveness` against the stored stream, and records the result.
 */
export class ChallengeService {
  private readonly waiting = new Map<string, Waiter>();

  constructor(private readonly deps: ChallengeDeps) {}

  get pending(): number {
    return this.waiting.size;
  }

  /** From the pipeline: a verified reply frame. Replies nobody waits for are dropped. */
  onReply(body: ReplyBody, receivedAt: number): void {
    const waiter = this.waiting.get(body.id);
    if (waiter === undefined || waiter.ent !== body.ent || waiter.gw !== body.gw || waiter.dev !== body.dev)
      return;
    this.waiting.delete(body.id);
    waiter.resolve({ body, receivedAt });
  }

  /** `signals`: the bureau's choice; absent, a counter, the state and random others (challenge-signals.ts). */
  async challenge(
    device: Device,
    deadlineMs: number,
    requestedBy: string,
    signals?: readonly string[],
  ): Promise<ChallengeOutcome> {
    // Issue 20: a device behind a Sparkplug B gateway has no Onramp key and no agent to read it
    // afresh; a challenge would prove nothing, so it is refused in words rather than timed out.
    if (device.identitySource === "sparkplug-b")
      throw new IngestError("ONRAMP_SPARKPLUG_CHALLENGE_IMPOSSIBLE");
    const chosen = challengeSignals(this.deps.signalsOf(device.profile) ?? [], signals);
    const publish = this.deps.publish();
    if (publish === undefined) throw new IngestError("ONRAMP_BROKER_UNAVAILABLE");
    const id = randomBytes(12).toString("base64url");
    const nonce = randomBytes(24).toString("base64url");
    const issuedAt = this.deps.now();
    const cmd: ChallengeCmd = {
      v: 1,
      kind: "cmd",
      ent: device.ent,
      gw: device.gw,
      ts: issuedAt,
      id,
      op: "challenge",
      dev: device.id,
      nonce,
      ...(chosen === undefined ? {} : { signals: chosen }),
      deadlineMs,
    };
    const replied = new Promise<{ body: ReplyBody; receivedAt: number } | null>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(null);
      }, deadlineMs);
      this.waiting.set(id, {
        ent: device.ent,
        gw: device.gw,
        dev: device.id,
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
      });
    });
    try {
      await publish(buildTopic(device.ent, device.gw, "cmd"), encodeFrame(cmd, this.deps.signer));
    } catch (error) {
      this.waiting.delete(id);
      throw new IngestError(
        "ONRAMP_BROKER_UNAVAILABLE",
        `the cmd could not be published: ${(error as Error).message}`,
      );
    }
    const got = await replied;
    const reply: ChallengeReplyObservation | null =
      got === null
        ? null
        : {
            receivedAt: got.receivedAt,
            // Only frames that verified against the gateway's enrolled key reach onReply.
            signatureValid: true,
            ok: got.body.ok,
            nonce: got.body.nonce,
            samples: got.body.samples,
            ...(got.body.deviceClock === undefined ? {} : { deviceClock: got.body.deviceClock }),
            ...(got.body.deviceProof === undefined ? {} : { deviceProof: got.body.deviceProof }),
            ...(got.body.error === undefined ? {} : { error: got.body.error }),
          };
    const result: ChallengeResult = {
      device: device.id,
      id,
      issuedAt,
      nonce,
      deadlineMs,
      ...(chosen === undefined ? {} : { signals: chosen }),
      reply,
    };
    const outcome = await this.judge(device, result, chosen ?? null);
    if (reply === null) outcome.causes.push(await this.gatewayCause(device));
    await this.record(outcome, nonce, requestedBy);
    this.deps.log.info(
      {
        enterprise: device.ent,
        gateway: device.gw,
        device: device.id,
        challenge: id,
        outcome: outcome.outcome,
      },
      "challenge done",
    );
    return outcome;
  }

  private async judge(
    device: Device,
    result: ChallengeResult,
    asked: string[] | null,
  ): Promise<ChallengeOutcome> {
    const { params } = this.deps;
    const signals = this.deps.signalsOf(device.profile) ?? [];
    const until = result.reply?.receivedAt ?? result.issuedAt + result.deadlineMs;
    const series: SignalSeries[] = [];
    for (const sample of result.reply?.samples ?? []) {
      const spec = signals.find((s) => s.id === sample.s);
      const heartbeatMs = spec?.heartbeatMs ?? params.presence.defaultHeartbeatMs;
      const margin = params.liveness.consistencyWindowHeartbeats * heartbeatMs;
      const query = { ent: device.ent, gw: device.gw, dev: device.id, signal: sample.s, limit: 10_000 };
      let points = await this.deps.store.readSignal({
        ...query,
        from: result.issuedAt - margin,
        to: until + margin + 1,
      });
      if (!points.some((p) => p.quality !== "bad" && p.value !== null)) {
        // Nothing usable around the challenge: checkLiveness compares with the last value the
        // stream had while the device was last online (offline horizon, INDICATORS §3).
        const before = await this.deps.store.readSignal({
          ...query,
          from: result.issuedAt - params.presence.offlineAfterHeartbeats * heartbeatMs,
          to: result.issuedAt - margin,
        });
        points = [...before, ...points];
      }
      series.push({
        device: device.id,
        signal: sample.s,
        role: spec?.role ?? "other",
        points: points.map((p) => ({ t: p.t, v: p.value, q: p.quality })),
      });
    }
    const period = { from: result.issuedAt, to: result.issuedAt + 1 };
    const liveness = checkLiveness(
      {
        id: device.id,
        signals,
        ...(device.certificateSha256 === null ? {} : { certificateSha256: device.certificateSha256 }),
        ...(device.identitySource === null ? {} : { identitySource: device.identitySource }),
      },
      [result],
      series,
      period,
      params.liveness,
      params.presence,
    );
    return {
      id: result.id,
      ent: device.ent,
      gw: device.gw,
      dev: device.id,
      issuedAt: result.issuedAt,
      deadlineMs: result.deadlineMs,
      signals: asked,
      outcome: liveness.passed ? "passed" : "failed",
      roundTripMs: liveness.challenge?.roundTripMs ?? null,
      deviceProof: liveness.deviceProof,
      causes: liveness.flags.map((f) => ({ code: f.code, reason: f.reason })),
      reply: result.reply,
    };
  }

  /** Why nothing came back: the gateway's last known state, so "offline since …" is on record. */
  private async gatewayCause(device: Device): Promise<{ code: string; reason: string }> {
    const [gw] = await this.deps.sql.query<{ status: string; lastBirthAt: number | null }>(
      `SELECT status, last_birth_at AS "lastBirthAt" FROM gateways WHERE ent = $1 AND id = $2`,
      [device.ent, device.gw],
    );
    return {
      code: "GATEWAY_STATE",
      reason: `gateway "${device.gw}" was ${gw?.status ?? "unknown"} when the deadline passed${
        gw?.lastBirthAt ? ` (last birth ${new Date(gw.lastBirthAt).toISOString()})` : ""
      }`,
    };
  }

  private async record(o: ChallengeOutcome, nonce: string, requestedBy: string): Promise<void> {
    await this.deps.sql.query(
      `INSERT INTO challenges (id, ent, gw, dev, issued_at, nonce, deadline_ms, reply, outcome, causes, requested_by, signals)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        o.id,
        o.ent,
        o.gw,
        o.dev,
        o.issuedAt,
        nonce,
        o.deadlineMs,
        o.reply === null ? null : JSON.stringify(o.reply),
        o.outcome,
        JSON.stringify(o.causes),
        requestedBy,
        o.signals === null ? null : JSON.stringify(o.signals),
      ],
    );
  }
}
