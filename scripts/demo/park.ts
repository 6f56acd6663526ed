// The simulated industrial park: who is in it and what each enterprise runs. Pure data and naming,
// shared by the demo's orchestrator, its simulator process and its test.

/** The pilot's four sub-industries. */
export const SUB_INDUSTRIES = [
  "auto parts",
  "advanced transport equipment",
  "integrated circuits and communication equipment",
  "advanced structural and composite materials",
] as const;

const CATALOGUE = [
  { id: "hengtai-auto-parts", name: "Hengtai Auto Parts", district: "Jiangbei", size: "medium" },
  { id: "xinghai-rail-equipment", name: "Xinghai Rail Equipment", district: "Binhai", size: "large" },
  { id: "jingwei-microelectronics", name: "Jingwei Microelectronics", district: "Gaoxin", size: "medium" },
  { id: "yuanhang-composites", name: "Yuanhang Composites", district: "Jiangbei", size: "small" },
] as const;

export interface ParkEnterprise {
  readonly id: string;
  /** Display name; district, sub-industry and size are also declared to the registry (declarations.ts). */
  readonly name: string;
  readonly subIndustry: (typeof SUB_INDUSTRIES)[number];
  readonly district: string;
  readonly size: string;
  /** The one that cheats: a cloned CNC, a forged gateway that fakes and replays frames. */
  readonly isDishonest: boolean;
  /** Seed of its simulators: the same park, run after run. */
  readonly seed: number;
  /**
   * Installed base beyond OPC UA and Modbus: the second enterprise of each round of four also runs
   * a Siemens S7 PLC line (Snap7), the third an MTConnect machine tool.
   */
  readonly extras: readonly ParkExtra[];
}

export type ParkExtra = "s7-line" | "mtconnect-machine";

/** The agent's device id of each extra. */
export const EXTRA_DEVICES: Readonly<Record<ParkExtra, string>> = {
  "s7-line": "plc-s7-1",
  "mtconnect-machine": "cnc-mtconnect-1",
};

export function planPark(enterprises: number): ParkEnterprise[] {
  return Array.from({ length: enterprises }, (_, i) => {
    const base = CATALOGUE[i % CATALOGUE.length] ?? CATALOGUE[0];
    const round = Math.floor(i / CATALOGUE.length);
    const subIndustry = SUB_INDUSTRIES[i % SUB_INDUSTRIES.length] ?? SUB_INDUSTRIES[0];
    return {
      id: round === 0 ? base.id : `${base.id}-${round + 1}`,
      name: `${base.name}${round === 0 ? "" : ` ${round + 1}`} (${subIndustry}; ${base.district} district; ${base.size})`,
      subIndustry,
      district: base.district,
      size: base.size,
      isDishonest: enterprises > 1 && i === enterprises - 1,
      seed: i + 1,
      extras:
        i % CATALOGUE.length === 1 ? ["s7-line"] : i % CATALOGUE.length === 2 ? ["mtconnect-machine"] : [],
    };
  });
}

/** The honest gateway of every enterprise runs the real agent; the dishonest one adds a forged one. */
export const AGENT_GATEWAY = "gw-1";
export const FORGED_GATEWAY = "gw-2";

/** Modbus TCP gateway layout of every enterprise (unit id → device). */
export const MODBUS_UNITS = [
  { unit: 1, kind: "fx5u", device: "plc-line-1" },
  { unit: 2, kind: "cnc-modbus", device: "cnc-modbus-1" },
  { unit: 3, kind: "sdm630", device: "meter-line-1", meters: 1 },
  { unit: 4, kind: "pm5300", device: "meter-cnc-modbus-1", meters: 2 },
] as const;

/**
 * The relations every enterprise declares (issue 14): each meter feeds the device on the unit its
 * simulator follows (`meters`), so the physical-consistency checks compare the two.
 */
export function parkRelations(): { kind: "feeds"; from: string; to: string }[] {
  return MODBUS_UNITS.flatMap((u) => {
    if (!("meters" in u)) return [];
    const fed = MODBUS_UNITS.find((m) => m.unit === u.meters);
    return fed === undefined ? [] : [{ kind: "feeds" as const, from: u.device, to: fed.device }];
  });
}

/** What the simulator process reports once every server listens. */
export interface SimulatedEnterprise {
  readonly id: string;
  readonly cnc: {
    readonly endpointUrl: string;
    readonly roots: readonly string[];
    readonly serials: readonly string[];
  };
  readonly modbus: {
    readonly port: number;
    /** Each unit's profile, a path under device-profiles/, as the simulator serves it. */
    readonly units: readonly { readonly unit: number; readonly profile: string }[];
  };
  /** The S7 line's ISO-on-TCP port and profile, for an enterprise with the `s7-line` extra. */
  readonly s7?: { readonly port: number; readonly profile: string };
  /** The MTConnect agent's port, device name and profile, for one with `mtconnect-machine`. */
  readonly mtconnect?: { readonly port: number; readonly device: string; readonly profile: string };
}
