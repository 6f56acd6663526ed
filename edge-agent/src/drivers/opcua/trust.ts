import { MessageSecurityMode, OPCUAClient } from "node-opcua";
import type { DriverContext, DriverResult } from "../driver.js";
import {
  type CertificateSummary,
  colonHex,
  openCertificateManager,
  summariseCertificate,
  TofuPins,
  withFreshStore,
} from "./certificates.js";
import { baseClientOptions, policyNameOf, withTimeout } from "./discovery.js";
import { cause, isUnreachable, messageOf } from "./errors.js";
import { agentIdentity } from "./factory.js";
import { routeLibraryLogs } from "./library-log.js";
import { describe } from "./server-trust.js";
import { describeConnection, parseOpcuaUrl, redact } from "./url.js";

export interface TrustRequest {
  /** The device's connection URL (its security options pick the endpoint whose certificate is trusted). */
  readonly url: string;
  /**
   * The SHA-256 thumbprint the operator read off the machine (hex, colons allowed). When given,
   * a server presenting any other certificate is refused: the safe way to trust remotely.
   */
  readonly expectedThumbprint?: string;
}

/**
 * `onramp-agent trust`: fetches the server's certificate (GetEndpoints, unsecured as discovery
 * allows) and puts it in the agent's trusted store (`<dataDir>/pki/trusted`). Also re-pins a
 * TOFU device to it, so a renewed certificate can be accepted on purpose.
 */
export async function trustServerCertificate(
  ctx: DriverContext,
  request: TrustRequest,
): Promise<DriverResult<CertificateSummary>> {
  const parsed = parseOpcuaUrl(request.url);
  if (!parsed.ok)
    return { ok: false, error: cause("ONRAMP_OPCUA_URL_INVALID", `${redact(request.url)}: ${parsed.error}`) };
  const options = parsed.value;
  const where = `server at ${describeConnection(options)}`;
  routeLibraryLogs(ctx.logger);
  const manager = await openCertificateManager(ctx.dataDir);
  const client = OPCUAClient.create({
    ...baseClientOptions(agentIdentity(), manager, options.timeoutMs),
    securityMode: MessageSecurityMode.None,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 100 },
  });
  try {
    await withTimeout(client.connect(options.endpointUrl), options.timeoutMs, "connect");
    const endpoints = await withTimeout(client.getEndpoints(), options.timeoutMs, "GetEndpoints");
    // The endpoint the device uses; with security=None any endpoint's (a server has one certificate).
    const wanted =
      endpoints.find(
        (e) => e.serverCertificate?.length && policyNameOf(e.securityPolicyUri) === options.securityPolicy,
      ) ?? endpoints.find((e) => e.serverCertificate?.length);
    if (!wanted?.serverCertificate) {
      return {
        ok: false,
        error: cause("ONRAMP_OPCUA_BAD_CERTIFICATE", `${where}: the server publishes no certificate`),
      };
    }
    const der = Buffer.from(wanted.serverCertificate);
    const summary = summariseCertificate(der);
    const expected = request.expectedThumbprint?.replace(/[:\s]/g, "").toLowerCase();
    if (expected !== undefined && expected !== summary.thumbprint) {
      return {
        ok: false,
        error: cause(
          "ONRAMP_OPCUA_UNTRUSTED_SERVER",
          `${where}: the server presents ${describe(summary)}, not the expected SHA-256 ${colonHex(expected)}; nothing was trusted`,
        ),
      };
    }
    await withFreshStore(ctx.dataDir, (store) => store.trustCertificate(der));
    const pins = new TofuPins(ctx.dataDir);
    if ((await pins.get(options.endpointUrl)) !== undefined)
      await pins.set(options.endpointUrl, summary.thumbprint);
    ctx.logger.info(
      {
        code: "ONRAMP_OPCUA_TRUSTED",
        endpoint: options.endpointUrl,
        thumbprint: summary.thumbprint,
        subject: summary.subject,
      },
      "server certificate trusted",
    );
    return { ok: true, value: summary };
  } catch (error) {
    const code = isUnreachable(error) ? "ONRAMP_OPCUA_UNREACHABLE" : "ONRAMP_OPCUA_SESSION_FAILED";
    return { ok: false, error: cause(code, `${where}: ${messageOf(error)}`) };
  } finally {
    await client.disconnect().catch(() => undefined);
    await manager.dispose();
  }
}
