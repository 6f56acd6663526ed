import mqtt, { type MqttClient } from "mqtt";
import sparkplugClient from "sparkplug-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MosquittoBroker, startMosquitto } from "../../test/peers/mosquitto.js";
import { waitFor } from "../../test/peers/wait.js";
import { verifyBundle } from "../src/verify-cli/verify-bundle.js";
import { removeDataDirs } from "./helpers/data-dir.js";
import { type Harness, startHarness } from "./helpers/harness.js";

/**
 * Issue 20 end to end: Eclipse Tahu's JavaScript edge node (`sparkplug-client`, an implementation
 * independent of ours) publishes Sparkplug B on a real Mosquitto; the ingest, as primary host,
 * maps it to an enterprise's gateway and devices, and the device shows up in presence and
 * indicators at `connected`, marked unsigned.
 */
const GROUP = "Plant1";
const EDGE = "Line1";
const HOST_ID = "onramp-test";
const PROFILE = "cnc/modbus-template@1.0.0";

type EdgeNode = ReturnType<typeof sparkplugClient.newClient>;

/**
 * Emulates messages lost (or overtaken) between the edge node and the host: loopback Mosquitto
 * loses nothing, and the Tahu client has no API to skip a seq, so the test moves its counter (a
 * plain JS property its .d.ts marks private). Everything the host sees is then real wire traffic.
 */
const moveSeq = (node: EdgeNode, by: number) => {
  (node as unknown as { seq: number }).seq += by;
};

const T0 = Date.now();
let broker: MosquittoBroker;
let h: Harness;
let integratorToken: string;
let otherIntegratorToken: string;
let bureauToken: string;
let watcher: MqttClient;
const stateMessages: { online: boolean; timestamp: number }[] = [];
let edge: EdgeNode | undefined;
const commands: { name: string; value: unknown }[] = [];
let births = 0;

/** The machine running the tests is shared and loaded: conditions get a generous deadline. */
const until = <T>(what: string, condition: () => T | undefined | false | Promise<T | undefined | false>) =>
  waitFor(what, condition, { timeoutMs: 90_000, intervalMs: 100 });

const metric = async (name: string, labels = ""): Promise<number> => {
  const text = await (await fetch(`${h.http}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return Number(line?.split(" ")[1] ?? 0);
};

const signal = async (name: string, from = 0) =>
  (
    await h.api(
      "GET",
      `/api/v1/enterprises/acme/gateways/spb-line1/devices/cnc-1/signals/${name}?from=${from}`,
      h.adminToken,
    )
  ).json as { t: number; value: unknown }[];

const presenceOf = async (dev: string) =>
  (
    (await h.api("GET", "/api/v1/enterprises/acme/presence", h.adminToken)).json as {
      dev: string;
      state: string;
      cause: string | null;
    }[]
  ).find((p) => p.dev === dev);

/** The edge node's births, as a real gateway publishes them after (re)connecting or a rebirth. */
function publishBirths(node: EdgeNode) {
  births += 1;
  node.publishNodeBirth({
    timestamp: Date.now(),
    metrics: [{ name: "Node Control/Rebirth", type: "Boolean", value: false }],
  });
  node.publishDeviceBirth("CNC1", {
    timestamp: Date.now(),
    metrics: [
      { name: "NC/Execution", alias: 1, type: "String", value: "ACTIVE" },
      { name: "Spindle/Speed", alias: 2, type: "Double", value: 1200 },
      { name: "Counters/PartCount", alias: 3, type: "Int64", value: 10 },
      { name: "Vendor/Unmapped", alias: 4, type: "Int32", value: 7 },
    ],
  });
  // A device nobody mapped: its messages keep the seq line whole but store nothing.
  node.publishDeviceBirth("Robot9", {
    timestamp: Date.now(),
    metrics: [{ name: "Joint/Angle", alias: 50, type: "Float", value: 1.5 }],
  });
}

function startEdge(clientId: string): EdgeNode {
  const node = sparkplugClient.newClient({
    serverUrl: broker.url,
    groupId: GROUP,
    edgeNode: EDGE,
    clientId,
    username: "",
    password: "",
    publishDeath: true,
  }) as EdgeNode;
  node.on("birth", () => publishBirths(node));
  node.on("ncmd", (payload) => {
    for (const m of payload.metrics ?? []) commands.push({ name: String(m.name), value: m.value });
    // What every Sparkplug edge node does on `Node Control/Rebirth` (Sparkplug B 3.0 §6.4.11).
    if (payload.metrics?.some((m) => m.name === "Node Control/Rebirth" && m.value === true))
      publishBirths(node);
  });
  return node;
}

const ingestConfig = (dataDir?: string) => ({
  ...(dataDir === undefined ? {} : { dataDir }),
  profilesDir: new URL("../../device-profiles", import.meta.url).pathname,
  sparkplug: { url: broker.url, hostId: HOST_ID, allowCommands: true, rebirthMinIntervalMs: 200 },
});

beforeAll(async () => {
  broker = await startMosquitto({ persistent: true });
  watcher = await mqtt.connectAsync(broker.url, { clientId: "state-watcher", reconnectPeriod: 200 });
  watcher.on("message", (_topic, payload) => stateMessages.push(JSON.parse(payload.toString())));
  await watcher.subscribeAsync(`spBv1.0/STATE/${HOST_ID}`, { qos: 1 });
  h = await startHarness(ingestConfig());
  for (const id of ["acme", "globex"])
    await h.api("POST", "/api/v1/enterprises", h.adminToken, { id, name: id });
  const tokens = h.app.ingest.apiTokens;
  integratorToken = (await tokens.create({ role: "integrator", ent: "acme", name: "acme-integrator" })).token;
  otherIntegratorToken = (await tokens.create({ role: "integrator", ent: "globex", name: "globex-int" }))
    .token;
  bureauToken = (await tokens.create({ role: "bureau", ent: null, name: "bureau" })).token;
}, 240_000);

afterAll(async () => {
  edge?.stop();
  await watcher?.endAsync(true);
  await h?.close();
  await broker?.stop();
  await removeDataDirs();
});

describe("Sparkplug B gateway as a source (Tahu edge node on Mosquitto)", { timeout: 240_000 }, () => {
  it("publishes the primary host STATE online, retained, as Sparkplug B 3.0 JSON", async () => {
    const online = await until("STATE online", () => stateMessages.find((s) => s.online));
    expect(online.timestamp).toBeGreaterThan(0);
  });

  it("maps an edge node and a device through the API, for the enterprise's integrator only", async () => {
    const edgeBody = { group: GROUP, edge: EDGE, ent: "acme", gw: "spb-line1" };
    const foreign = await h.api("POST", "/api/v1/sparkplug/edges", otherIntegratorToken, edgeBody);
    expect(foreign.status).toBe(403);
    const byBureau = await h.api("POST", "/api/v1/sparkplug/edges", bureauToken, edgeBody);
    expect(byBureau.status).toBe(403);
    const mapped = await h.api("POST", "/api/v1/sparkplug/edges", integratorToken, edgeBody);
    expect(mapped.status, JSON.stringify(mapped.json)).toBe(201);
    const elsewhere = await h.api("POST", "/api/v1/sparkplug/edges", h.adminToken, {
      ...edgeBody,
      gw: "other",
    });
    expect(elsewhere.status).toBe(409);

    const devicePath = "/api/v1/enterprises/acme/gateways/spb-line1/sparkplug-devices/CNC1";
    const noMapping = await h.api("PUT", devicePath, integratorToken, {
      dev: "cnc-1",
      profile: "eastron/sdm630@1.0.0",
    });
    expect(noMapping.status).toBe(422);
    expect((noMapping.json as { code: string }).code).toBe("ONRAMP_SPARKPLUG_PROFILE_UNMAPPED");
    const device = await h.api("PUT", devicePath, integratorToken, { dev: "cnc-1", profile: PROFILE });
    expect(device.status, JSON.stringify(device.json)).toBe(200);
    const listed = (await h.api("GET", "/api/v1/sparkplug/edges", otherIntegratorToken)).json as unknown[];
    expect(listed).toEqual([]);
  });

  it("takes births with aliases, resolves aliased data and stores mapped metrics only", async () => {
    edge = startEdge("edge-line1-a");
    await until("device born", async () => {
      const devices = (await h.api("GET", "/api/v1/enterprises/acme/devices", h.adminToken)).json as {
        id: string;
        identitySource: string;
        class: string;
      }[];
      return devices.find((d) => d.id === "cnc-1");
    });
    // Data by alias only, as gateways send after their births (§6.4.4).
    (edge as EdgeNode).publishDeviceData("CNC1", {
      timestamp: Date.now(),
      metrics: [{ alias: 2, type: "Double", value: 1300 }],
    });
    const values = await until("aliased value stored", async () => {
      const rows = await signal("spindle_speed");
      return rows.some((r) => r.value === 1300) ? rows : undefined;
    });
    expect(values.map((r) => r.value)).toEqual(expect.arrayContaining([1200, 1300]));
    expect((await signal("execution")).map((r) => r.value)).toContain("ACTIVE");
    expect(
      await metric("onramp_sparkplug_metrics_dropped_total", '{reason="unmapped"}'),
    ).toBeGreaterThanOrEqual(2);
    const devices = (await h.api("GET", "/api/v1/enterprises/acme/devices", h.adminToken)).json as {
      id: string;
      identitySource: string;
      class: string;
    }[];
    expect(devices.map((d) => d.id)).toEqual(["cnc-1"]);
    expect(devices[0]).toMatchObject({ identitySource: "sparkplug-b", class: "cnc_machine_tool" });
  });

  it("shows the device online in presence and at connected (unsigned) in the indicators", async () => {
    expect((await presenceOf("cnc-1"))?.state).toBe("online");
    const report = (
      await h.api(
        "GET",
        `/api/v1/enterprises/acme/indicators?from=${T0 - 60_000}&to=${Date.now() + 60_000}`,
        bureauToken,
      )
    ).json as {
      devices: {
        device: string;
        evidence: {
          level: string;
          unsignedSource?: string;
          requirements: { requirement: string; met: boolean; detail: string }[];
        };
      }[];
      rates: {
        digitalisation: {
          verified: { leftOut: { device: string; reasons: { code: string; detail: string }[] }[] };
        };
      };
    };
    const cnc = report.devices.find((d) => d.device === "cnc-1");
    expect(cnc?.evidence.level).toBe("connected");
    expect(cnc?.evidence.unsignedSource).toBe("sparkplug-b");
    const signed = cnc?.evidence.requirements.find((r) => r.requirement === "SIGNED_SOURCE");
    expect(signed?.met).toBe(false);
    expect(signed?.detail).toContain("unsigned source: Sparkplug B");
    const leftOut = report.rates.digitalisation.verified.leftOut.find((d) => d.device === "cnc-1");
    expect(leftOut?.reasons.map((r) => r.code)).toContain("UNSIGNED_SOURCE");
  });

  it("keeps the evidence bundle verifiable offline: no keyless gateway in it, the device marked unsigned", async () => {
    const window = `from=${T0 - 60_000}&to=${Date.now() + 60_000}`;
    const bundle = (await h.api("GET", `/api/v1/enterprises/acme/evidence?${window}`, bureauToken)).json as {
      gateways: { id: string }[];
      report: { devices: { device: string; evidence: { unsignedSource?: string } }[] };
    };
    expect(bundle.gateways.map((g) => g.id)).not.toContain("spb-line1");
    expect(bundle.report.devices.find((d) => d.device === "cnc-1")?.evidence.unsignedSource).toBe(
      "sparkplug-b",
    );
    const verdict = verifyBundle(bundle);
    expect(verdict.problems).toEqual([]);
    expect(verdict.ok).toBe(true);
  });

  it("gives the bureau each enterprise's count of unsigned devices beside its evidence levels", async () => {
    const overview = await h.api(
      "GET",
      `/api/v1/bureau/overview?pageSize=50&from=${T0 - 60_000}&to=${Date.now() + 60_000}`,
      bureauToken,
    );
    expect(overview.status, JSON.stringify(overview.json)).toBe(200);
    const rows = (
      overview.json as {
        enterprises: { id: string; unsignedDevices: number; evidenceLevels: Record<string, number> }[];
      }
    ).enterprises;
    const acme = rows.find((r) => r.id === "acme");
    expect(acme?.unsignedDevices).toBe(1);
    expect(acme?.evidenceLevels.connected).toBe(1);
  });

  it("answers a challenge to the device that a live challenge is impossible", async () => {
    const answer = await h.api("POST", "/api/v1/devices/cnc-1/challenge", bureauToken, {});
    expect(answer.status).toBe(409);
    expect((answer.json as { code: string }).code).toBe("ONRAMP_SPARKPLUG_CHALLENGE_IMPOSSIBLE");
  });

  it("stores historical metrics at their own timestamps", async () => {
    const hourAgo = Date.now() - 3_600_000;
    (edge as EdgeNode).publishDeviceData("CNC1", {
      timestamp: Date.now(),
      metrics: [{ alias: 2, type: "Double", value: 777, timestamp: hourAgo, isHistorical: true }],
    });
    const row = await until("historical value stored", async () =>
      (await signal("spindle_speed")).find((r) => r.value === 777),
    );
    expect(row.t).toBe(hourAgo);
    expect(await metric("onramp_sparkplug_historical_values_total")).toBeGreaterThanOrEqual(1);
  });

  it("counts a missed seq as a gap and asks the edge node for a rebirth, which it answers", async () => {
    const node = edge as EdgeNode;
    const birthsBefore = births;
    const nbirthsBefore = await metric("onramp_sparkplug_messages_total", '{type="NBIRTH"}');
    moveSeq(node, 3); // three messages "lost" on the way
    node.publishDeviceData("CNC1", {
      timestamp: Date.now(),
      metrics: [{ alias: 2, type: "Double", value: 1400 }],
    });
    await until(
      "rebirth asked and answered",
      async () => (await metric("onramp_sparkplug_messages_total", '{type="NBIRTH"}')) > nbirthsBefore,
    );
    expect(commands).toContainEqual({ name: "Node Control/Rebirth", value: true });
    expect(births).toBeGreaterThan(birthsBefore);
    expect(await metric("onramp_sparkplug_seq_gaps_total")).toBe(3);
    expect(await metric("onramp_sparkplug_rebirth_requests_total", '{outcome="sent"}')).toBe(1);
    const ledger = (await h.api("GET", "/api/v1/enterprises/acme/ledger?from=0&gw=spb-line1", h.adminToken))
      .json as { dev: string; gaps: number }[];
    expect(ledger.filter((r) => r.dev === "").reduce((n, r) => n + r.gaps, 0)).toBe(3);
    expect((await signal("spindle_speed")).map((r) => r.value)).toContain(1400);
  });

  it("counts an out-of-order seq as late and still stores its values", async () => {
    const node = edge as EdgeNode;
    moveSeq(node, 1); // the next message overtakes one
    node.publishDeviceData("CNC1", {
      timestamp: Date.now(),
      metrics: [{ alias: 2, type: "Double", value: 1501 }],
    });
    moveSeq(node, -2); // the overtaken one arrives after it
    node.publishDeviceData("CNC1", {
      timestamp: Date.now(),
      metrics: [{ alias: 2, type: "Double", value: 1500 }],
    });
    moveSeq(node, 1);
    await until("late value stored", async () =>
      (await signal("spindle_speed")).some((r) => r.value === 1500),
    );
    expect(await metric("onramp_sparkplug_late_messages_total")).toBe(1);
  });

  it("survives a broker restart: STATE online again, births again, data again", async () => {
    const onlineBefore = stateMessages.filter((s) => s.online).length;
    const birthsBefore = births;
    await broker.halt();
    await broker.restart();
    await until("STATE online again", () => stateMessages.filter((s) => s.online).length > onlineBefore);
    const node = edge as EdgeNode;
    await until("edge node born again", () => births > birthsBefore);
    await until("value after restart stored", async () => {
      node.publishDeviceData("CNC1", {
        timestamp: Date.now(),
        metrics: [{ alias: 2, type: "Double", value: 1600 }],
      });
      return (await signal("spindle_speed")).some((r) => r.value === 1600);
    });
  });

  it("takes a device death offline, and a node death takes its gateway offline", async () => {
    const node = edge as EdgeNode;
    node.publishDeviceDeath("CNC1", { timestamp: Date.now() });
    const offline = await until("device offline", async () => {
      const p = await presenceOf("cnc-1");
      return p?.state === "offline" ? p : undefined;
    });
    expect(offline.cause).toBe("disconnected:SPARKPLUG_DDEATH");
    node.stop();
    edge = undefined;
    await until("gateway offline", async () => {
      const gws = (await h.api("GET", "/api/v1/enterprises/acme/gateways", h.adminToken)).json as {
        id: string;
        status: string;
        source: string;
      }[];
      return gws.find((g) => g.id === "spb-line1" && g.status === "offline" && g.source === "sparkplug-b");
    });
  });

  it("drops and counts messages from unmapped edge nodes", async () => {
    const stranger = sparkplugClient.newClient({
      serverUrl: broker.url,
      groupId: GROUP,
      edgeNode: "Unknown7",
      clientId: "edge-unknown",
      username: "",
      password: "",
    });
    stranger.on("birth", () => stranger.publishNodeBirth({ timestamp: Date.now(), metrics: [] }));
    await until(
      "unmapped counted",
      async () =>
        (await metric("onramp_sparkplug_drops_total", '{reason="ONRAMP_SPARKPLUG_EDGE_UNMAPPED"}')) > 0,
    );
    stranger.stop();
  });

  it("after its own restart, asks an edge node it has not seen born for a rebirth, then takes its data", async () => {
    const node = startEdge("edge-line1-b");
    edge = node;
    await until("born again", async () => {
      const gws = (await h.api("GET", "/api/v1/enterprises/acme/gateways", h.adminToken)).json as {
        id: string;
        status: string;
      }[];
      return gws.some((g) => g.id === "spb-line1" && g.status === "online");
    });
    const dataDir = h.dataDir;
    await h.close();
    await until("STATE offline while the ingest is down", () => stateMessages.at(-1)?.online === false);
    h = await startHarness(ingestConfig(dataDir));
    await until("STATE online again", () => stateMessages.at(-1)?.online === true);
    const birthsBefore = births;
    // The node does not know the host restarted (Tahu's client does not watch STATE): it sends data.
    await until("data after the rebirth stored", async () => {
      node.publishDeviceData("CNC1", {
        timestamp: Date.now(),
        metrics: [{ alias: 2, type: "Double", value: 2000 }],
      });
      return (await signal("spindle_speed")).some((r) => r.value === 2000);
    });
    expect(births).toBeGreaterThan(birthsBefore);
    expect(
      await metric("onramp_sparkplug_drops_total", '{reason="ONRAMP_SPARKPLUG_NOT_BORN"}'),
    ).toBeGreaterThan(0);
    expect(await metric("onramp_sparkplug_rebirth_requests_total", '{outcome="sent"}')).toBeGreaterThan(0);
  });

  it("says offline in its retained STATE when it stops", async () => {
    await h.close();
    const last = await until("STATE offline", () => {
      const s = stateMessages.at(-1);
      return s?.online === false ? s : undefined;
    });
    const online = stateMessages.filter((s) => s.online).at(-1);
    // The will and the online message carry one timestamp (§5.3.1): the offline one matches it.
    expect(last.timestamp).toBe(online?.timestamp);
  });
});
