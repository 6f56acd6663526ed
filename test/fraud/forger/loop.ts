// The forger's beat: frames at irregular intervals (a real gateway's reads drift with the bus and
// the batching), until the scenario is stopped. Failures to publish are counted, never thrown.
import type { ForgedGateway } from "./gateway.js";
import type { DeviceFrame } from "./station.js";
import { seededRandom } from "./synthetic-plant.js";

export interface Beat {
  /** Interval between frames, drawn uniformly from [min, max] ms; min = max is a perfect beat. */
  readonly minMs: number;
  readonly maxMs: number;
  readonly seed: number;
}

export const IRREGULAR: Omit<Beat, "seed"> = { minMs: 1200, maxMs: 3800 };

export interface Loop {
  stop(): Promise<void>;
  readonly failures: () => number;
}

export function startLoop(
  gw: ForgedGateway,
  beat: Beat,
  frame: (t: number) => DeviceFrame[] | undefined,
): Loop {
  const rand = seededRandom(beat.seed);
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  const next = () => {
    if (stopped) return;
    timer = setTimeout(tick, beat.minMs + rand() * (beat.maxMs - beat.minMs));
  };
  const tick = () => {
    const devices = frame(Date.now());
    inFlight =
      devices === undefined || devices.length === 0
        ? Promise.resolve()
        : gw.data(devices).catch(() => {
            failures++;
          });
    void inFlight.then(next);
  };
  next();
  return {
    failures: () => failures,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
