/**
 * The server side of `npm run bench:opcua`, run in its own process so that the agent's CPU is
 * measured apart from it: a node-opcua server with `--items` Double variables in namespace
 * `urn:onramp:bench` (`s=v0`, `s=v1`, …), every one changing every `--interval` ms. Prints
 * `READY <endpointUrl>` once it listens, then `CPU <ms> <µs>` (its clock and CPU time) every
 * second, and stops on SIGTERM.
 *
 *   node --import tsx test/bench/opcua-bench-server.ts --items 5000 --interval 100 --pki DIR
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DataType, OPCUACertificateManager, OPCUAServer, Variant } from "node-opcua";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "5000" },
    /** How often every variable changes. */
    interval: { type: "string", default: "100" },
    pki: { type: "string" },
  },
});
const ITEMS = Number(values.items);
const INTERVAL = Number(values.interval);
if (!values.pki) throw new Error("--pki DIR is required");

const server = new OPCUAServer({
  hostname: "127.0.0.1",
  port: 0,
  serverCertificateManager: new OPCUACertificateManager({
    rootFolder: join(values.pki, "own"),
    automaticallyAcceptUnknownCertificate: true,
  }),
  userCertificateManager: new OPCUACertificateManager({ rootFolder: join(values.pki, "users") }),
});
await server.initialize();
const addressSpace = server.engine.addressSpace;
if (!addressSpace) throw new Error("no address space");
const namespace = addressSpace.registerNamespace("urn:onramp:bench");
const folder = namespace.addObject({ browseName: "Bench", organizedBy: addressSpace.rootFolder.objects });
// A getter whose value moves with the clock: every sample the server takes finds a new value,
// without the server spending its CPU on pushing values nobody samples.
for (let i = 0; i < ITEMS; i++) {
  namespace.addVariable({
    componentOf: folder,
    browseName: `v${i}`,
    nodeId: `s=v${i}`,
    dataType: "Double",
    minimumSamplingInterval: INTERVAL,
    value: {
      get: () =>
        new Variant({
          dataType: DataType.Double,
          value: Math.floor(performance.now() / INTERVAL) + i / ITEMS,
        }),
    },
  });
}
await server.start();
process.stdout.write(`READY ${server.getEndpointUrl()}\n`);
// The benchmark reads the server's own CPU from these lines, to show where the limit lies.
const cpuTimer = setInterval(() => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`CPU ${performance.now()} ${user + system}\n`);
}, 1000);
process.once("SIGTERM", () => {
  clearInterval(cpuTimer);
  void server.shutdown(0).then(() => process.exit(0));
});
