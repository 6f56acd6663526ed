// Most scenarios are one forged gateway with one synthetic CNC and the meter on its feeder,
// realistic except for the one thing the scenario bends. This builds them.
import type { ChallengeAnswer, ChallengeCmd, ForgedGateway } from "../forger/gateway.js";
import { type Beat, IRREGULAR, startLoop } from "../forger/loop.js";
import { type DeviceFrame, Station } from "../forger/station.js";
import type { Expectation, Running, Scenario, ScenarioContext } from "./types.js";

export interface StationSpec {
  readonly name: string;
  readonly class: string;
  readonly forges: string;
  readonly expected: Expectation;
  readonly seed: number;
  readonly cncProfile?: string;
  readonly beat?: Omit<Beat, "seed">;
  /** Changes the station before it starts (a dead meter, a counter that never counts). */
  readonly bend?: (station: Station) => void;
  /** Rewrites each frame; undefined sends nothing this beat. */
  readonly rewrite?: (frames: DeviceFrame[], t: number, station: Station) => DeviceFrame[] | undefined;
  /** The challenge answer; default: an honest fresh read. */
  readonly answer?: (cmd: ChallengeCmd, station: Station) => ChallengeAnswer;
  /** More behaviour beside the beat (reconnections, replays); returns its stop. */
  readonly alongside?: (
    gw: ForgedGateway,
    station: Station,
    ctx: ScenarioContext,
  ) => Promise<() => Promise<void>> | (() => Promise<void>);
  readonly serial?: string;
  readonly birth?: (station: Station, ctx: ScenarioContext) => Promise<ReturnType<Station["birth"]>>;
}

/** Polls the registry until the birth's devices are registered (declarations need them). */
export async function waitForDevices(ctx: ScenarioContext, ids: readonly string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const devices = await ctx.api.call<{ id: string }[]>("GET", `/enterprises/${ctx.ent}/devices`);
    if (ids.every((id) => devices.some((d: { id: string }) => d.id === id))) return;
    if (Date.now() > deadline) throw new Error(`${ctx.ent}: devices ${ids.join(", ")} never registered`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Announces the station, declares the CNC key-process and the meter feeding it, and streams. */
export async function startStation(
  ctx: ScenarioContext,
  gw: ForgedGateway,
  station: Station,
  spec: Pick<StationSpec, "beat" | "rewrite" | "answer" | "seed" | "birth" | "serial">,
): Promise<Running> {
  gw.onChallenge = (cmd) =>
    spec.answer !== undefined ? spec.answer(cmd, station) : { samples: station.answer(cmd) };
  const devices = spec.birth !== undefined ? await spec.birth(station, ctx) : station.birth(spec.serial);
  await gw.connect(devices);
  const loop = startLoop(gw, { ...(spec.beat ?? IRREGULAR), seed: spec.seed }, (t) => {
    const frames = station.frame(t);
    return spec.rewrite === undefined ? frames : spec.rewrite(frames, t, station);
  });
  await waitForDevices(ctx, [station.cncId, station.meterId]);
  const gwId = gw.enrollment.gw;
  await ctx.registry.declareKeyProcess(ctx.ent, gwId, station.cncId, true);
  await ctx.registry.declareRelation(ctx.ent, {
    kind: "feeds",
    from: station.meterId,
    to: station.cncId,
  });
  return {
    async stop() {
      await loop.stop();
      if (loop.failures() > 0) ctx.note(`${loop.failures()} data frames could not be published`);
      await gw.disconnect(true).catch(() => {});
    },
  };
}

export function stationScenario(spec: StationSpec): Scenario {
  return {
    name: spec.name,
    class: spec.class,
    forges: spec.forges,
    expected: spec.expected,
    async start(ctx) {
      const station = await Station.create("cnc-1", spec.seed, spec.cncProfile);
      spec.bend?.(station);
      const gw = await ctx.enroll();
      const running = await startStation(ctx, gw, station, spec);
      const extra = spec.alongside === undefined ? undefined : await spec.alongside(gw, station, ctx);
      return {
        async stop() {
          await extra?.();
          await running.stop();
        },
      };
    },
  };
}
