// The ingest service as a child process through its own CLI, and the few API calls the demo makes.
import { createServer } from "node:net";
import { join } from "node:path";
import type { Child, Children } from "./children.js";

export const ROOT = join(import.meta.dirname, "../..");
export const INGEST_BIN = join(ROOT, "ingest-service/bin/onramp-ingest.js");
export const AGENT_BIN = join(ROOT, "edge-agent/bin/onramp-agent.js");
export const PROFILES = join(ROOT, "device-profiles");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

export interface Ingest {
  readonly child: Child;
  readonly url: string;
  readonly api: Api;
}

/** Creates the admin token with the CLI (which also migrates), then runs `serve` until /readyz answers. */
export async function startIngest(
  children: Children,
  dataDir: string,
  readyTimeoutMs = 60_000,
): Promise<Ingest> {
  const admin = (
    await children.run("ingest-token", [
      INGEST_BIN,
      "token",
      "create",
      "--role",
      "admin",
      "--name",
      "demo-admin",
      "--data-dir",
      dataDir,
    ])
  ).trim();
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  const child = children.start("ingest", [
    INGEST_BIN,
    "serve",
    "--data-dir",
    dataDir,
    "--http-port",
    String(httpPort),
    "--mqtt-port",
    String(mqttPort),
    "--profiles",
    PROFILES,
  ]);
  const url = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error("the ingest service exited: see its log");
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline)
      throw new Error(`the ingest service was not ready within ${readyTimeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, url, api: new Api(url, admin) };
}

export class Api {
  readonly url: string;
  readonly adminToken: string;
  constructor(url: string, adminToken: string) {
    this.url = url;
    this.adminToken = adminToken;
  }

  async call<T>(method: string, path: string, body?: unknown, token = this.adminToken): Promise<T> {
    const response = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  createEnterprise(id: string, name: string) {
    return this.call("POST", "/enterprises", { id, name });
  }

  async createToken(role: string, enterprise?: string): Promise<string> {
    const body = {
      role,
      name: `demo-${role}${enterprise ? `-${enterprise}` : ""}`,
      ...(enterprise ? { enterprise } : {}),
    };
    return (await this.call<{ token: string }>("POST", "/tokens", body)).token;
  }

  async enrollmentToken(ent: string, gatewayId: string): Promise<string> {
    return (
      await this.call<{ token: string }>("POST", `/enterprises/${ent}/enrollment-tokens`, { gatewayId })
    ).token;
  }
}
