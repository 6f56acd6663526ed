import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AttributeIds,
  type ClientSession,
  type DataValue,
  makeBrowsePath,
  OPCUACertificateManager,
  OPCUAClient,
} from "node-opcua";

/**
 * A plain node-opcua client for the simulators' own tests (the agent's driver lives in
 * edge-agent, which packages never import). Paths are `alias:Name/…` from Objects, aliases
 * resolved through `namespaces` (alias → URI) or written as numeric indexes.
 */
export interface TestClient {
  readonly session: ClientSession;
  resolve(path: string, namespaces: Readonly<Record<string, string>>): Promise<string | null>;
  read(nodeId: string): Promise<DataValue>;
  close(): Promise<void>;
}

export async function connectTestClient(endpointUrl: string): Promise<TestClient> {
  const pkiDir = await mkdtemp(join(tmpdir(), "onramp-sim-client-"));
  const certificateManager = new OPCUACertificateManager({ rootFolder: pkiDir });
  const client = OPCUAClient.create({
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 1, initialDelay: 100, maxDelay: 500 },
    clientCertificateManager: certificateManager,
  });
  await client.connect(endpointUrl);
  const session = await client.createSession();
  const namespaceArray = await session.readNamespaceArray();
  const indexOf = (alias: string, namespaces: Readonly<Record<string, string>>): number => {
    if (/^\d+$/.test(alias)) return Number(alias);
    const uri = namespaces[alias];
    const index = uri === undefined ? -1 : namespaceArray.indexOf(uri);
    if (index < 0) throw new Error(`namespace alias ${alias} (${uri}) is not on the server`);
    return index;
  };
  return {
    session,
    async resolve(path, namespaces) {
      const relative = path
        .split("/")
        .map((segment) => {
          const colon = segment.indexOf(":");
          return `/${indexOf(segment.slice(0, colon), namespaces)}:${segment.slice(colon + 1)}`;
        })
        .join("");
      const result = await session.translateBrowsePath(makeBrowsePath("RootFolder", `/0:Objects${relative}`));
      return result.targets?.[0]?.targetId.toString() ?? null;
    },
    read: (nodeId) => session.read({ nodeId, attributeId: AttributeIds.Value }),
    async close() {
      await session.close();
      await client.disconnect();
      await certificateManager.dispose();
      await rm(pkiDir, { recursive: true, force: true });
    },
  };
}
