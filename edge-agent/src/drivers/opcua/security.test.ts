import { readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CompiledProfile } from "@onramp/profiles";
import { ALWAYS_ON, type PlcSimulator, startPlcSimulator } from "@onramp/simulators";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriverContext, DriverFactory, DriverResult } from "../driver.js";
import { pkiDirOf } from "./certificates.js";
import { createOpcuaDriverFactory } from "./factory.js";
import { libraryProfile, opcuaTestContext, tempDir, until } from "./testing/harness.js";
import { trustServerCertificate } from "./trust.js";
import { trustCommand } from "./trust-command.js";

const PASSWORD = "correct horse battery staple";
const ENV = "ONRAMP_TEST_OPCUA_PASSWORD";

describe("OPC UA driver security: certificates, trust and user authentication", () => {
  let simPki: string;
  let sim: PlcSimulator;
  let profile: CompiledProfile;
  const cleanups: (() => Promise<void>)[] = [];

  /** A fresh agent (own data dir, so its own trust store) whose log lines are kept. */
  async function agent(): Promise<{ ctx: DriverContext; factory: DriverFactory; logs: string[] }> {
    const base = await opcuaTestContext();
    const logs: string[] = [];
    const ctx = {
      ...base,
      logger: pino({ level: "debug" }, { write: (line: string) => void logs.push(line) }),
    };
    const factory = createOpcuaDriverFactory(ctx);
    cleanups.push(async () => {
      await factory.close();
      await base.cleanup();
    });
    return { ctx, factory, logs };
  }

  async function readWith(factory: DriverFactory, query: string): Promise<DriverResult<unknown>> {
    const root = encodeURIComponent(sim.lines[0]?.rootBrowsePath ?? "");
    const made = factory.create({
      id: "plc",
      url: `${sim.endpointUrl}?root=${root}&timeoutMs=5000&${query}`,
      profile,
    });
    if (!made.ok) return made;
    try {
      return await made.value.read(["part_count"]);
    } finally {
      await made.value.close();
    }
  }

  beforeAll(async () => {
    simPki = await tempDir("plc-secure");
    sim = await startPlcSimulator({
      pkiDir: simPki,
      schedule: ALWAYS_ON,
      users: [{ username: "operator", password: PASSWORD }],
      allowAnonymous: true,
    });
    profile = await libraryProfile("plc/opcua-generic-plc.yaml");
  });

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await sim?.stop();
    await rm(simPki, { recursive: true, force: true });
    delete process.env[ENV];
  });

  it("refuses an untrusted server certificate with a message naming its SHA-256 thumbprint, then accepts it after trust", async () => {
    const { ctx, factory } = await agent();
    const secure = "security=SignAndEncrypt&policy=Basic256Sha256";
    const refused = await readWith(factory, secure);
    expect(refused).toMatchObject({ ok: false, error: { code: "ONRAMP_OPCUA_UNTRUSTED_SERVER" } });
    const message = refused.ok ? "" : refused.error.message;
    expect(message).toMatch(/SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(message).toContain("onramp-agent trust --connection");
    const thumbprint = /--thumbprint ([0-9a-f]{64})/.exec(message)?.[1] ?? "";
    expect(await readdir(join(pkiDirOf(ctx.dataDir), "rejected"))).not.toHaveLength(0);

    const wrong = await trustServerCertificate(ctx, {
      url: sim.endpointUrl,
      expectedThumbprint: "00".repeat(32),
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: "ONRAMP_OPCUA_UNTRUSTED_SERVER" } });
    expect(await readWith(factory, secure)).toMatchObject({ ok: false });

    const out: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), env: {} };
    const url = `${sim.endpointUrl}?${secure}`;
    expect(
      await trustCommand(["--connection", url, "--thumbprint", thumbprint, "--data-dir", ctx.dataDir], io),
    ).toBe(0);
    expect(out.join("")).toContain("SHA-256");
    await until(
      async () => ((await readWith(factory, secure)).ok ? true : undefined),
      "the trusted connection",
      10_000,
    );
  });

  it("connects with Sign and SignAndEncrypt under all three policies once trusted", async () => {
    const { ctx, factory } = await agent();
    const trusted = await trustServerCertificate(ctx, { url: sim.endpointUrl });
    expect(trusted.ok).toBe(true);
    for (const mode of ["Sign", "SignAndEncrypt"]) {
      for (const policy of ["Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss"]) {
        const result = await until(
          async () => {
            const r = await readWith(factory, `security=${mode}&policy=${policy}`);
            return r.ok ? r : undefined;
          },
          `${mode}/${policy}`,
          10_000,
        );
        expect(result.ok, `${mode}/${policy}`).toBe(true);
      }
    }
  });

  it("authenticates with a user name and a password read from the environment or a file, and never logs it", async () => {
    const { ctx, factory, logs } = await agent();
    process.env[ENV] = PASSWORD;
    expect((await readWith(factory, `user=operator&password=env:${ENV}`)).ok).toBe(true);

    const file = join(ctx.dataDir, "opcua-password");
    await writeFile(file, `${PASSWORD}\n`);
    expect((await readWith(factory, `user=operator&password=file:${encodeURIComponent(file)}`)).ok).toBe(
      true,
    );

    process.env[ENV] = "wrong password";
    const refused = await readWith(factory, `user=operator&password=env:${ENV}`);
    expect(refused).toMatchObject({ ok: false, error: { code: "ONRAMP_OPCUA_AUTH_FAILED" } });
    expect(refused.ok ? "" : refused.error.message).toContain('user "operator"');

    delete process.env[ENV];
    expect(await readWith(factory, `user=operator&password=env:${ENV}`)).toMatchObject({
      ok: false,
      error: { code: "ONRAMP_OPCUA_SECRET_UNAVAILABLE" },
    });
    expect(
      factory.create({ id: "x", url: `${sim.endpointUrl}?user=operator&password=${PASSWORD}`, profile }),
    ).toMatchObject({
      ok: false,
      error: { code: "ONRAMP_OPCUA_URL_INVALID" },
    });
    const everything = [...logs, refused.ok ? "" : refused.error.message].join("\n");
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain("wrong password");
  });

  it("trusts on first use only with tofu=1, logging the thumbprint, and refuses another certificate later", async () => {
    const { factory, logs } = await agent();
    const first = await readWith(factory, "security=SignAndEncrypt&tofu=1");
    expect(first.ok).toBe(true);
    const line = logs.map((l) => JSON.parse(l)).find((l) => l.code === "ONRAMP_OPCUA_TOFU_TRUSTED");
    expect(line?.thumbprint).toMatch(/^[0-9a-f]{64}$/);
    expect(line?.level).toBe(40);

    // The machine is replaced (or impersonated): same endpoint, another certificate.
    const port = Number(new URL(sim.endpointUrl).port);
    await sim.stop();
    const otherPki = await tempDir("plc-other");
    cleanups.push(() => rm(otherPki, { recursive: true, force: true }));
    sim = await startPlcSimulator({
      pkiDir: otherPki,
      port,
      schedule: ALWAYS_ON,
      applicationUri: "urn:onramp:impostor",
    });
    const changed = await readWith(factory, "security=SignAndEncrypt&tofu=1");
    expect(changed).toMatchObject({ ok: false, error: { code: "ONRAMP_OPCUA_SERVER_CERTIFICATE_CHANGED" } });
    expect(changed.ok ? "" : changed.error.message).toContain(`trusted on first use`);
  });
});
