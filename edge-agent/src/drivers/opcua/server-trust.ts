import { join } from "node:path";
import type { OPCUACertificateManager } from "node-opcua";
import type { Logger } from "pino";
import type { DriverResult } from "../driver.js";
import {
  type CertificateSummary,
  colonHex,
  pkiDirOf,
  type TofuPins,
  withFreshStore,
} from "./certificates.js";
import type { DiscoveredEndpoint } from "./discovery.js";
import { cause, messageOf } from "./errors.js";
import { describeConnection, type OpcuaConnectionOptions } from "./url.js";

export interface TrustCheck {
  readonly discovered: DiscoveredEndpoint;
  readonly options: OpcuaConnectionOptions;
  readonly pins: TofuPins;
  readonly dataDir: string;
  readonly logger: Logger;
  readonly device: string;
  /** `device "x" at opc.tcp://…`, the prefix of every message. */
  readonly where: string;
}

/**
 * Decides whether the selected endpoint's certificate may be used: trusted (in pki/trusted, put
 * there by `onramp-agent trust` or by a first use with tofu=1) or refused with a message that
 * names the certificate and says how to trust it. Never accepts silently. With security None
 * there is nothing to check: the channel is neither signed nor encrypted.
 */
export async function checkServerTrust(check: TrustCheck): Promise<DriverResult<void>> {
  if (check.options.securityMode === "None") return { ok: true, value: undefined };
  try {
    return await withFreshStore(check.dataDir, (store) => decide(check, store));
  } catch (error) {
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_BAD_CERTIFICATE",
        `${check.where}: cannot open the certificate store: ${messageOf(error)}`,
      ),
    };
  }
}

async function decide(check: TrustCheck, cm: OPCUACertificateManager): Promise<DriverResult<void>> {
  const { discovered, options, where } = check;
  const der = discovered.certificate;
  const summary = discovered.summary;
  if (!der || !summary) {
    return {
      ok: false,
      error: cause("ONRAMP_OPCUA_BAD_CERTIFICATE", `${where}: the secured endpoint sends no certificate`),
    };
  }
  let status: string;
  try {
    status = await cm.verifyCertificate(der, { acceptCertificateWithValidIssuerChain: true });
  } catch (error) {
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_BAD_CERTIFICATE",
        `${where}: cannot verify the server certificate: ${messageOf(error)}`,
      ),
    };
  }
  if (status === "Good") return { ok: true, value: undefined };
  if (status !== "BadCertificateUntrusted") {
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_BAD_CERTIFICATE",
        `${where}: the server certificate ${describe(summary)} is refused: ${status}`,
      ),
    };
  }
  if (options.isTofu) return trustOnFirstUse(check, cm, der, summary);
  await cm.rejectCertificate(der).catch(() => undefined);
  return {
    ok: false,
    error: cause(
      "ONRAMP_OPCUA_UNTRUSTED_SERVER",
      `${where}: the server certificate ${describe(summary)} is not trusted. Check the thumbprint with the machine's ` +
        `administrator, then run: onramp-agent trust --connection "${describeConnection(options)}" --thumbprint ${summary.thumbprint} ` +
        `(or add tofu=1 to the device URL to trust it on first use). A copy is in ${join(pkiDirOf(check.dataDir), "rejected")}.`,
    ),
  };
}

async function trustOnFirstUse(
  check: TrustCheck,
  cm: OPCUACertificateManager,
  der: Buffer,
  summary: CertificateSummary,
): Promise<DriverResult<void>> {
  const { options, pins, where } = check;
  let pinned: string | undefined;
  try {
    pinned = await pins.get(options.endpointUrl);
  } catch (error) {
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_BAD_CERTIFICATE",
        `${where}: cannot read the TOFU pins: ${messageOf(error)}`,
      ),
    };
  }
  if (pinned !== undefined && pinned !== summary.thumbprint) {
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_SERVER_CERTIFICATE_CHANGED",
        `${where}: the server now presents ${describe(summary)}, but SHA-256 ${colonHex(pinned)} was trusted on first use. ` +
          `If the certificate was renewed on purpose, run: onramp-agent trust --connection "${describeConnection(options)}" --thumbprint ${summary.thumbprint}`,
      ),
    };
  }
  await cm.trustCertificate(der);
  await pins.set(options.endpointUrl, summary.thumbprint);
  check.logger.warn(
    {
      device: check.device,
      code: "ONRAMP_OPCUA_TOFU_TRUSTED",
      endpoint: options.endpointUrl,
      thumbprint: summary.thumbprint,
      subject: summary.subject,
    },
    "trusted the server certificate on first use (tofu=1): verify this thumbprint with the machine's administrator",
  );
  return { ok: true, value: undefined };
}

export function describe(summary: CertificateSummary): string {
  const uri = summary.applicationUri ? `, application URI ${summary.applicationUri}` : "";
  return `(subject ${summary.subject}${uri}, SHA-256 ${colonHex(summary.thumbprint)}, valid to ${summary.validTo})`;
}
