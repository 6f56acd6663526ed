import type { KeyObject } from "node:crypto";
import {
  type ChallengeCmd,
  type DeviceProof,
  decodeFrame,
  MAX_CHALLENGE_SAMPLES,
  type ReplySample,
} from "@onramp/contract";
import type { Logger } from "pino";
import type { Driver } from "../drivers/driver.js";
import type { BuiltFrame, FrameBuilder } from "../pipeline/frame-builder.js";

/** A cmd is a few hundred bytes; anything near this is not one of ours and is not parsed. */
export const MAX_CMD_BYTES = 64 * 1024;
/** The share of a challenge's deadline the device proof may take; the rest is the reply's margin. */
const PROOF_SHARE_OF_DEADLINE = 0.7;
const proofBudgetMs = (deadlineMs: number) => Math.floor(deadlineMs * PROOF_SHARE_OF_DEADLINE);
/** How many recent cmd ids are remembered to refuse a replayed cmd. */
const REMEMBERED_IDS = 1024;

export interface ChallengeOptions {
  readonly frames: FrameBuilder;
  /** The cloud's cmd-signing keys by kid (from enrollment): cmds signed otherwise are refused. */
  readonly cloudKeys: ReadonlyMap<string, KeyObject>;
  /** The running driver of a device, with the identity fingerprint announced in the birth. */
  readonly device: (id: string) => { driver: Driver; fingerprint: string | undefined } | undefined;
  readonly publish: (frame: BuiltFrame) => Promise<boolean>;
  /** A fresh identity differs from the announced one: the birth must be renewed. */
  readonly onIdentityChanged: (device: string, fingerprint: string) => void;
  /** Refuse cmds issued longer ago than this (or this far in the future): bounds replays. */
  readonly maxCmdAgeMs: number;
  readonly logger: Logger;
  readonly now: () => number;
}

export interface ChallengeCounters {
  answered: number;
  failed: number;
  /** Refused cmds by stable reason code. */
  rejected: Record<string, number>;
}

/**
 * Answers `cmd` challenges: verifies the cloud's signature, then reads the named signals and the
 * identity fresh from the device (never a cache, never the last reported values) and replies with
 * a signed `reply` echoing the nonce. The samples' `t` are the read time, their `src` the device's
 * own source timestamps.
 */
export class ChallengeResponder {
  readonly #o: ChallengeOptions;
  readonly #seen = new Set<string>();
  readonly counters: ChallengeCounters = { answered: 0, failed: 0, rejected: {} };

  constructor(options: ChallengeOptions) {
    this.#o = options;
  }

  /** Handles one message from the cmd topic; never throws. */
  async handle(topic: string, payload: Buffer): Promise<void> {
    const decoded = decodeFrame(payload, (kid) => this.#o.cloudKeys.get(kid), {
      topic,
      maxBytes: MAX_CMD_BYTES,
    });
    if (!decoded.ok) return this.#reject(decoded.error.code, decoded.error.message);
    const cmd = decoded.body;
    if (cmd.kind !== "cmd")
      return this.#reject("ONRAMP_CMD_NOT_A_CMD", `a ${cmd.kind} body on the cmd topic`);
    const age = this.#o.now() - cmd.ts;
    if (Math.abs(age) > this.#o.maxCmdAgeMs) {
      return this.#reject(
        "ONRAMP_CMD_STALE",
        `cmd ${cmd.id} was issued ${Math.round(age / 1000)} s from now`,
      );
    }
    if (this.#seen.has(cmd.id))
      return this.#reject("ONRAMP_CMD_REPLAYED", `cmd ${cmd.id} was already answered`);
    this.#remember(cmd.id);
    await this.#answer(cmd);
  }

  async #answer(cmd: ChallengeCmd): Promise<void> {
    const o = this.#o;
    const target = o.device(cmd.dev);
    const reply = (samples: ReplySample[], error?: { code: string; message: string }) =>
      o.frames.reply(
        { id: cmd.id, nonce: cmd.nonce, dev: cmd.dev, samples, ...(error ? { error } : {}) },
        o.now(),
      );
    if (target === undefined) {
      await this.#send(
        reply([], {
          code: "ONRAMP_CHALLENGE_UNKNOWN_DEVICE",
          message: `no device "${cmd.dev}" on this gateway`,
        }),
      );
      return;
    }
    const deadline = new Promise<"timeout">((resolve) =>
      setTimeout(() => resolve("timeout"), cmd.deadlineMs).unref(),
    );
    // The read time is taken when the device answered the read, not when the identity read (run
    // alongside) or the reply frame is done.
    const fresh = target.driver.read(cmd.signals).then((r) => ({ r, readAt: o.now() }));
    // The device's own signature over the nonce, where its protocol has one (OPC UA on a secured
    // endpoint): a failure to get it is recorded as why there is none, never a failed reply.
    // It gets part of the deadline only: a slow proof must not cost the reply itself.
    const proof: Promise<DeviceProof | undefined> = target.driver.proveIdentity
      ? Promise.race([
          target.driver
            .proveIdentity(cmd.nonce)
            .then((p): DeviceProof => (p.ok ? p.value : { kind: "none", reason: p.error })),
          new Promise<DeviceProof>((resolve) =>
            setTimeout(() => {
              const message = `the device gave no proof within ${proofBudgetMs(cmd.deadlineMs)} ms`;
              resolve({ kind: "none", reason: { code: "ONRAMP_CHALLENGE_PROOF_TIMEOUT", message } });
            }, proofBudgetMs(cmd.deadlineMs)).unref(),
          ),
        ])
      : Promise.resolve(undefined);
    const work = Promise.all([fresh, target.driver.readIdentity(), proof]);
    const result = await Promise.race([work, deadline]);
    if (result === "timeout") {
      await this.#send(
        reply([], {
          code: "ONRAMP_CHALLENGE_TIMEOUT",
          message: `no answer from the device within ${cmd.deadlineMs} ms`,
        }),
      );
      return;
    }
    const [{ r: read, readAt }, identity, deviceProof] = result;
    if (!read.ok) {
      await this.#send(reply([], read.error));
      return;
    }
    if (
      identity.ok &&
      target.fingerprint !== undefined &&
      identity.value.fingerprint !== target.fingerprint
    ) {
      o.onIdentityChanged(cmd.dev, identity.value.fingerprint);
      const message = `device identity changed from ${target.fingerprint} to ${identity.value.fingerprint}`;
      await this.#send(reply([], { code: "ONRAMP_CHALLENGE_IDENTITY_CHANGED", message }));
      return;
    }
    if (!identity.ok && target.fingerprint !== undefined) {
      await this.#send(reply([], identity.error));
      return;
    }
    // `t` is the read time: the gateway vouches that the device answered this value now. The
    // device's source timestamp (for OPC UA the last change, OPC 10000-4 §7.7.3, hours old for an
    // idle value) goes apart in `src`, for information; for a device without timestamps (Modbus)
    // it is the driver's own read time.
    const samples: ReplySample[] = read.value.slice(0, MAX_CHALLENGE_SAMPLES).map((s) => ({
      s: s.signal,
      v: typeof s.value === "number" && !Number.isFinite(s.value) ? null : s.value,
      q: s.quality,
      t: Math.round(readAt),
      src: Math.round(s.sourceTs),
    }));
    if (deviceProof?.kind === "none") {
      o.logger.info(
        { device: cmd.dev, code: deviceProof.reason.code },
        "challenge answered without a device proof",
      );
    }
    await this.#send(
      o.frames.reply(
        { id: cmd.id, nonce: cmd.nonce, dev: cmd.dev, samples, ...(deviceProof ? { deviceProof } : {}) },
        o.now(),
      ),
    );
  }

  async #send(frame: BuiltFrame): Promise<void> {
    const isSent = await this.#o.publish(frame);
    if (!isSent) this.counters.failed += 1;
    else this.counters.answered += 1;
  }

  #reject(code: string, message: string): void {
    this.counters.rejected[code] = (this.counters.rejected[code] ?? 0) + 1;
    this.#o.logger.warn({ code }, `cmd refused: ${message.slice(0, 200)}`);
  }

  #remember(id: string): void {
    this.#seen.add(id);
    if (this.#seen.size > REMEMBERED_IDS) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }
}
