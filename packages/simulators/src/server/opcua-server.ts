import { join } from "node:path";
import {
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  type UserManagerOptions,
} from "node-opcua";

/** A username/password pair the simulator accepts (UserNameIdentityToken, OPC 10000-4 §7.41.4). */
export interface SimulatorUser {
  readonly username: string;
  readonly password: string;
}

export interface SimulatorServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
  /**
   * Where the server keeps its certificate, key and trust lists. Always explicit: node-opcua's
   * default is a folder under $HOME shared by every server on the machine.
   */
  readonly pkiDir: string;
  readonly nodesets: readonly string[];
  readonly applicationUri: string;
  readonly productUri: string;
  readonly productName: string;
  readonly softwareVersion: string;
  /** With users, anonymous sessions are refused unless `allowAnonymous` says otherwise. */
  readonly users?: readonly SimulatorUser[];
  readonly allowAnonymous?: boolean;
}

/**
 * A node-opcua server with every security mode and the three policies the agent supports
 * (Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss, plus None). The simulator trusts
 * any client certificate: it stands in for a machine whose administrator has already accepted
 * the gateway — the agent's side of trust is what the tests exercise.
 */
export async function startSimulatorServer(options: SimulatorServerOptions): Promise<OPCUAServer> {
  const users = options.users ?? [];
  const server = new OPCUAServer({
    hostname: options.host,
    port: options.port,
    nodeset_filename: [...options.nodesets],
    serverCertificateManager: new OPCUACertificateManager({
      rootFolder: join(options.pkiDir, "own"),
      automaticallyAcceptUnknownCertificate: true,
    }),
    userCertificateManager: new OPCUACertificateManager({
      rootFolder: join(options.pkiDir, "users"),
      automaticallyAcceptUnknownCertificate: true,
    }),
    serverInfo: {
      applicationUri: options.applicationUri,
      productUri: options.productUri,
      applicationName: { text: options.productName, locale: "en" },
    },
    buildInfo: {
      productName: options.productName,
      productUri: options.productUri,
      manufacturerName: "Onramp",
      softwareVersion: options.softwareVersion,
      buildNumber: "1",
      buildDate: new Date(Date.UTC(2026, 0, 1)),
    },
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: [
      SecurityPolicy.None,
      SecurityPolicy.Basic256Sha256,
      SecurityPolicy.Aes128_Sha256_RsaOaep,
      SecurityPolicy.Aes256_Sha256_RsaPss,
    ],
    allowAnonymous: options.allowAnonymous ?? users.length === 0,
    userManager: userManagerOf(users),
  });
  await server.initialize();
  await server.start();
  return server;
}

function userManagerOf(users: readonly SimulatorUser[]): UserManagerOptions {
  return {
    isValidUser: (username: string, password: string) =>
      users.some((u) => u.username === username && u.password === password),
  };
}

/** The URL clients use: node-opcua advertises the host name; the simulator binds and answers on `host`. */
export function endpointUrlOf(server: OPCUAServer, host: string): string {
  const port = server.endpoints[0]?.port;
  if (port === undefined) throw new Error("the OPC UA server has no endpoint");
  return `opc.tcp://${host}:${port}`;
}
