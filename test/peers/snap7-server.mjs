// The Snap7 reference server (Davide Nardella's S7Server, through npm node-snap7) in a process of
// its own, so a test can stop it by PID or kill it mid-conversation. Argument: JSON
// { port, areas: [{ area: "db"|"m"|"i"|"q"|"c"|"t", index?, size }] }. Stdin: JSON lines
// { area, index?, offset, hex } that overwrite bytes of a registered area. Prints
// `ready <port>` once it listens, and `set` after each write.
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
const snap7 = require("node-snap7");
const config = JSON.parse(process.argv[2] ?? "{}");
const server = new snap7.S7Server();
const AREA = {
  i: server.srvAreaPE,
  q: server.srvAreaPA,
  m: server.srvAreaMK,
  c: server.srvAreaCT,
  t: server.srvAreaTM,
  db: server.srvAreaDB,
};
const buffers = new Map();
for (const { area, index = 0, size } of config.areas ?? []) {
  const buffer = Buffer.alloc(size);
  buffers.set(`${area}:${index}`, buffer);
  // The DB number is an argument for DBs only: node-snap7 refuses it for the other areas.
  const registered =
    area === "db" ? server.RegisterArea(AREA[area], index, buffer) : server.RegisterArea(AREA[area], buffer);
  if (!registered) throw new Error(`cannot register ${area} ${index}`);
}
if (!server.SetParam(server.LocalPort, config.port)) throw new Error("cannot set the port");
if (!server.StartTo("127.0.0.1")) throw new Error(`cannot start: ${server.ErrorText(server.LastError())}`);
process.stdout.write(`ready ${config.port}\n`);

createInterface({ input: process.stdin }).on("line", (line) => {
  const { area, index = 0, offset, hex } = JSON.parse(line);
  const buffer = buffers.get(`${area}:${index}`);
  Buffer.from(hex, "hex").copy(buffer, offset);
  if (area === "db") server.SetArea(AREA[area], index, buffer);
  else server.SetArea(AREA[area], buffer);
  process.stdout.write("set\n");
});
const stop = () => {
  server.Stop();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
