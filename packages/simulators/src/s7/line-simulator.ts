import { createRequire } from "node:module";
import net from "node:net";
import { type ShiftSchedule, TWO_SHIFTS } from "../behaviour/shift-schedule.js";
import { LineModel, type LineSnapshot, lineBehaviour } from "../plc/line-model.js";

/**
 * A PLC line on a Siemens S7 CPU: Snap7's S7Server (npm node-snap7, Davide Nardella's reference
 * server) serving DB100 "OnrampLine" as `device-profiles/plc/siemens-s7-1200-1500.yaml` lays it
 * out, filled from the PackML line model, and the CPU identity Snap7 answers in its SZL.
 */
export const S7_LINE_PROFILE = "plc/siemens-s7-1200-1500.yaml";
const DB = 100;
const DB_BYTES = 48;

export interface S7LineSimulatorOptions {
  readonly host: string;
  /** 0: a free port. */
  readonly port: number;
  readonly seed: number;
  readonly schedule?: ShiftSchedule;
  /** How often the DB is rewritten from the model, ms. */
  readonly updateMs?: number;
}

export interface S7LineSimulator {
  readonly port: number;
  snapshot(): LineSnapshot;
  stop(): Promise<void>;
}

interface Snap7Server {
  readonly srvAreaDB: number;
  readonly LocalPort: number;
  RegisterArea(area: number, index: number, buffer: Buffer): boolean;
  SetArea(area: number, index: number, buffer: Buffer): boolean;
  SetParam(param: number, value: number): boolean;
  StartTo(host: string): boolean;
  Stop(): boolean;
  LastError(): number;
  ErrorText(code: number): string;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The DB image of one snapshot (big-endian, as an S7 CPU stores it). */
export function lineDbImage(s: LineSnapshot, recipe: number, recipeName: string): Buffer {
  const db = Buffer.alloc(DB_BYTES);
  const running = s.state === 6;
  db[0] = (running ? 1 : 0) | (s.isAlarmActive ? 2 : 0) | (s.isEmergencyStop ? 4 : 0);
  db.writeInt16BE(s.state, 2);
  db.writeInt16BE(s.unitMode, 4);
  db.writeInt32BE(s.goodParts | 0, 6);
  db.writeInt32BE(s.rejectParts | 0, 10);
  db.writeFloatBE(s.lastCycleTime, 14);
  db.writeInt16BE(s.alarmCode, 18);
  db.writeInt16BE(recipe, 20);
  const name = Buffer.from(recipeName.slice(0, 16), "latin1");
  db[22] = 16;
  db[23] = name.length;
  name.copy(db, 24);
  // DBB40 DATE_AND_TIME of the snapshot, BCD (the CPU's local clock: UTC here).
  const t = new Date(s.at);
  const bcd = (n: number) => ((Math.floor(n / 10) % 10) << 4) | (n % 10);
  const ms = t.getUTCMilliseconds();
  [
    t.getUTCFullYear() % 100,
    t.getUTCMonth() + 1,
    t.getUTCDate(),
    t.getUTCHours(),
    t.getUTCMinutes(),
    t.getUTCSeconds(),
  ].forEach((v, i) => {
    db[40 + i] = bcd(v);
  });
  db[46] = bcd(Math.floor(ms / 10));
  db[47] = ((ms % 10) << 4) | (t.getUTCDay() + 1);
  return db;
}

export async function startS7LineSimulator(options: S7LineSimulatorOptions): Promise<S7LineSimulator> {
  let snap7: { S7Server: new () => Snap7Server };
  try {
    snap7 = createRequire(import.meta.url)("node-snap7") as typeof snap7;
  } catch {
    throw new Error(
      "the S7 simulator needs node-snap7: run `npm install` at the repository root (it builds Snap7 with node-gyp)",
    );
  }
  const port = options.port === 0 ? await freePort(options.host) : options.port;
  const server = new snap7.S7Server();
  const model = new LineModel(
    lineBehaviour({ seed: options.seed, schedule: options.schedule ?? TWO_SHIFTS }),
    Date.now(),
  );
  let last = model.advanceTo(Date.now());
  const recipe = 100 + (options.seed % 20);
  const recipeName = `RCP-${recipe}`;
  const image = lineDbImage(last, recipe, recipeName);
  if (!server.RegisterArea(server.srvAreaDB, DB, image)) throw new Error("Snap7 refused DB100");
  if (!server.SetParam(server.LocalPort, port)) throw new Error("Snap7 refused the port");
  if (!server.StartTo(options.host))
    throw new Error(`Snap7 could not start: ${server.ErrorText(server.LastError())}`);
  const timer = setInterval(() => {
    last = model.advanceTo(Date.now());
    server.SetArea(server.srvAreaDB, DB, lineDbImage(last, recipe, recipeName));
  }, options.updateMs ?? 250);
  return {
    port,
    snapshot: () => last,
    async stop() {
      clearInterval(timer);
      server.Stop();
    },
  };
}
