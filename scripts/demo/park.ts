// The simulated industrial park: who is in it and what each enterprise runs. Pure data and naming,
// shared by the demo's orchestrator, its simulator process and its test.

/** The pilot's four sub-industries. */
export const SUB_INDUSTRIES = [
  "auto parts",
  "advanced transport equipment",
  "integrated circuits and communication equipment",
  "advanced structural and composite materials",
] as const;

/**
 * The pilot city's geography (Xi'an; INDICATORS §6): each enterprise sits in a district and, where
 * the plan names one, a development zone — 经开区 (Xi'an Economic and Technological Development
 * Zone, its 泾渭 auto-parts cluster in 高陵区), 阎良区（航空基地） (the national aviation
 * industry base), 高新区 (Xi'an Hi-tech Zone, semiconductors), 西咸新区 (Xixian New Area, its
 * 沣西新城 new-materials parks), 航天基地 (the national civil aerospace industry base, in 长安区),
 * 国际港务区 (Xi'an International Trade & Logistics Park) and 浐灞生态区 are the plan's further
 * zones. The first four enterprises (the default park) cover the four sub-industries, two above
 * designated size and two smaller SMEs; a park of eight adds one more per sub-industry.
 */
const CATALOGUE = [
  {
    id: "hengtai-auto-parts",
    name: "Hengtai Auto Parts",
    district: "高陵区",
    zone: "经开区",
    size: "medium",
  },
  {
    id: "xinghai-rail-equipment",
    name: "Xinghai Aero & Rail Equipment",
    district: "阎良区",
    zone: "航空基地",
    size: "large",
  },
  {
    id: "jingwei-microelectronics",
    name: "Jingwei Microelectronics",
    district: "雁塔区",
    zone: "高新区",
    size: "small",
  },
  {
    id: "yuanhang-composites",
    name: "Yuanhang Composites",
    district: "沣西新城",
    zone: "西咸新区",
    size: "small",
  },
  {
    id: "tianyu-precision-parts",
    name: "Tianyu Precision Parts",
    district: "长安区",
    zone: "航天基地",
    size: "small",
  },
  {
    id: "qinchuan-transit-equipment",
    name: "Qinchuan Transit Equipment",
    district: "灞桥区",
    zone: "国际港务区",
    size: "medium",
  },
  {
    id: "xinxin-communications",
    name: "Xinxin Communications",
    district: "灞桥区",
    zone: "浐灞生态区",
    size: "small",
  },
  {
    id: "weihe-new-materials",
    name: "Weihe New Materials",
    district: "高陵区",
    zone: "经开区",
    size: "large",
  },
] as const;

export interface ParkEnterprise {
  readonly id: string;
  /** Display name; district, sub-industry and size are also declared to the registry (declarations.ts). */
  readonly name: string;
  readonly subIndustry: (typeof SUB_INDUSTRIES)[number];
  readonly district: string;
  /** Development zone (开发区) the enterprise sits in (INDICATORS §6). */
  readonly developmentZone: string;
  /** "small" is below designated size; "medium" and "large" are above it (规模以上). */
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
      name: `${base.name}${round === 0 ? "" : ` ${round + 1}`} (${subIndustry}; ${base.district}, ${base.zone}; ${base.size})`,
      subIndustry,
      district: base.district,
      developmentZone: base.zone,
      size: base.size,
      isDishonest: enterprises > 1 && i === enterprises - 1,
      seed: i + 1,
      extras:
        i % SUB_INDUSTRIES.length === 1
          ? ["s7-line"]
          : i % SUB_INDUSTRIES.length === 2
            ? ["mtconnect-machine"]
            : [],
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
