import { connect as connectTcp, type Socket } from "node:net";
import { generateGatewayKey, publicJwk } from "@onramp/contract";
import mqtt from "mqtt";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../test/peers/wait.js";
import { removeDataDirs } from "./helpers/data-dir.js";
import { TestGateway } from "./helpers/gateway.js";
import { enrollmentToken, type Harness, startHarness } from "./helpers/harness.js";

let h: Harness;
let acme: TestGateway;
let brokerPort: number;
/** Every log line the service wrote, at debug level, to search for secrets. */
const logLines: string[] = [];

beforeAll(async () => {
  h = await startHarness(
    {
      broker: {
        mode: "embedded",
        host: "127.0.0.1",
        port: 0,
        connectTimeoutMs: 500,
        maxPacketBytes: 64 * 1024,
      },
      limits: { enrollBurst: 5, enrollPerMinute: 1, freeFailuresPerClient: 3, backoffBaseMs: 1500 },
    },
    {
      logger: pino({ level: "debug" }, { write: (line: string) => void logLines.push(line) }),
    },
  );
  brokerPort = Number(new URL(h.mqtt).port);
  acme = new TestGateway("acme", "hall-1");
  await acme.enroll(h.http, await enrollmentToken(h, "acme", "hall-1"));
}, 60_000);

afterAll(async () => {
  await h?.close();
  await removeDataDirs();
});

const enroll = (token: string, remoteAddress: string) =>
  h.app.inject({
    method: "POST",
    url: "/api/v1/enroll",
    remoteAddress,
    headers: { "content-type": "application/json" },
    payload: JSON.stringify({ token, publicJwk: publicJwk(generateGatewayKey().publicKey) }),
  });

describe("enrollment", () => {
  it("looks an invented token up before hashing any password, and limits requests per address", async () => {
    const hashesBefore = h.app.ingest.limits.passwordChecks.started;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await enroll(`oet_invented-${i}`, "10.0.0.1")).statusCode);
    // The burst of 5 is answered (unknown token), the rest refused unchecked with a Retry-After.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect(h.app.ingest.limits.passwordChecks.started).toBe(hashesBefore);
    const limited = await enroll("oet_invented-9", "10.0.0.1");
    expect(limited.json()).toMatchObject({ code: "ONRAMP_RATE_LIMITED" });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    // Another address is not affected, and a real token still enrolls from it.
    const token = await enrollmentToken(h, "acme", "hall-2");
    expect((await enroll(token, "10.0.0.2")).statusCode).toBe(201);
    expect(h.app.ingest.limits.passwordChecks.started).toBe(hashesBefore + 1);
  });
});

describe("API authentication", () => {
  it("backs off an address that keeps presenting wrong tokens, even once it has a right one", async () => {
    const me = (token: string, remoteAddress: string) =>
      h.app.inject({
        method: "GET",
        url: "/api/v1/me",
        remoteAddress,
        headers: { authorization: `Bearer ${token}` },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 23; i++) statuses.push((await me(`ort_wrong${i}xxxxxxxx`, "10.0.1.1")).statusCode);
    // 20 free failures; the 21st is answered and starts the back-off.
    expect(statuses.slice(0, 21)).toEqual(Array(21).fill(401));
    expect(statuses.slice(21)).toEqual([429, 429]);
    expect((await me(h.adminToken, "10.0.1.1")).statusCode).toBe(429);
    expect((await me(h.adminToken, "10.0.1.2")).statusCode).toBe(200);
  });
});

describe("MQTT CONNECT", () => {
  const connectWith = (password: string) =>
    mqtt.connectAsync(h.mqtt, {
      clientId: "acme/hall-1",
      username: "acme/hall-1",
      password,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
    });
  const returnCodeOf = (attempt: Promise<mqtt.MqttClient>) =>
    attempt.then(
      async (client) => {
        await client.endAsync();
        return 0;
      },
      (error: { code?: number }) => error.code ?? -1,
    );

  it("backs a client id off after repeated wrong passwords, refusing its right one unchecked until the block ends", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push(await returnCodeOf(connectWith(`wrong-${i}`)));
    expect(codes).toEqual([4, 4, 4, 4]);
    const password = acme.credentials?.password ?? "";
    // Blocked: refused with "not authorized" before the password is hashed.
    const hashes = h.app.ingest.limits.passwordChecks.started;
    expect(await returnCodeOf(connectWith(password))).toBe(5);
    expect(h.app.ingest.limits.passwordChecks.started).toBe(hashes);
    // Another gateway is not affected meanwhile.
    const other = new TestGateway("acme", "hall-3");
    await other.enroll(h.http, await enrollmentToken(h, "acme", "hall-3"));
    await (await other.connect(h.mqtt)).endAsync();
    // Once the back-off has passed, the right password connects again.
    await waitFor("the back-off to end", async () => (await returnCodeOf(connectWith(password))) === 0, {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
  });

  it("refuses a burst of wrong passwords queued at the password check once the back-off has begun, without hashing them", async () => {
    const gateway = new TestGateway("acme", "hall-4");
    await gateway.enroll(h.http, await enrollmentToken(h, "acme", "hall-4"));
    const checkedBefore = h.app.ingest.limits.mqttPasswordsChecked;
    const attempt = (i: number) =>
      returnCodeOf(
        mqtt.connectAsync(h.mqtt, {
          clientId: "acme/hall-4",
          username: "acme/hall-4",
          password: `burst-${i}`,
          reconnectPeriod: 0,
          connectTimeout: 60_000,
        }),
      );
    // All 12 arrive before the first is checked (one check at a time); 3 failures are free, the
    // 4th starts a 1.5 s block (doubling). How many get checked before it depends on how long a
    // check takes on this machine, but each checked one is answered 4 and only those.
    const codes = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(i)));
    const checked = codes.filter((c) => c === 4).length;
    expect(checked).toBeGreaterThanOrEqual(4);
    expect(checked).toBeLessThanOrEqual(6);
    expect(codes.filter((c) => c === 5).length).toBe(12 - checked);
    expect(h.app.ingest.limits.mqttPasswordsChecked - checkedBefore).toBe(checked);
  });
});

describe("embedded broker limits", () => {
  it("closes a connection whose CONNECT declares 250 MiB after reading its header, not its body", async () => {
    const socket = connectTcp(brokerPort, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const closed = closedPromise(socket);
    // Fixed header: CONNECT, remaining length 250 MiB (4-byte varint).
    socket.write(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x7d]));
    let written = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    while (!socket.destroyed && written < 32 * 1024 * 1024) {
      if (!socket.write(chunk)) await Promise.race([new Promise((r) => socket.once("drain", r)), closed]);
      written += chunk.length;
    }
    await closed;
    // Far less than the 250 MiB it announced: the broker stopped reading at the header.
    expect(written).toBeLessThan(32 * 1024 * 1024);
  });

  it("closes an authenticated gateway's connection on a packet over maxPacketBytes", async () => {
    const client = await acme.connect(h.mqtt);
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    client.publish(acme.topic("data"), Buffer.alloc(65 * 1024, 0x61), { qos: 1 });
    await closed;
    client.end(true);
  });

  it("closes a connection that sends no CONNECT within connectTimeoutMs", async () => {
    const socket = connectTcp(brokerPort, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    await closedPromise(socket);
  });
});

describe("/metrics", () => {
  it("answers loopback and refuses any other address by default", async () => {
    const scrape = (remoteAddress: string) => h.app.inject({ method: "GET", url: "/metrics", remoteAddress });
    expect((await scrape("127.0.0.1")).statusCode).toBe(200);
    expect((await scrape("::1")).statusCode).toBe(200);
    const remote = await scrape("10.0.2.1");
    expect(remote.statusCode).toBe(403);
    expect(remote.body).not.toContain("onramp_ingest");
  });
});

describe("logs", () => {
  it("never carry an enrollment token, a gateway password, a bearer token or an event ticket, spent or not", async () => {
    const token = await enrollmentToken(h, "acme", "hall-9");
    const gateway = new TestGateway("acme", "hall-9");
    await gateway.enroll(h.http, token);
    await (await gateway.connect(h.mqtt)).endAsync();
    const ticketAnswer = await fetch(`${h.http}/api/v1/events/tickets`, {
      method: "POST",
      headers: { authorization: `Bearer ${h.adminToken}` },
    });
    const { ticket } = (await ticketAnswer.json()) as { ticket: string };
    // Open the stream with the ticket (spending it), then once more with the spent ticket.
    const stream = new AbortController();
    const opened = await fetch(`${h.http}/api/v1/events?ticket=${ticket}&ent=acme`, {
      signal: stream.signal,
    });
    expect(opened.status).toBe(200);
    stream.abort();
    expect((await fetch(`${h.http}/api/v1/events?ticket=${ticket}&ent=acme`)).status).toBe(401);
    await fetch(`${h.http}/api/v1/me`, { headers: { authorization: `Bearer ${h.adminToken}` } });
    await waitFor("the request lines", () => logLines.some((line) => line.includes("[redacted]")));
    const secrets = [token, gateway.credentials?.password ?? "", h.adminToken, ticket];
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(logLines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});

function closedPromise(socket: Socket): Promise<void> {
  socket.on("error", () => undefined);
  return new Promise((resolve) => socket.once("close", () => resolve()));
}
