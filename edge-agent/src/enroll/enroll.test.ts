import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publicJwk } from "@onramp/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollCommand } from "../cli/enroll.js";
import type { CliIo } from "../cli/io.js";
import { ENROLLMENT_FILE, KEY_FILE } from "./enrollment.js";
import { loadEnrollment } from "./load-enrollment.js";

// A small real HTTP server implementing the enroll contract of README.md.
const cloud = generateKeyPairSync("ed25519");
const requests: {
  token: string;
  publicJwk: { kty: string; x: string; kid: string };
  agent: { name: string };
}[] = [];
let server: Server;
let url: string;
const dirs: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/api/v1/enroll") return res.writeHead(404).end();
      const request = JSON.parse(body);
      requests.push(request);
      if (request.token !== "one-time-token") {
        res.writeHead(401, { "content-type": "application/json" });
        return res.end(
          JSON.stringify({ code: "ONRAMP_ENROLL_TOKEN_INVALID", message: "unknown or used token" }),
        );
      }
      res.writeHead(201, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          enterprise: "acme",
          gateway: "hall-2-gw",
          mqtt: {
            url: "mqtts://broker.example:8883",
            username: "acme/hall-2-gw",
            password: "broker-secret",
            clientId: "acme/hall-2-gw",
          },
          cmdKeys: [publicJwk(cloud.publicKey)],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (out += t), env: {} };
  return { code: await enrollCommand(args, io), out };
}

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "onramp-enroll-"));
  dirs.push(dir);
  return join(dir, "data");
}

describe("onramp-agent enroll", () => {
  it("registers a new Ed25519 key and stores key and credentials readable by the owner only", async () => {
    const dir = await dataDir();
    const { code, out } = await run(["--server", url, "--token", "one-time-token", "--data-dir", dir]);
    expect(code).toBe(0);
    expect(out).toMatch(/enrolled: gateway hall-2-gw of enterprise acme/);
    const key = await readFile(join(dir, KEY_FILE), "utf8");
    // Never printed: neither the private key nor the broker password.
    expect(out).not.toContain(key.split("\n")[1]);
    expect(out).not.toContain("broker-secret");
    expect((await stat(join(dir, KEY_FILE))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, ENROLLMENT_FILE))).mode & 0o777).toBe(0o600);
    const loaded = await loadEnrollment(dir);
    if (!loaded.ok) throw new Error(loaded.message);
    const sent = requests.at(-1);
    expect(sent?.publicJwk).toMatchObject({ kty: "OKP", kid: loaded.enrollment.signer.kid });
    expect(sent?.agent.name).toBe("onramp-agent");
    expect(loaded.enrollment.record).toMatchObject({ gateway: "hall-2-gw", enterprise: "acme" });
    // The embedded broker accepts only the client id it issued: `run` connects with it.
    expect(loaded.enrollment.record.mqtt.clientId).toBe("acme/hall-2-gw");
    expect([...loaded.enrollment.cmdKeys.keys()]).toEqual([publicJwk(cloud.publicKey).kid]);
  });

  it("reports a refused token, keeps the key for the next attempt, and refuses to enroll twice", async () => {
    const dir = await dataDir();
    const refused = await run(["--server", url, "--token", "used", "--data-dir", dir]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(
      /ONRAMP_ENROLL_REFUSED: .*HTTP 401 \(ONRAMP_ENROLL_TOKEN_INVALID\) unknown or used token/,
    );
    const firstKey = requests.at(-1)?.publicJwk.x;
    expect((await run(["--server", url, "--token", "one-time-token", "--data-dir", dir])).code).toBe(0);
    expect(requests.at(-1)?.publicJwk.x).toBe(firstKey);
    const again = await run(["--server", url, "--token", "one-time-token", "--data-dir", dir]);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/ONRAMP_ENROLL_ALREADY/);
  });

  it("says when the server cannot be reached", async () => {
    const { code, out } = await run([
      "--server",
      "http://127.0.0.1:1",
      "--token",
      "t",
      "--data-dir",
      await dataDir(),
    ]);
    expect(code).toBe(1);
    expect(out).toMatch(/ONRAMP_ENROLL_UNREACHABLE/);
  });
});
