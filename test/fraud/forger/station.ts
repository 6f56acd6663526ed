// One synthetic CNC and the meter on its feeder, as a forged gateway announces and streams them.
import { createHash } from "node:crypto";
import type { BirthDevice, ChallengeCmd, ForgedSample } from "./gateway.js";
import { type ClaimedProfile, CNC_PROFILE, claimedProfile, METER_PROFILE } from "./profiles.js";
import {
  cncValues,
  meterValues,
  SyntheticCnc,
  SyntheticMeter,
  samplesOf,
  seededRandom,
} from "./synthetic-plant.js";

export const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** A Modbus identity as a profile's serial-number registers would give it. */
export function modbusIdentity(vendor: string, model: string, serial: string): BirthDevice["identity"] {
  return {
    fingerprint: sha256(`${vendor}|${model}|${serial}`),
    source: "modbus-serial-register",
    fields: { vendor, model, serialNumber: serial },
  };
}

export function birthDevice(
  id: string,
  profile: ClaimedProfile,
  identity: BirthDevice["identity"],
): BirthDevice {
  return {
    id,
    profile: profile.ref,
    class: profile.class,
    mapping: sha256(`${profile.ref}:${id}`),
    identity,
  };
}

export interface DeviceFrame {
  readonly dev: string;
  readonly samples: ForgedSample[];
}

export class Station {
  readonly cncId: string;
  readonly meterId: string;
  readonly cnc: SyntheticCnc;
  readonly meter: SyntheticMeter;
  readonly #profiles: { cnc: ClaimedProfile; meter: ClaimedProfile };
  readonly #rand: () => number;
  readonly #serial: string;
  /** The last values sent, by device: what an honest challenge answer reads back. */
  readonly last = new Map<string, ForgedSample[]>();

  private constructor(cncId: string, seed: number, profiles: { cnc: ClaimedProfile; meter: ClaimedProfile }) {
    this.cncId = cncId;
    this.meterId = `meter-${cncId}`;
    this.cnc = new SyntheticCnc(seed, Date.now());
    this.meter = new SyntheticMeter(seed + 1000, Date.now());
    this.#profiles = profiles;
    this.#rand = seededRandom(seed + 2000);
    this.#serial = `SN${seed.toString().padStart(6, "0")}`;
  }

  static async create(cncId: string, seed: number, cncProfile = CNC_PROFILE): Promise<Station> {
    return new Station(cncId, seed, {
      cnc: await claimedProfile(cncProfile),
      meter: await claimedProfile(METER_PROFILE),
    });
  }

  get profiles(): { readonly cnc: ClaimedProfile; readonly meter: ClaimedProfile } {
    return this.#profiles;
  }

  birth(serialOverride?: string): BirthDevice[] {
    const serial = serialOverride ?? this.#serial;
    return [
      birthDevice(this.cncId, this.#profiles.cnc, modbusIdentity("GSK", "980TDi", serial)),
      birthDevice(
        this.meterId,
        this.#profiles.meter,
        modbusIdentity("Schneider Electric", "PM5340", `M${serial}`),
      ),
    ];
  }

  /** Both devices' samples at `t` (every signal of their profiles). */
  frame(t: number): DeviceFrame[] {
    const machine = this.cnc.advanceTo(t);
    const metered = this.meter.advanceTo(t, machine);
    const frames = [
      { dev: this.cncId, samples: samplesOf(this.#profiles.cnc, cncValues(machine), t, this.#rand) },
      { dev: this.meterId, samples: samplesOf(this.#profiles.meter, meterValues(metered), t, this.#rand) },
    ];
    for (const f of frames) this.last.set(f.dev, f.samples);
    return frames;
  }

  /** An honest answer: the device read now — its latest values, timestamped at the read. */
  answer(cmd: ChallengeCmd): ForgedSample[] {
    const t = Date.now();
    const current = this.frame(t).find((f) => f.dev === cmd.dev)?.samples ?? [];
    return current.filter((s) => cmd.signals === undefined || cmd.signals.includes(s.s));
  }
}
