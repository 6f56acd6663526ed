// Issue 14 class 2: a stream copied from another enterprise's real machine — the honest
// agent-run enterprise's Modbus CNC, read back through the API as any reader of that enterprise
// can — re-signed by the copier's gateway under its own identity and shifted in time. Variants: the
// values as they are, with a constant offset, scaled, and (an adversary who read the index's
// tolerances) slowed down in time.
import type { ForgedSample } from "../forger/gateway.js";
import { IRREGULAR, startLoop } from "../forger/loop.js";
import { CNC_PROFILE, claimedProfile } from "../forger/profiles.js";
import { birthDevice, modbusIdentity } from "../forger/station.js";
import { waitForDevices } from "./station-scenario.js";
import type { Scenario } from "./types.js";

const SOURCE_DEV = "cnc-modbus-1";

interface Variant {
  readonly name: string;
  readonly forges: string;
  readonly value: (v: number) => number;
  /** Stretch of source time: 1 keeps the timing, 1.5 plays it 1.5× slower. */
  readonly stretch: number;
}

interface Point {
  t: number;
  value: number | boolean | string | null;
  quality: "good" | "uncertain" | "bad";
}

function copiedStream(variant: Variant, seed: number): Scenario {
  return {
    name: variant.name,
    class: "the same series under two devices or enterprises (shift, offset, scale, time stretch)",
    forges: variant.forges,
    expected: {
      kind: "fraud",
      subjects: ["cnc-1"],
      codes: ["UNIQUENESS_COPIED_STREAM"],
    },
    async start(ctx) {
      const profile = await claimedProfile(CNC_PROFILE);
      const gw = await ctx.enroll();
      const source = `/enterprises/${ctx.peers.agentEnt}/gateways/${ctx.peers.agentGw}/devices/${SOURCE_DEV}/signals`;
      const queue: { s: string; p: Point }[] = [];
      const readFrom = new Map<string, number>();
      const anchor = Date.now();
      let latest: ForgedSample[] = [];
      const copied = new Map<string, number>();
      // Copied timing: source time t plays at anchor + (t − anchor) × stretch + the shift (the
      // source must first be stored to be read back: the copier polls it every 5 s).
      const playAt = (t: number) => anchor + (t - anchor) * variant.stretch + ctx.copyShiftMs;
      const poll = async () => {
        for (const signal of profile.signals) {
          const from = readFrom.get(signal.id) ?? anchor - 60_000;
          const points = await ctx.api.call<Point[]>(
            "GET",
            `${source}/${signal.id}?from=${from}&to=${Date.now()}&limit=10000`,
          );
          for (const p of points) if (p.t >= from) queue.push({ s: signal.id, p });
          const last = points.at(-1);
          if (last !== undefined) readFrom.set(signal.id, last.t + 1);
        }
        queue.sort((a, b) => a.p.t - b.p.t);
      };
      let polling = false;
      const poller = setInterval(() => {
        if (polling) return;
        polling = true;
        void poll()
          .catch((error: Error) => ctx.note(`copy read failed: ${error.message}`))
          .finally(() => {
            polling = false;
          });
      }, 5000);
      gw.onChallenge = (cmd) => ({
        samples: latest
          .filter((s) => cmd.signals === undefined || cmd.signals.includes(s.s))
          .map((s) => ({ ...s, t: Date.now() })),
      });
      await gw.connect([birthDevice("cnc-1", profile, modbusIdentity("KND", "K1000TIIi", `CP${seed}`))]);
      const loop = startLoop(gw, { ...IRREGULAR, seed }, (now) => {
        const due: ForgedSample[] = [];
        while (queue.length > 0 && playAt((queue[0] as { p: Point }).p.t) <= now) {
          const { s, p } = queue.shift() as { s: string; p: Point };
          const v = typeof p.value === "number" ? variant.value(p.value) : p.value;
          due.push({ s, v, q: p.quality, t: Math.round(playAt(p.t)) });
          copied.set(s, (copied.get(s) ?? 0) + 1);
        }
        if (due.length === 0) return undefined;
        latest = [...latest.filter((l) => !due.some((d) => d.s === l.s)), ...due];
        return [{ dev: "cnc-1", samples: due }];
      });
      await waitForDevices(ctx, ["cnc-1"]);
      await ctx.registry.declareKeyProcess(ctx.ent, gw.enrollment.gw, "cnc-1", true);
      return {
        async stop() {
          clearInterval(poller);
          ctx.note(
            `copied ${[...copied].map(([s, n]) => `${s} ×${n}`).join(", ") || "nothing"} (${queue.length} read, not yet due)`,
          );
          await loop.stop();
          await gw.disconnect(true).catch(() => {});
        },
      };
    },
  };
}

export const copiedStreamShifted = copiedStream(
  {
    name: "copied-stream-shifted",
    forges: "another enterprise's real Modbus CNC, re-signed, 90 s later (30 s in the short run)",
    value: (v) => v,
    stretch: 1,
  },
  151,
);
export const copiedStreamOffset = copiedStream(
  {
    name: "copied-stream-offset",
    forges: "the same copy with +7 added to every number",
    value: (v) => Math.round((v + 7) * 1000) / 1000,
    stretch: 1,
  },
  152,
);
export const copiedStreamScaled = copiedStream(
  {
    name: "copied-stream-scaled",
    forges: "the same copy with every number × 1.1",
    value: (v) => Math.round(v * 1.1 * 1000) / 1000,
    stretch: 1,
  },
  153,
);
export const copiedStreamSlowed = copiedStream(
  {
    name: "copied-stream-slowed",
    forges: "adversary: the copy played 1.5× slower in time (and shifted)",
    value: (v) => v,
    stretch: 1.5,
  },
  154,
);
