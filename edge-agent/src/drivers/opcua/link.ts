import { readFile } from "node:fs/promises";
import {
  type ClientSession,
  MessageSecurityMode,
  type OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  type UserIdentityInfo,
  UserTokenType,
} from "node-opcua";
import type { Logger } from "pino";
import type { DriverResult } from "../driver.js";
import type { CertificateSummary, TofuPins } from "./certificates.js";
import { baseClientOptions, type ClientIdentity, discoverEndpoint, withTimeout } from "./discovery.js";
import { cause, isUnreachable, messageOf } from "./errors.js";
import { checkServerTrust } from "./server-trust.js";
import type { OpcuaConnectionOptions, SecretRef } from "./url.js";

/** What a device shares with the other devices of the agent (one per factory). */
export interface LinkContext {
  /** Opened once per agent, on first use. */
  readonly certificateManager: () => Promise<OPCUACertificateManager>;
  readonly pins: TofuPins;
  readonly identity: ClientIdentity;
  readonly dataDir: string;
  readonly logger: Logger;
}

/** An open, trusted, authenticated session to one server. */
export interface Link {
  readonly client: OPCUAClient;
  readonly session: ClientSession;
  readonly applicationUri: string;
  readonly productUri: string;
  readonly certificate: CertificateSummary | undefined;
  readonly namespaceArray: readonly string[];
  close(): Promise<void>;
}

/**
 * Discovery → trust check → secure channel → session, each failure a value naming the device.
 * node-opcua's reconnection is enabled on the client (maxRetry > 0): once connected, a broken
 * channel is re-opened and the session re-activated or re-created with its subscriptions.
 */
export async function openLink(
  options: OpcuaConnectionOptions,
  device: string,
  where: string,
  ctx: LinkContext,
): Promise<DriverResult<Link>> {
  let certificateManager: OPCUACertificateManager;
  try {
    certificateManager = await ctx.certificateManager();
  } catch (error) {
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_SESSION_FAILED",
        `${where}: cannot open the certificate store: ${messageOf(error)}`,
      ),
    };
  }
  const discovered = await discoverEndpoint(options, ctx.identity, certificateManager, where);
  if (!discovered.ok) return discovered;
  const trusted = await checkServerTrust({
    discovered: discovered.value,
    options,
    pins: ctx.pins,
    dataDir: ctx.dataDir,
    logger: ctx.logger,
    device,
    where,
  });
  if (!trusted.ok) return trusted;
  const user = await userIdentityOf(options, where);
  if (!user.ok) return user;

  const client = OPCUAClient.create({
    ...baseClientOptions(ctx.identity, certificateManager, options.timeoutMs),
    securityMode: MessageSecurityMode[options.securityMode],
    securityPolicy: SecurityPolicy[options.securityPolicy],
    ...(discovered.value.certificate ? { serverCertificate: discovered.value.certificate } : {}),
    // One retry for the first connect (the driver's own loop backs off between attempts);
    // maxRetry > 0 also turns node-opcua's automatic reconnection on for later breaks.
    connectionStrategy: { maxRetry: 1, initialDelay: 250, maxDelay: 5_000, randomisationFactor: 0.2 },
    requestedSessionTimeout: Math.max(60_000, options.timeoutMs * 3),
    keepSessionAlive: false,
  });
  try {
    await withTimeout(client.connect(options.endpointUrl), options.timeoutMs * 2, "connect");
  } catch (error) {
    await client.disconnect().catch(() => undefined);
    const code = isUnreachable(error) ? "ONRAMP_OPCUA_UNREACHABLE" : "ONRAMP_OPCUA_SESSION_FAILED";
    return { ok: false, error: cause(code, `${where}: cannot open the secure channel: ${messageOf(error)}`) };
  }
  let session: ClientSession;
  try {
    session = await withTimeout(client.createSession(user.value), options.timeoutMs, "CreateSession");
  } catch (error) {
    await client.disconnect().catch(() => undefined);
    const text = messageOf(error);
    const isAuth = /BadUserAccessDenied|BadIdentityToken|BadUserSignatureInvalid|anonymous/i.test(text);
    return {
      ok: false,
      error: cause(
        isAuth ? "ONRAMP_OPCUA_AUTH_FAILED" : "ONRAMP_OPCUA_SESSION_FAILED",
        `${where}: the server refused the session${options.user ? ` for user "${options.user.name}"` : " (anonymous)"}: ${text}`,
      ),
    };
  }
  let namespaceArray: string[];
  try {
    namespaceArray = await session.readNamespaceArray();
  } catch (error) {
    await session.close().catch(() => undefined);
    await client.disconnect().catch(() => undefined);
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_READ_FAILED",
        `${where}: cannot read the NamespaceArray: ${messageOf(error)}`,
      ),
    };
  }
  const server = discovered.value.endpoint.server;
  return {
    ok: true,
    value: {
      client,
      session,
      applicationUri: server.applicationUri ?? "",
      productUri: server.productUri ?? "",
      certificate: discovered.value.summary,
      namespaceArray,
      async close() {
        await withTimeout(session.close(true), options.timeoutMs, "CloseSession").catch(() => undefined);
        await client.disconnect().catch(() => undefined);
      },
    },
  };
}

async function userIdentityOf(
  options: OpcuaConnectionOptions,
  where: string,
): Promise<DriverResult<UserIdentityInfo>> {
  if (!options.user) return { ok: true, value: { type: UserTokenType.Anonymous } };
  const password = await readSecret(options.user.password);
  if (password === undefined) {
    const ref = options.user.password;
    const source = ref.kind === "env" ? `environment variable ${ref.name}` : `file ${ref.path}`;
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_SECRET_UNAVAILABLE",
        `${where}: the password (${source}) is not set or not readable`,
      ),
    };
  }
  return { ok: true, value: { type: UserTokenType.UserName, userName: options.user.name, password } };
}

/** Read at every connect, so a rotated password takes effect without a restart. Never logged. */
async function readSecret(ref: SecretRef): Promise<string | undefined> {
  if (ref.kind === "env") return process.env[ref.name] || undefined;
  try {
    return (await readFile(ref.path, "utf8")).replace(/\r?\n$/, "") || undefined;
  } catch {
    return undefined;
  }
}
