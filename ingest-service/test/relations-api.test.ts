import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDirs } from "./helpers/data-dir.js";
import { TestGateway } from "./helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "./helpers/harness.js";

let h: Harness;
const tokens: Record<string, string> = {};
const MAPPING = `sha256:${"c".repeat(64)}`;

const token = async (role: string, enterprise?: string) => {
  const created = await h.api("POST", "/api/v1/tokens", h.adminToken, {
    role,
    enterprise,
    name: `${role}-${enterprise}`,
  });
  expect(created.status).toBe(201);
  return (created.json as { token: string }).token;
};

/** Announces devices the way an agent does: a signed birth over the embedded broker. */
async function announce(gateway: TestGateway, devices: [string, string][]): Promise<void> {
  const client = await gateway.connect(h.mqtt);
  const birth = gateway.birth(
    devices.map(([id, cls]) => ({
      id,
      profile: `test/${cls}@1.0.0`,
      class: cls,
      mapping: MAPPING,
      identity: null,
    })),
  );
  await client.publishAsync(gateway.topic("birth"), gateway.sign(birth), { qos: 1 });
  await client.endAsync();
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const listed = await h.api("GET", `/api/v1/enterprises/${gateway.ent}/devices`, h.adminToken);
    if ((listed.json as unknown[]).length === devices.length) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the birth did not reach the registry within 20 s");
}

beforeAll(async () => {
  h = await startHarness();
  const acme = new TestGateway("acme", "gw-1");
  await acme.enroll(h.http, await enrollmentToken(h, "acme", "gw-1"));
  await announce(acme, [
    ["meter-1", "energy_meter"],
    ["cnc-1", "cnc_machine_tool"],
    ["plc-1", "plc"],
    ["line-1", "plc"],
  ]);
  const globex = new TestGateway("globex", "gw-1");
  await globex.enroll(h.http, await enrollmentToken(h, "globex", "gw-1"));
  tokens.acme = await token("enterprise", "acme");
  tokens.acmeIntegrator = await token("integrator", "acme");
  tokens.globex = await token("enterprise", "globex");
  tokens.bureau = await token("bureau");
});
afterAll(async () => {
  await h?.close();
  await removeDataDirs();
});

const PATH = "/api/v1/enterprises/acme/relations";

describe("device relations API", () => {
  it("lets the enterprise declare that its meter feeds its CNC, once, and lists it with who declared it", async () => {
    const created = await h.api("POST", PATH, tokens.acme as string, {
      kind: "feeds",
      from: "meter-1",
      to: "cnc-1",
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      ent: "acme",
      kind: "feeds",
      from: "meter-1",
      to: "cnc-1",
      declaredBy: "enterprise:enterprise-acme",
    });
    const again = await h.api("POST", PATH, tokens.acme as string, {
      kind: "feeds",
      from: "meter-1",
      to: "cnc-1",
    });
    expect([again.status, (again.json as { code: string }).code]).toEqual([409, "ONRAMP_CONFLICT"]);
    const runs = await h.api("POST", PATH, tokens.acmeIntegrator as string, {
      kind: "runs",
      from: "plc-1",
      to: "line-1",
    });
    expect(runs.status).toBe(201);
    const listed = await h.api("GET", PATH, tokens.bureau as string);
    expect((listed.json as { kind: string; from: string }[]).map((r) => [r.kind, r.from])).toEqual([
      ["feeds", "meter-1"],
      ["runs", "plc-1"],
    ]);
  });

  it("refuses unknown devices, a device related to itself and a source of the wrong class", async () => {
    for (const body of [
      { kind: "feeds", from: "meter-9", to: "cnc-1" },
      { kind: "feeds", from: "meter-1", to: "meter-1" },
      { kind: "feeds", from: "cnc-1", to: "meter-1" },
      { kind: "runs", from: "meter-1", to: "line-1" },
    ]) {
      const answer = await h.api("POST", PATH, tokens.acme as string, body);
      expect([answer.status, (answer.json as { code: string }).code]).toEqual([
        422,
        "ONRAMP_RELATION_INVALID",
      ]);
    }
    const malformed = await h.api("POST", PATH, tokens.acme as string, {
      kind: "powers",
      from: "meter-1",
      to: "cnc-1",
    });
    expect([malformed.status, (malformed.json as { code: string }).code]).toEqual([
      400,
      "ONRAMP_API_VALIDATION",
    ]);
  });

  it("keeps relations inside the enterprise: another enterprise cannot read or declare, the bureau cannot declare", async () => {
    expect((await h.api("GET", PATH, tokens.globex as string)).status).toBe(403);
    const body = { kind: "feeds", from: "meter-1", to: "cnc-1" };
    expect((await h.api("POST", PATH, tokens.globex as string, body)).status).toBe(403);
    expect((await h.api("POST", PATH, tokens.bureau as string, body)).status).toBe(403);
  });

  it("withdraws a relation, then answers not found", async () => {
    const query = "?kind=runs&from=plc-1&to=line-1";
    expect((await h.api("DELETE", `${PATH}${query}`, tokens.acme as string)).status).toBe(200);
    const again = await h.api("DELETE", `${PATH}${query}`, tokens.acme as string);
    expect([again.status, (again.json as { code: string }).code]).toEqual([404, "ONRAMP_NOT_FOUND"]);
  });

  it("documents the routes in the OpenAPI document", async () => {
    const doc = (await h.app.inject({ method: "GET", url: "/docs/json" })).json() as {
      paths: Record<string, object>;
    };
    expect(Object.keys(doc.paths["/api/v1/enterprises/{ent}/relations"] ?? {}).sort()).toEqual([
      "delete",
      "get",
      "post",
    ]);
  });
});
