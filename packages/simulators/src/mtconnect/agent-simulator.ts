import { createServer, type Server } from "node:http";
import { type ShiftSchedule, TWO_SHIFTS } from "../behaviour/shift-schedule.js";
import {
  type MachineBehaviour,
  MachineModel,
  type MachineSnapshot,
  machineBehaviour,
} from "../cnc/machine-model.js";

/**
 * A machine tool behind an MTConnect agent (MTConnect Standard 1.3, HTTP/XML): /probe,
 * /current and /sample?from=&count= over a sequence-numbered buffer of observations taken from the
 * CNC machine model, with an instanceId per start and OUT_OF_RANGE for a `from` the buffer no
 * longer holds — the parts of an agent the Onramp MTConnect driver relies on. Read with
 * `device-profiles/cnc_machine_tool/mtconnect-machine-tool.yaml`.
 */
export const MTCONNECT_MACHINE_PROFILE = "cnc_machine_tool/mtconnect-machine-tool.yaml";
const NS = "urn:mtconnect.org:MTConnectStreams:1.3";
const NS_DEVICES = "urn:mtconnect.org:MTConnectDevices:1.3";
const NS_ERROR = "urn:mtconnect.org:MTConnectError:1.3";

interface DataItemDef {
  readonly id: string;
  readonly type: string;
  readonly subType?: string;
  readonly category: "SAMPLE" | "EVENT" | "CONDITION";
  readonly component: "Device" | "Controller" | "Path" | "Rotary";
  readonly units?: string;
  readonly value: (s: MachineSnapshot) => string;
}

function execution(s: MachineSnapshot): string {
  if (!s.isPowered) return "UNAVAILABLE";
  if (s.activity === "cycle") return "ACTIVE";
  if (s.activity === "feed-hold") return "FEED_HOLD";
  if (s.activity === "alarm") return "STOPPED";
  return s.programState === "ended" ? "PROGRAM_COMPLETED" : "READY";
}

const DATA_ITEMS: readonly DataItemDef[] = [
  { id: "avail", type: "AVAILABILITY", category: "EVENT", component: "Device", value: () => "AVAILABLE" },
  {
    id: "power",
    type: "POWER_STATE",
    category: "EVENT",
    component: "Device",
    value: (s) => (s.isPowered ? "ON" : "OFF"),
  },
  { id: "estop", type: "EMERGENCY_STOP", category: "EVENT", component: "Controller", value: () => "ARMED" },
  {
    id: "system",
    type: "SYSTEM",
    category: "CONDITION",
    component: "Controller",
    value: (s) => (s.alarm ? "FAULT" : "NORMAL"),
  },
  {
    id: "mode",
    type: "CONTROLLER_MODE",
    category: "EVENT",
    component: "Path",
    value: (s) => (s.mode === "automatic" ? "AUTOMATIC" : "MANUAL"),
  },
  { id: "exec", type: "EXECUTION", category: "EVENT", component: "Path", value: execution },
  { id: "program", type: "PROGRAM", category: "EVENT", component: "Path", value: (s) => s.program.name },
  { id: "pc", type: "PART_COUNT", category: "EVENT", component: "Path", value: (s) => String(s.partCount) },
  // MTConnect feed rates are mm/s (Part 2, PATH_FEEDRATE); the model's are mm/min.
  {
    id: "Frt",
    type: "PATH_FEEDRATE",
    subType: "ACTUAL",
    category: "SAMPLE",
    component: "Path",
    units: "MILLIMETER/SECOND",
    value: (s) => (s.feedRate / 60).toFixed(2),
  },
  {
    id: "Fovr",
    type: "PATH_FEEDRATE",
    subType: "OVERRIDE",
    category: "SAMPLE",
    component: "Path",
    units: "PERCENT",
    value: (s) => String(s.feedOverride),
  },
  {
    id: "Srpm",
    type: "ROTARY_VELOCITY",
    subType: "ACTUAL",
    category: "SAMPLE",
    component: "Rotary",
    units: "REVOLUTION/MINUTE",
    value: (s) => String(Math.round(s.spindleSpeed)),
  },
];

interface Observation {
  readonly sequence: number;
  readonly item: DataItemDef;
  readonly text: string;
  readonly at: number;
}

export interface MtconnectAgentOptions {
  readonly host: string;
  readonly port: number;
  readonly seed: number;
  readonly name?: string;
  readonly serialNumber?: string;
  readonly schedule?: ShiftSchedule;
  /** Overrides for the machine model (e.g. a short first setup). */
  readonly behaviour?: Partial<MachineBehaviour>;
  readonly updateMs?: number;
  /** Observations the buffer keeps (the agent's BufferSize). */
  readonly bufferSize?: number;
}

export interface MtconnectAgentSimulator {
  readonly port: number;
  readonly device: string;
  snapshot(): MachineSnapshot;
  stop(): Promise<void>;
}

const pascal = (type: string) =>
  type.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startMtconnectAgentSimulator(
  options: MtconnectAgentOptions,
): Promise<MtconnectAgentSimulator> {
  const name = options.name ?? "VMC-1";
  const uuid = `onramp-sim-${name.toLowerCase()}-${options.seed}`;
  const serial = options.serialNumber ?? `SIM${String(options.seed).padStart(6, "0")}`;
  const bufferSize = options.bufferSize ?? 4096;
  // Unique per start, as cppagent's (seconds there; ms here so that a quick restart still differs).
  const instanceId = String(Date.now());
  const model = new MachineModel(
    machineBehaviour({ ...options.behaviour, seed: options.seed, schedule: options.schedule ?? TWO_SHIFTS }),
    Date.now(),
  );
  let snapshot = model.advanceTo(Date.now());
  const buffer: Observation[] = [];
  const latest = new Map<string, Observation>();
  let next = 1;
  const observe = () => {
    snapshot = model.advanceTo(Date.now());
    for (const item of DATA_ITEMS) {
      const text = item.value(snapshot);
      if (latest.get(item.id)?.text === text) continue;
      const o = { sequence: next++, item, text, at: snapshot.at };
      buffer.push(o);
      latest.set(item.id, o);
      if (buffer.length > bufferSize) buffer.shift();
    }
  };
  observe();
  const timer = setInterval(observe, options.updateMs ?? 500);

  const header = (extra: string) =>
    `<Header creationTime="${new Date().toISOString()}" sender="onramp-simulator" instanceId="${instanceId}" version="1.3.0" bufferSize="${bufferSize}"${extra}/>`;
  const sequences = () =>
    ` firstSequence="${buffer[0]?.sequence ?? next}" lastSequence="${next - 1}" nextSequence="${next}"`;
  const probe = () => {
    const items = (component: DataItemDef["component"]) =>
      DATA_ITEMS.filter((d) => d.component === component)
        .map(
          (d) =>
            `<DataItem id="${d.id}" type="${d.type}" category="${d.category}"${d.subType ? ` subType="${d.subType}"` : ""}${d.units ? ` units="${d.units}"` : ""}/>`,
        )
        .join("");
    return `<?xml version="1.0" encoding="UTF-8"?><MTConnectDevices xmlns="${NS_DEVICES}">${header(' assetBufferSize="0" assetCount="0"')}<Devices><Device id="dev" name="${name}" uuid="${uuid}"><Description manufacturer="Onramp" model="Simulated VMC" serialNumber="${serial}"/><DataItems>${items("Device")}</DataItems><Components><Rotary id="c" name="C"><DataItems>${items("Rotary")}</DataItems></Rotary><Controller id="cont" name="controller"><DataItems>${items("Controller")}</DataItems><Components><Path id="path" name="path"><DataItems>${items("Path")}</DataItems></Path></Components></Controller></Components></Device></Devices></MTConnectDevices>`;
  };
  const streams = (observations: readonly Observation[]) => {
    const byComponent = new Map<string, Observation[]>();
    for (const o of observations)
      byComponent.set(o.item.component, [...(byComponent.get(o.item.component) ?? []), o]);
    const component = (c: string, list: Observation[]) => {
      const group = (category: DataItemDef["category"], tag: string) => {
        const inGroup = list.filter((o) => o.item.category === category);
        if (inGroup.length === 0) return "";
        const body = inGroup
          .map((o) => {
            const attrs = `dataItemId="${o.item.id}" sequence="${o.sequence}" timestamp="${new Date(o.at).toISOString()}"${o.item.subType ? ` subType="${o.item.subType}"` : ""}`;
            if (category !== "CONDITION")
              return `<${pascal(o.item.type)} ${attrs}>${escapeXml(o.text)}</${pascal(o.item.type)}>`;
            const state = pascal(o.text);
            return `<${state} ${attrs} type="${o.item.type}"/>`;
          })
          .join("");
        return `<${tag}>${body}</${tag}>`;
      };
      return `<ComponentStream component="${c}" name="${c}" componentId="${c}">${group("SAMPLE", "Samples")}${group("EVENT", "Events")}${group("CONDITION", "Condition")}</ComponentStream>`;
    };
    const body = [...byComponent].map(([c, list]) => component(c, list)).join("");
    return `<?xml version="1.0" encoding="UTF-8"?><MTConnectStreams xmlns="${NS}">${header(sequences())}<Streams><DeviceStream name="${name}" uuid="${uuid}">${body}</DeviceStream></Streams></MTConnectStreams>`;
  };
  const error = (code: string, text: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><MTConnectError xmlns="${NS_ERROR}">${header("")}<Errors><Error errorCode="${code}">${escapeXml(text)}</Error></Errors></MTConnectError>`;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://agent");
    const parts = url.pathname.split("/").filter((p) => p !== "");
    const send = (status: number, body: string) =>
      res.writeHead(status, { "content-type": "application/xml" }).end(body);
    if (parts.length === 2 && parts[0] !== name && parts[0] !== uuid)
      return send(404, error("NO_DEVICE", `no device ${parts[0]}`));
    const request = parts.at(-1);
    if (request === "probe") return send(200, probe());
    if (request === "current") return send(200, streams([...latest.values()]));
    if (request === "sample") {
      const first = buffer[0]?.sequence ?? next;
      const from = Number(url.searchParams.get("from") ?? first);
      const count = Number(url.searchParams.get("count") ?? 100);
      if (!Number.isInteger(from) || from < first || from > next)
        return send(404, error("OUT_OF_RANGE", `from must be in ${first}..${next}`));
      const chosen = buffer.filter((o) => o.sequence >= from).slice(0, Math.max(1, count));
      const nextSequence = chosen.length === 0 ? from : (chosen.at(-1)?.sequence ?? from) + 1;
      return send(200, streams(chosen).replace(/nextSequence="\d+"/, `nextSequence="${nextSequence}"`));
    }
    return send(400, error("INVALID_REQUEST", `unknown request ${url.pathname}`));
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    device: name,
    snapshot: () => snapshot,
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
