import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../test/peers/wait.js";
import { removeDataDirs } from "./helpers/data-dir.js";
import { samples, TestGateway } from "./helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "./helpers/harness.js";

const run = promisify(execFile);

/** A self-signed certificate for 127.0.0.1, made by openssl for this test only. */
async function selfSignedCertificate(dir: string) {
  const cert = join(dir, "broker.crt");
  const key = join(dir, "broker.key");
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1",
    "-keyout",
    key,
    "-out",
    cert,
  ]);
  return { certFile: cert, keyFile: key, ca: await readFile(cert) };
}

describe("embedded broker over TLS", () => {
  let dir: string;
  let h: Harness;
  let ca: Buffer;
  let gateway: TestGateway;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "onramp-tls-"));
    const certificate = await selfSignedCertificate(dir);
    ca = certificate.ca;
    h = await startHarness({
      broker: {
        mode: "embedded",
        host: "127.0.0.1",
        port: 0,
        tlsCertFile: certificate.certFile,
        tlsKeyFile: certificate.keyFile,
      },
    });
    gateway = new TestGateway("acme", "hall-1");
    await gateway.enroll(h.http, await enrollmentToken(h, "acme", "hall-1"));
  });
  afterAll(async () => {
    await h?.close();
    await rm(dir, { recursive: true, force: true });
    await removeDataDirs();
  });

  it("accepts a gateway that verifies the broker's certificate, and stores its frames", async () => {
    const url = h.mqtt.replace(/^mqtt:/, "mqtts:");
    const client = await gateway.connect(url, { ca, rejectUnauthorized: true });
    const meter = {
      id: "meter-1",
      profile: "eastron/sdm630@1.0.0",
      class: "energy_meter",
      mapping: `sha256:${"a".repeat(64)}`,
      identity: null,
    };
    await client.publishAsync(gateway.topic("birth"), gateway.sign(gateway.birth([meter])), { qos: 1 });
    await client.publishAsync(
      gateway.topic("data"),
      gateway.sign(gateway.data([{ dev: "meter-1", samples: samples("voltage_l1", 3) }])),
      { qos: 1 },
    );
    await client.endAsync();
    const stored = await waitFor(
      "the frame's samples in the ledger",
      async () => {
        const rows = (await h.api("GET", "/api/v1/enterprises/acme/ledger?from=0&dev=meter-1", h.adminToken))
          .json as { samples: number }[];
        const total = rows.reduce((n, r) => n + r.samples, 0);
        return total >= 3 && total;
      },
      { timeoutMs: 10_000 },
    );
    expect(stored).toBe(3);
  });

  it("refuses a plain-TCP connection on the TLS port", async () => {
    const client = mqtt.connect(h.mqtt, { reconnectPeriod: 0, connectTimeout: 5_000 });
    const outcome = await new Promise<string>((resolve) => {
      client.once("connect", () => resolve("connected"));
      client.once("close", () => resolve("closed"));
    });
    client.end(true);
    expect(outcome).toBe("closed");
  });
});
