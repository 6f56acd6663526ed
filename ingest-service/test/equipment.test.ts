import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnterpriseReport } from "../src/indicators/index.js";
import { removeDataDirs } from "./helpers/data-dir.js";
import { TestGateway } from "./helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "./helpers/harness.js";

let h: Harness;
let gw: TestGateway;
let client: MqttClient;
const tokens: Record<string, string> = {};
const T0 = Date.now() - 30 * 60_000;

const token = async (role: string, enterprise?: string) => {
  const created = await h.api("POST", "/api/v1/tokens", h.adminToken, {
    role,
    enterprise,
    name: `${role}-${enterprise ?? "all"}`,
  });
  expect(created.status).toBe(201);
  return (created.json as { token: string }).token;
};

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const LATHE = {
  name: "Lathe 9",
  class: "cnc_machine_tool",
  keyProcess: true,
  digital: true,
  networked: true,
  cnc: true,
};
const PRESS = {
  name: "Press 7",
  class: "press",
  keyProcess: true,
  digital: false,
  networked: false,
  cnc: false,
};

beforeAll(async () => {
  h = await startHarness();
  gw = new TestGateway("acme", "gw-1");
  await gw.enroll(h.http, await enrollmentToken(h, "acme", "gw-1"));
  await enrollmentToken(h, "globex", "gw-1");
  tokens.acme = await token("enterprise", "acme");
  tokens.acmeIntegrator = await token("integrator", "acme");
  tokens.globex = await token("enterprise", "globex");
  tokens.bureau = await token("bureau");
  client = await gw.connect(h.mqtt);
}, 120_000);
afterAll(async () => {
  await client?.endAsync();
  await h?.close();
  await removeDataDirs();
});

describe("declared equipment (issue 14: key-process equipment declared by the enterprise)", () => {
  it("lets the enterprise and its integrator declare equipment no gateway has announced, and no one else", async () => {
    const put = (who: string, dev: string, body: unknown, ent = "acme") =>
      h.api("PUT", `/api/v1/enterprises/${ent}/equipment/${dev}`, tokens[who] as string, body);
    const first = await put("acme", "lathe-9", LATHE);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      id: "lathe-9",
      keyProcess: true,
      declaredCnc: true,
      declaredBy: "enterprise:enterprise-acme",
      retiredAt: null,
    });
    expect((await put("acme", "lathe-9", LATHE)).status).toBe(200);
    expect((await put("acmeIntegrator", "press-7", PRESS)).status).toBe(201);
    // Scoped: another enterprise's token and the read-only bureau are refused.
    expect(await put("globex", "lathe-9", LATHE)).toMatchObject({
      status: 403,
      json: { code: "ONRAMP_AUTH_FORBIDDEN" },
    });
    expect((await put("bureau", "lathe-9", LATHE)).status).toBe(403);
    // zod at the boundary: an unknown field or a missing one is a 400 with the path.
    const bad = await put("acme", "lathe-9", { ...LATHE, extra: 1 });
    expect(bad.status).toBe(400);
    const missing = await put("acme", "lathe-9", { name: "x" });
    expect(missing.status).toBe(400);
    const listed = await h.api("GET", "/api/v1/enterprises/acme/equipment", tokens.acme as string);
    expect(
      (listed.json as { id: string; announcedBy: string[] }[]).map((e) => [e.id, e.announcedBy]),
    ).toEqual([
      ["lathe-9", []],
      ["press-7", []],
    ]);
  });

  it("attaches a gateway's birth for a declared id to the declaration", async () => {
    const birth = gw.birth([
      {
        id: "lathe-9",
        profile: "acme/lathe@1.0.0",
        class: "cnc_machine_tool",
        mapping: `sha256:${"c".repeat(64)}`,
        identity: {
          fingerprint: "SN-LATHE-9",
          source: "modbus-serial-register",
          fields: { serial: "SN-LATHE-9" },
        },
      },
      {
        id: "lathe-bad",
        profile: "acme/lathe@1.0.0",
        class: "cnc_machine_tool",
        mapping: `sha256:${"c".repeat(64)}`,
        identity: {
          fingerprint: "SN-LATHE-B",
          source: "modbus-serial-register",
          fields: { serial: "SN-LATHE-B" },
        },
      },
    ]);
    await client.publishAsync(gw.topic("birth"), gw.sign(birth), { qos: 1 });
    const equipment = await until("the birth to attach", async () => {
      const listed = await h.api("GET", "/api/v1/enterprises/acme/equipment", tokens.acme as string);
      const lathe = (listed.json as { id: string; announcedBy: string[] }[]).find((e) => e.id === "lathe-9");
      return lathe?.announcedBy.length === 1 ? listed.json : undefined;
    });
    expect((equipment as { id: string; announcedBy: string[] }[]).map((e) => [e.id, e.announcedBy])).toEqual([
      ["lathe-9", ["gw-1"]],
      ["press-7", []],
    ]);
    const devices = await h.api("GET", "/api/v1/enterprises/acme/devices", tokens.acme as string);
    expect(devices.json).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: "lathe-9",
          keyProcess: true,
          cnc: true,
          declaredBy: "enterprise:enterprise-acme",
        }),
        expect.objectContaining({ id: "lathe-bad", keyProcess: false, cnc: false, declaredBy: null }),
      ]),
    );
  });

  it("counts the unannounced equipment and the bad-samples-only machine in the verified denominators, and says why", async () => {
    // lathe-9 sends good values; lathe-bad sends only bad-quality samples with no value.
    for (let i = 0; i < 5; i++) {
      const t = T0 + i * 60_000;
      const frame = gw.data([
        { dev: "lathe-9", samples: [{ s: "execution", v: "ACTIVE", q: "good", t }] },
        { dev: "lathe-bad", samples: [{ s: "execution", v: null, q: "bad", t }] },
      ]);
      await client.publishAsync(gw.topic("data"), gw.sign(frame), { qos: 1 });
    }
    const report = await until("the frames to be stored", async () => {
      const res = await h.api(
        "GET",
        `/api/v1/enterprises/acme/indicators?from=${T0 - 60_000}&to=${Date.now() + 60_000}`,
        tokens.acme as string,
      );
      const r = res.json as EnterpriseReport;
      return r.devices?.find((d) => d.device === "lathe-9")?.presence.framesInWindow === 5 ? r : undefined;
    });
    expect(report.devices.map((d) => [d.device, d.evidence.level, d.presence.framesInWindow])).toEqual([
      ["lathe-9", "consistent", 5],
      ["lathe-bad", "declared", 0],
      ["press-7", "declared", 0],
    ]);
    // The declared press counts as declared (not digital, not networked); both others as connected.
    expect(report.rates.networking.declared).toMatchObject({ numerator: 2, denominator: 3 });
    expect(report.rates.digitalisation.verified).toMatchObject({
      numeratorDevices: ["lathe-9"],
      denominator: 3,
    });
    expect(
      report.rates.digitalisation.verified.leftOut.map((d) => [d.device, d.reasons.map((r) => r.code)]),
    ).toEqual([
      ["lathe-bad", ["NEVER_SENT_DATA"]],
      ["press-7", ["NEVER_SENT_DATA"]],
    ]);
    expect(report.rates.cnc.declared).toMatchObject({ numeratorDevices: ["lathe-9"], denominator: 2 });
    expect(report.rates.cnc.verified.denominatorDevices).toEqual(["lathe-9", "press-7"]);
  });

  it("retires declared equipment, judged only up to then", async () => {
    const retired = await h.api(
      "DELETE",
      "/api/v1/enterprises/acme/equipment/press-7",
      tokens.acme as string,
    );
    expect(retired.status).toBe(200);
    expect((retired.json as { retiredAt: number | null }).retiredAt).toBeGreaterThan(T0);
    const unknown = await h.api("DELETE", "/api/v1/enterprises/acme/equipment/nope", tokens.acme as string);
    expect(unknown).toMatchObject({ status: 404, json: { code: "ONRAMP_NOT_FOUND" } });
  });
});
