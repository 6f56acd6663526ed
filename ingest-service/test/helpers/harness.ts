import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { type Logger, pino } from "pino";
import { buildApp } from "../../src/app.js";
import type { IngestConfigInput } from "../../src/config.js";
import { freshDataDir } from "./data-dir.js";

export interface Harness {
  app: FastifyInstance;
  http: string;
  mqtt: string;
  adminToken: string;
  dataDir: string;
  /** Calls the API with a bearer token. */
  api(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

/** Quiet logs unless ONRAMP_TEST_LOG is set: tests assert on behaviour, not on log lines. */
export const testLogger = () => pino({ level: process.env.ONRAMP_TEST_LOG ?? "silent" });

/** The service in-process on ephemeral ports (HTTP and the embedded broker), with an admin token. */
export async function startHarness(
  config: Partial<IngestConfigInput> = {},
  options: { now?: () => number; logger?: Logger } = {},
): Promise<Harness> {
  const dataDir = config.dataDir ?? (await freshDataDir());
  const app = await buildApp({
    config: {
      dataDir,
      http: { host: "127.0.0.1", port: 0 },
      broker: { mode: "embedded", host: "127.0.0.1", port: 0 },
      // Off unless a test asks: a background pass would compete with what the test measures.
      bureauWarmup: { enabled: false },
      copiedStreamScan: { enabled: false },
      ...config,
    },
    logger: options.logger ?? testLogger(),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const http = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const broker = app.ingest.broker?.address();
  const { token: adminToken } = await app.ingest.apiTokens.create({
    role: "admin",
    ent: null,
    name: "test-admin",
  });
  const api: Harness["api"] = async (method, path, token, body) => {
    const response = await app.inject({
      method: method as "GET",
      url: path,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return {
      status: response.statusCode,
      json: response.body === "" ? undefined : JSON.parse(response.body),
    };
  };
  return {
    app,
    http,
    mqtt: broker === undefined ? "" : `mqtt://${broker.host}:${broker.port}`,
    adminToken,
    dataDir,
    api,
    close: () => app.close(),
  };
}

/** Registers an enterprise and returns a one-time enrollment token for `gw`. */
export async function enrollmentToken(
  h: Harness,
  ent: string,
  gw: string,
  ttlSeconds = 3600,
): Promise<string> {
  await h.api("POST", "/api/v1/enterprises", h.adminToken, { id: ent, name: ent });
  const created = await h.api("POST", `/api/v1/enterprises/${ent}/enrollment-tokens`, h.adminToken, {
    gatewayId: gw,
    ttlSeconds,
  });
  if (created.status !== 201) throw new Error(`token: ${JSON.stringify(created.json)}`);
  return (created.json as { token: string }).token;
}
