import { DEVICE_PROOF_POLICIES, type DeviceProof, sessionNonceOf } from "@onramp/contract";
import {
  ApplicationType,
  CloseSessionRequest,
  type CloseSessionResponse,
  CreateSessionRequest,
  CreateSessionResponse,
  type EndpointDescription,
  LocalizedText,
  MessageSecurityMode,
  type OPCUACertificateManager,
  OPCUAClient,
  StatusCodes,
} from "node-opcua";
import type { DriverResult } from "../driver.js";
import {
  baseClientOptions,
  type ClientIdentity,
  listEndpoints,
  policyNameOf,
  withTimeout,
} from "./discovery.js";
import { cause, messageOf } from "./errors.js";
import type { OpcuaConnectionOptions } from "./url.js";

/**
 * node-opcua's client sets CreateSession's clientNonce to random bytes with no option to choose
 * it, and activates every session it creates (sending the user's credentials). The proof needs
 * neither: only the CreateSession exchange, with the nonce derived from the cloud's. So the
 * request is built here and sent on the client's secure channel with the client's own
 * `performMessageTransaction` (public on its implementation, absent from its typings).
 */
interface TransactionChannel {
  performMessageTransaction(
    request: CreateSessionRequest | CloseSessionRequest,
    callback: (error: Error | null, response?: unknown) => void,
  ): void;
  getCertificate(): Buffer;
}

/** Secured endpoints a proof can use, most preferred first; Sign is enough for a signature. */
function proofEndpoint(endpoints: readonly EndpointDescription[], options: OpcuaConnectionOptions) {
  const usable = endpoints.filter(
    (e) =>
      (e.securityMode === MessageSecurityMode.Sign ||
        e.securityMode === MessageSecurityMode.SignAndEncrypt) &&
      Object.hasOwn(DEVICE_PROOF_POLICIES, e.securityPolicyUri ?? ""),
  );
  const configured = usable.find(
    (e) =>
      e.securityMode === MessageSecurityMode[options.securityMode] &&
      policyNameOf(e.securityPolicyUri) === options.securityPolicy,
  );
  return configured ?? usable.find((e) => e.securityMode === MessageSecurityMode.Sign) ?? usable[0];
}

const transact = <T>(channel: TransactionChannel, request: CreateSessionRequest | CloseSessionRequest) =>
  new Promise<T>((resolve, reject) =>
    channel.performMessageTransaction(request, (error, response) =>
      error ? reject(error) : resolve(response as T),
    ),
  );

/**
 * Asks the server to sign the challenge: a secure channel on one of its secured endpoints, one
 * CreateSession with clientNonce = SHA-256(nonce), then CloseSession and disconnect. The session is
 * never activated: no user credential is sent, so it needs no trust in the server beyond what the
 * cloud checks (the certificate's thumbprint against the device's birth). A server without a
 * secured endpoint gives no proof, and says so (`kind: "none"`).
 */
export async function proveDevice(
  options: OpcuaConnectionOptions,
  identity: ClientIdentity,
  certificateManager: OPCUACertificateManager,
  nonce: string,
  where: string,
): Promise<DriverResult<DeviceProof>> {
  const listed = await listEndpoints(options, identity, certificateManager, where);
  if (!listed.ok) return listed;
  const endpoints = listed.value;
  const endpoint = proofEndpoint(endpoints, options);
  if (endpoint === undefined) {
    const offered = [
      ...new Set(
        endpoints.map((e) => `${MessageSecurityMode[e.securityMode]}/${policyNameOf(e.securityPolicyUri)}`),
      ),
    ].join(", ");
    return {
      ok: true,
      value: {
        kind: "none",
        reason: {
          code: "ONRAMP_OPCUA_NO_SECURED_ENDPOINT",
          message: `${where}: no Sign/SignAndEncrypt endpoint with an RSA-SHA256 policy; the server offers ${offered || "nothing"}`,
        },
      },
    };
  }
  const serverCertificate = Buffer.from(endpoint.serverCertificate ?? Buffer.alloc(0));
  const client = OPCUAClient.create({
    ...baseClientOptions(identity, certificateManager, options.timeoutMs),
    securityMode: endpoint.securityMode,
    securityPolicy: endpoint.securityPolicyUri ?? "",
    serverCertificate,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 100 },
  });
  const failed = (message: string): DriverResult<DeviceProof> => ({
    ok: false,
    error: cause("ONRAMP_OPCUA_DEVICE_PROOF_FAILED", `${where}: no device proof: ${message}`),
  });
  try {
    await withTimeout(client.connect(options.endpointUrl), options.timeoutMs, "connect");
    const channel = client as unknown as TransactionChannel;
    const clientCertificate = channel.getCertificate();
    const request = new CreateSessionRequest({
      clientCertificate,
      clientDescription: {
        applicationName: new LocalizedText({ text: identity.applicationName }),
        applicationType: ApplicationType.Client,
        applicationUri: identity.applicationUri,
      },
      clientNonce: sessionNonceOf(nonce),
      endpointUrl: options.endpointUrl,
      maxResponseMessageSize: 800_000,
      // The session is closed at once; should the close be lost, the server drops it soon.
      requestedSessionTimeout: 10_000,
      serverUri: endpoint.server.applicationUri ?? "",
      sessionName: "onramp-device-proof",
    });
    const response = await withTimeout(
      transact<unknown>(channel, request),
      options.timeoutMs,
      "CreateSession",
    );
    if (!(response instanceof CreateSessionResponse))
      return failed("the server's answer is not a CreateSessionResponse");
    if (response.responseHeader.serviceResult !== StatusCodes.Good) {
      return failed(`the server refused the session: ${response.responseHeader.serviceResult.name}`);
    }
    const close = new CloseSessionRequest({ deleteSubscriptions: true });
    close.requestHeader.authenticationToken = response.authenticationToken;
    await withTimeout(
      transact<CloseSessionResponse>(channel, close),
      options.timeoutMs,
      "CloseSession",
    ).catch(() => undefined);
    const signature = response.serverSignature?.signature;
    if (!signature?.length || !response.serverCertificate?.length) {
      return failed("the server sent no signature or no certificate with its session");
    }
    const securityMode = endpoint.securityMode === MessageSecurityMode.Sign ? "Sign" : "SignAndEncrypt";
    return {
      ok: true,
      value: {
        kind: "opcua-session-signature",
        securityPolicyUri: endpoint.securityPolicyUri ?? "",
        securityMode,
        serverCertificate: Buffer.from(response.serverCertificate).toString("base64"),
        clientCertificate: Buffer.from(clientCertificate).toString("base64"),
        algorithm: response.serverSignature.algorithm ?? "",
        signature: Buffer.from(signature).toString("base64"),
      },
    };
  } catch (error) {
    return failed(messageOf(error));
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}
