import { hostname } from "node:os";
import type { OPCUACertificateManager } from "node-opcua";
import type { DriverContext, DriverFactory } from "../driver.js";
import { openCertificateManager, TofuPins } from "./certificates.js";
import type { ClientIdentity } from "./discovery.js";
import { cause } from "./errors.js";
import { routeLibraryLogs } from "./library-log.js";
import type { LinkContext } from "./link.js";
import { OpcuaDriver } from "./opcua-driver.js";
import { parseOpcuaUrl, redact } from "./url.js";

/** The agent as OPC UA servers see it; its certificate (created on first run) carries this URI. */
export function agentIdentity(): ClientIdentity {
  return { applicationName: "Onramp edge agent", applicationUri: `urn:onramp:edge-agent:${hostname()}` };
}

/**
 * The OPC UA driver factory (`opc.tcp:`). One per agent: it owns the agent's certificate store
 * (`<dataDir>/pki`) and the TOFU pins, which every device's connection shares.
 */
export function createOpcuaDriverFactory(ctx: DriverContext): DriverFactory {
  routeLibraryLogs(ctx.logger);

  let manager: Promise<OPCUACertificateManager> | undefined;
  const certificateManager = () => {
    manager ??= openCertificateManager(ctx.dataDir);
    return manager;
  };
  const pins = new TofuPins(ctx.dataDir);
  const drivers = new Set<OpcuaDriver>();
  return {
    schemes: ["opc.tcp:"],
    create(spec) {
      const parsed = parseOpcuaUrl(spec.url);
      if (!parsed.ok) {
        return {
          ok: false,
          error: cause(
            "ONRAMP_OPCUA_URL_INVALID",
            `device "${spec.id}" at ${redact(spec.url)}: ${parsed.error}`,
          ),
        };
      }
      if (spec.profile.profile.protocol !== "opcua") {
        return {
          ok: false,
          error: cause(
            "ONRAMP_OPCUA_URL_INVALID",
            `device "${spec.id}": profile ${spec.profile.profile.id} is a ${spec.profile.profile.protocol} profile`,
          ),
        };
      }
      const link: LinkContext = {
        certificateManager,
        pins,
        identity: agentIdentity(),
        dataDir: ctx.dataDir,
        logger: ctx.logger,
      };
      const driver = new OpcuaDriver(spec, parsed.value, link, ctx.now);
      drivers.add(driver);
      return { ok: true, value: driver };
    },
    async close() {
      await Promise.all([...drivers].map((d) => d.close()));
      drivers.clear();
      if (manager) await (await manager).dispose();
      manager = undefined;
    },
  };
}
