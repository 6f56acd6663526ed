import {
  type EndpointDescription,
  MessageSecurityMode,
  type OPCUACertificateManager,
  OPCUAClient,
  type OPCUAClientOptions,
} from "node-opcua";
import type { DriverResult } from "../driver.js";
import { type CertificateSummary, summariseCertificate } from "./certificates.js";
import { cause, isUnreachable, messageOf } from "./errors.js";
import type { OpcuaConnectionOptions } from "./url.js";

/** How the agent names itself to servers; the certificate in `<dataDir>/pki/own` carries the same URI. */
export interface ClientIdentity {
  readonly applicationName: string;
  readonly applicationUri: string;
}

export interface DiscoveredEndpoint {
  readonly endpoint: EndpointDescription;
  /** The server certificate (DER, maybe a chain) of the selected endpoint, if it sends one. */
  readonly certificate: Buffer | undefined;
  readonly summary: CertificateSummary | undefined;
}

/** Options shared by every node-opcua client the driver creates. */
export function baseClientOptions(
  identity: ClientIdentity,
  certificateManager: OPCUACertificateManager,
  timeoutMs: number,
): OPCUAClientOptions {
  // defaultTransactionTimeout exists on node-opcua's client but not in its typings.
  const options: OPCUAClientOptions & { defaultTransactionTimeout: number } = {
    applicationName: identity.applicationName,
    applicationUri: identity.applicationUri,
    clientCertificateManager: certificateManager,
    endpointMustExist: false,
    defaultTransactionTimeout: timeoutMs,
  };
  return options;
}

/**
 * GetEndpoints over an unsecured channel (discovery is always allowed there, OPC 10000-4 §5.4.4)
 * and picks the endpoint with the requested mode and policy: its certificate is what the trust
 * check looks at before anything is signed or encrypted.
 */
export async function discoverEndpoint(
  options: OpcuaConnectionOptions,
  identity: ClientIdentity,
  certificateManager: OPCUACertificateManager,
  where: string,
): Promise<DriverResult<DiscoveredEndpoint>> {
  const listed = await listEndpoints(options, identity, certificateManager, where);
  if (!listed.ok) return listed;
  const endpoints = listed.value;
  const mode = MessageSecurityMode[options.securityMode];
  const endpoint = endpoints.find(
    (e) => e.securityMode === mode && policyNameOf(e.securityPolicyUri) === options.securityPolicy,
  );
  if (!endpoint) {
    const offered = [
      ...new Set(
        endpoints.map((e) => `${MessageSecurityMode[e.securityMode]}/${policyNameOf(e.securityPolicyUri)}`),
      ),
    ];
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_ENDPOINT_UNSUPPORTED",
        `${where}: the server has no ${options.securityMode}/${options.securityPolicy} endpoint; it offers ${offered.join(", ")}`,
      ),
    };
  }
  const certificate = endpoint.serverCertificate?.length
    ? Buffer.from(endpoint.serverCertificate)
    : undefined;
  return {
    ok: true,
    value: { endpoint, certificate, summary: certificate ? summariseCertificate(certificate) : undefined },
  };
}

/** GetEndpoints over an unsecured channel: every endpoint the server offers. */
export async function listEndpoints(
  options: OpcuaConnectionOptions,
  identity: ClientIdentity,
  certificateManager: OPCUACertificateManager,
  where: string,
): Promise<DriverResult<EndpointDescription[]>> {
  const client = OPCUAClient.create({
    ...baseClientOptions(identity, certificateManager, options.timeoutMs),
    securityMode: MessageSecurityMode.None,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 100 },
  });
  try {
    await withTimeout(client.connect(options.endpointUrl), options.timeoutMs, "connect");
    return { ok: true, value: await withTimeout(client.getEndpoints(), options.timeoutMs, "GetEndpoints") };
  } catch (error) {
    const code = isUnreachable(error) ? "ONRAMP_OPCUA_UNREACHABLE" : "ONRAMP_OPCUA_SESSION_FAILED";
    return { ok: false, error: cause(code, `${where}: no OPC UA server answered: ${messageOf(error)}`) };
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}

/** `http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256` → `Basic256Sha256`. */
export function policyNameOf(uri: string | null | undefined): string {
  return (uri ?? "").split("#")[1] ?? "None";
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
