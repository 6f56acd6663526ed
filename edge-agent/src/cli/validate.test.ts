import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { COUNTER_PROFILE } from "../../test/e2e/fixture.js";
import type { CliIo } from "./io.js";
import { validateCommand } from "./validate.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "onramp-validate-"));
  await writeFile(join(dir, "counter.yaml"), stringify(COUNTER_PROFILE));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function validate(devices: string): Promise<{ code: number; out: string; err: string }> {
  const path = join(dir, "agent.yaml");
  await writeFile(path, `gateway: { dataDir: data }\ndevices:\n${devices}`);
  let out = "";
  let err = "";
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {} };
  const code = await validateCommand([path], io);
  return { code, out, err: err.replaceAll(`${dir}/`, "") };
}

describe("onramp-agent validate", () => {
  it("accepts a valid config and says how many devices it has", async () => {
    const result = await validate(
      "  - { id: press-1, profile: counter.yaml, connection: 'modbus-tcp://127.0.0.1:502?unit=1' }\n",
    );
    expect(result).toMatchObject({ code: 0, err: "" });
    expect(result.out).toMatch(/valid, 1 device\(s\)/);
  });

  it("checks each connection URL with the driver that would open it, and exits non-zero", async () => {
    const result = await validate(
      "  - { id: press-1, profile: counter.yaml, connection: 'ftp://10.0.0.7/' }\n" +
        "  - { id: press-2, profile: counter.yaml, connection: 'modbus-tcp://10.0.0.7:502?unit=300' }\n",
    );
    expect(result.code).toBe(1);
    const lines = result.err.trim().split("\n");
    expect(lines[0]).toMatch(/^agent\.yaml:3:55 devices\[0\]\.connection: .*scheme "ftp:"/);
    expect(lines[1]).toMatch(/^agent\.yaml:4:55 devices\[1\]\.connection: .*unit/);
    expect(lines[2]).toBe("2 error(s) in agent.yaml");
  });

  it("exits 2 on bad usage", async () => {
    let err = "";
    expect(await validateCommand([], { stdout: () => {}, stderr: (t) => (err += t), env: {} })).toBe(2);
    expect(err).toMatch(/^usage: onramp-agent validate/);
  });
});
