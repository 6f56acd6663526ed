// What a real enterprise declares to the bureau, made for the simulated park: the enterprise's
// district, sub-industry and size (INDICATORS §6), and which machines serve a key process and are
// numerically controlled (INDICATORS §1, §2.3). Declarations are claims: the indicators set the
// verified figures beside them from telemetry, which is the point of the demo.
import type { Api } from "./ingest.js";
import { type ParkEnterprise, parkRelations } from "./park.js";

const INDUSTRY_SLUGS = {
  "auto parts": "auto-parts",
  "advanced transport equipment": "advanced-transport-equipment",
  "integrated circuits and communication equipment": "integrated-circuits-and-communication-equipment",
  "advanced structural and composite materials": "advanced-structural-and-composite-materials",
} as const;

export async function declareEnterprise(api: Api, ent: ParkEnterprise): Promise<void> {
  await api.call("PATCH", `/enterprises/${ent.id}/profile`, {
    district: ent.district,
    developmentZone: ent.developmentZone,
    industry: INDUSTRY_SLUGS[ent.subIndustry],
    industryKind: "discrete",
    aboveScale: ent.size !== "small",
  });
}

interface RegisteredDevice {
  readonly gw: string;
  readonly id: string;
  readonly class: string;
}

/**
 * CNC machines and PLC-controlled lines are declared key-process equipment under numerical or
 * PLC control — what the verified CNC-ization rate checks in the telemetry (a controller state
 * from a CNC or PLC source, seen running: INDICATORS §2.3), so an honest enterprise's verified
 * rate meets its declared one once each machine has run a cycle.
 */
export async function declareKeyProcessDevices(api: Api, ent: ParkEnterprise): Promise<number> {
  const devices = await api.call<RegisteredDevice[]>("GET", `/enterprises/${ent.id}/devices`);
  let declared = 0;
  for (const device of devices) {
    if (device.class !== "cnc_machine_tool" && device.class !== "plc") continue;
    await api.call("PATCH", `/enterprises/${ent.id}/gateways/${device.gw}/devices/${device.id}`, {
      keyProcess: true,
      cnc: true,
    });
    declared++;
  }
  return declared;
}

/**
 * Declares which meter feeds which machine (issue 14): the simulated meters follow the load of
 * the device they supply, so the honest enterprises pass the physical-consistency checks, and a
 * forged "spindle turning, feeder idle" would fail them. Only relations whose two devices the
 * agent has announced are declared (the registry refuses the others).
 */
export async function declareRelations(api: Api, ent: ParkEnterprise): Promise<number> {
  const devices = new Set(
    (await api.call<RegisteredDevice[]>("GET", `/enterprises/${ent.id}/devices`)).map((d) => d.id),
  );
  let declared = 0;
  for (const relation of parkRelations()) {
    if (!devices.has(relation.from) || !devices.has(relation.to)) continue;
    await api.call("POST", `/enterprises/${ent.id}/relations`, relation);
    declared++;
  }
  return declared;
}
