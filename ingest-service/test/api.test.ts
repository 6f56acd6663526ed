import { generateGatewayKey, publicJwk } from "@onramp/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDirs } from "./helpers/data-dir.js";
import { TestGateway } from "./helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "./helpers/harness.js";

let h: Harness;
const tokens: Record<string, string> = {};

const token = async (role: string, enterprise?: string) => {
  const created = await h.api("POST", "/api/v1/tokens", h.adminToken, {
    role,
    enterprise,
    name: `${role}-${enterprise ?? "all"}`,
  });
  expect(created.status).toBe(201);
  return (created.json as { token: string }).token;
};
const enroll = (body: unknown) =>
  h.app.inject({ method: "POST", url: "/api/v1/enroll", payload: body as object });

beforeAll(async () => {
  h = await startHarness();
  for (const ent of ["acme", "globex"]) {
    const gw = new TestGateway(ent, "gw-1");
    await gw.enroll(h.http, await enrollmentToken(h, ent, "gw-1"));
  }
  tokens.acme = await token("enterprise", "acme");
  tokens.globexIntegrator = await token("integrator", "globex");
  tokens.bureau = await token("bureau");
});
afterAll(async () => {
  await h?.close();
  await removeDataDirs();
});

const GLOBEX_READS = [
  "/api/v1/enterprises/globex/gateways",
  "/api/v1/enterprises/globex/devices",
  "/api/v1/enterprises/globex/presence",
  "/api/v1/enterprises/globex/ledger",
  "/api/v1/enterprises/globex/rejections",
  "/api/v1/enterprises/globex/gateways/gw-1/devices/d1/transitions",
  "/api/v1/enterprises/globex/gateways/gw-1/devices/d1/signals/power_active",
];

describe("tenant isolation", () => {
  it("shows an enterprise token its own enterprise only", async () => {
    const listed = await h.api("GET", "/api/v1/enterprises", tokens.acme as string);
    expect((listed.json as { id: string }[]).map((e) => e.id)).toEqual(["acme"]);
    expect((await h.api("GET", "/api/v1/enterprises/acme/gateways", tokens.acme as string)).status).toBe(200);
  });

  it.each(GLOBEX_READS)("refuses an acme token on %s", async (path) => {
    const answer = await h.api("GET", path, tokens.acme as string);
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ code: "ONRAMP_AUTH_FORBIDDEN" });
  });

  it("refuses an enterprise token the enrollment, revocation and admin endpoints", async () => {
    const acme = tokens.acme as string;
    expect(
      (await h.api("POST", "/api/v1/enterprises/acme/enrollment-tokens", acme, { gatewayId: "gw-9" })).status,
    ).toBe(403);
    expect((await h.api("POST", "/api/v1/enterprises/acme/gateways/gw-1/revoke", acme)).status).toBe(403);
    expect((await h.api("GET", "/api/v1/rejections", acme)).status).toBe(403);
    expect((await h.api("POST", "/api/v1/enterprises", acme, { id: "new", name: "New" })).status).toBe(403);
  });

  it("lets an integrator manage its own enterprise and no other", async () => {
    const integrator = tokens.globexIntegrator as string;
    expect(
      (await h.api("POST", "/api/v1/enterprises/globex/enrollment-tokens", integrator, { gatewayId: "gw-2" }))
        .status,
    ).toBe(201);
    expect(
      (await h.api("POST", "/api/v1/enterprises/acme/enrollment-tokens", integrator, { gatewayId: "gw-2" }))
        .status,
    ).toBe(403);
    const listed = (await h.api("GET", "/api/v1/enterprises/globex/enrollment-tokens", integrator))
      .json as Record<string, unknown>[];
    expect(listed.length).toBeGreaterThan(0);
    expect(JSON.stringify(listed)).not.toMatch(/oet_/);
  });

  it("lets the bureau read every enterprise but change nothing", async () => {
    const bureau = tokens.bureau as string;
    expect((await h.api("GET", "/api/v1/enterprises", bureau)).json).toHaveLength(2);
    expect((await h.api("GET", "/api/v1/enterprises/globex/presence", bureau)).status).toBe(200);
    expect((await h.api("POST", "/api/v1/enterprises/globex/gateways/gw-1/revoke", bureau)).status).toBe(403);
  });

  it("answers 401 without a token or with an unknown one", async () => {
    expect((await h.app.inject({ method: "GET", url: "/api/v1/enterprises" })).statusCode).toBe(401);
    expect((await h.api("GET", "/api/v1/enterprises", "ort_unknown-token-value")).json).toMatchObject({
      code: "ONRAMP_AUTH_MISSING",
    });
  });
});

describe("POST /api/v1/enroll", () => {
  const jwk = () => publicJwk(generateGatewayKey().publicKey);

  it("answers the agent's contract: ids, MQTT url and credentials, cmd keys", async () => {
    const answer = await enroll({
      token: await enrollmentToken(h, "acme", "gw-5"),
      publicJwk: jwk(),
      agent: { name: "onramp-agent", version: "0.1.0" },
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.json()).toMatchObject({
      enterprise: "acme",
      gateway: "gw-5",
      mqtt: {
        url: expect.stringMatching(/^mqtt:\/\/127\.0\.0\.1:\d+$/),
        username: "acme/gw-5",
        password: expect.any(String),
        clientId: "acme/gw-5",
      },
      cmdKeys: [expect.objectContaining({ kty: "OKP", crv: "Ed25519" })],
    });
  });

  it("refuses a used token, an expired one and an unknown one with stable codes", async () => {
    const once = await enrollmentToken(h, "acme", "gw-6");
    expect((await enroll({ token: once, publicJwk: jwk() })).statusCode).toBe(201);
    const reused = await enroll({ token: once, publicJwk: jwk() });
    expect([reused.statusCode, reused.json().code]).toEqual([409, "ONRAMP_ENROLL_TOKEN_USED"]);
    const unknown = await enroll({ token: "oet_not-a-real-token", publicJwk: jwk() });
    expect([unknown.statusCode, unknown.json().code]).toEqual([401, "ONRAMP_ENROLL_TOKEN_INVALID"]);
    const { token: expired } = await h.app.ingest.enrollment.createToken(
      { ent: "acme", gatewayId: "gw-7", ttlMs: 1000, createdBy: "test" },
      Date.now() - 60_000,
    );
    const late = await enroll({ token: expired, publicJwk: jwk() });
    expect([late.statusCode, late.json().code]).toEqual([410, "ONRAMP_ENROLL_TOKEN_EXPIRED"]);
  });

  it("refuses a key whose kid is not its thumbprint, and a malformed body", async () => {
    const wrongKid = await enroll({
      token: await enrollmentToken(h, "acme", "gw-8"),
      publicJwk: { ...jwk(), kid: "not-the-thumbprint" },
    });
    expect(wrongKid.json().code).toBe("ONRAMP_ENROLL_KEY_INVALID");
    const malformed = await enroll({ token: "x" });
    expect([malformed.statusCode, malformed.json().code]).toEqual([400, "ONRAMP_API_VALIDATION"]);
  });

  it("bounds request bodies", async () => {
    const huge = await h.app.inject({
      method: "POST",
      url: "/api/v1/enroll",
      headers: { "content-type": "application/json" },
      payload: `{"token":"${"a".repeat(100_000)}"}`,
    });
    expect(huge.statusCode).toBe(413);
  });
});

describe("service endpoints", () => {
  it("serves the OpenAPI document with every route and its bearer requirement", async () => {
    const doc = (await h.app.inject({ method: "GET", url: "/docs/json" })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/enroll",
        "/api/v1/enterprises/{ent}/presence",
        "/api/v1/enterprises/{ent}/gateways/{gw}/devices/{dev}/signals/{signal}",
        "/api/v1/enterprises/{ent}/equipment",
        "/api/v1/enterprises/{ent}/equipment/{dev}",
      ]),
    );
    expect(doc.paths["/api/v1/enterprises"].get.security).toEqual([{ bearer: [] }]);
  });

  it("reports health, readiness and Prometheus metrics", async () => {
    expect((await h.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    expect((await h.app.inject({ method: "GET", url: "/readyz" })).json()).toMatchObject({ status: "ready" });
    const metrics = await h.app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toMatch(/^# TYPE onramp_ingest_queue_points gauge$/m);
  });
});
