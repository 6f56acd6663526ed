import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aliasesFor, qualifyBrowsePath, qualifyNodeId } from "./browse-path.js";
import { leafCertificate } from "./certificates.js";
import { FINGERPRINT_FIELDS, fingerprintOf } from "./identity.js";
import { batchesOf, type MonitoredSignal, planMonitoring, rawDeadband } from "./monitoring-plan.js";
import { inlineProfile } from "./testing/harness.js";
import { silenceLimitMs } from "./watchdog.js";

const NAMESPACES = [
  "http://opcfoundation.org/UA/",
  "urn:server",
  "http://opcfoundation.org/UA/DI/",
  "http://opcfoundation.org/UA/MachineTool/",
];

describe("browse paths", () => {
  it("qualifies alias:Name segments with this server's namespace indexes, and numeric prefixes as given", () => {
    const result = qualifyBrowsePath("mt:Monitoring/mt:Channel1/1:My Name", aliasesFor({}), NAMESPACES);
    expect(result).toEqual({
      ok: true,
      elements: [
        { namespaceIndex: 3, name: "Monitoring" },
        { namespaceIndex: 3, name: "Channel1" },
        { namespaceIndex: 1, name: "My Name" },
      ],
    });
    expect(qualifyBrowsePath("/", {}, NAMESPACES)).toEqual({ ok: true, elements: [] });
  });

  it("says which alias or index is unknown", () => {
    expect(qualifyBrowsePath("cnc:CncInterface", aliasesFor({}), NAMESPACES)).toMatchObject({
      ok: false,
      isNamespaceUnknown: true,
      error: "namespace cnc (http://opcfoundation.org/UA/CNC) is not in the server's namespace array",
    });
    expect(qualifyBrowsePath("x:Y", {}, NAMESPACES)).toMatchObject({
      error: 'namespace alias "x" in "x:Y" is not declared',
    });
    expect(qualifyBrowsePath("9:Y", {}, NAMESPACES)).toMatchObject({ isNamespaceUnknown: true });
    expect(qualifyBrowsePath("NoAlias", {}, NAMESPACES)).toMatchObject({
      error: '"NoAlias" is not alias:Name',
      isNamespaceUnknown: false,
    });
  });

  it("lets a profile override a well-known alias", () => {
    expect(aliasesFor({ mt: "urn:other" }).mt).toBe("urn:other");
  });

  it("turns nsu= node ids into this server's ns= form", () => {
    expect(qualifyNodeId("nsu=http://opcfoundation.org/UA/DI/;s=Serial", NAMESPACES)).toEqual({
      ok: true,
      nodeId: "ns=2;s=Serial",
    });
    expect(qualifyNodeId("ns=4;i=7", NAMESPACES)).toEqual({ ok: true, nodeId: "ns=4;i=7" });
    expect(qualifyNodeId("nsu=urn:missing;i=1", NAMESPACES)).toMatchObject({ ok: false });
  });
});

const PROFILE = inlineProfile(`
schemaVersion: 1
id: test/plan
version: 1.0.0
vendor: Test
model: Plan
class: plc
protocol: opcua
source: { kind: template, document: test, note: test }
defaults: { pollIntervalMs: 1000 }
signals:
  - { id: fast, role: other, type: number, deadband: { kind: absolute, value: 0.5 }, scale: 0.1, source: { opcua: { nodeId: "i=1", samplingIntervalMs: 100 } } }
  - { id: pct, role: other, type: number, range: [0, 200], deadband: { kind: percentOfRange, value: 1 }, source: { opcua: { nodeId: "i=2" } } }
  - { id: slow, role: other, type: boolean, pollIntervalMs: 5000, source: { opcua: { nodeId: "i=3", queueSize: 7 } } }
`);

describe("monitoring plan", () => {
  it("takes sampling, queue size and deadband from the profile and publishes at the fastest sampling", () => {
    const plan = planMonitoring(PROFILE.profile, ["fast", "pct", "slow"], undefined);
    expect(plan.publishingIntervalMs).toBe(100);
    expect(plan.maxSamplingIntervalMs).toBe(5000);
    expect(plan.items).toEqual([
      { signal: "fast", samplingIntervalMs: 100, queueSize: 1, deadband: 5 },
      { signal: "pct", samplingIntervalMs: 1000, queueSize: 1, deadband: 2 },
      { signal: "slow", samplingIntervalMs: 5000, queueSize: 7, deadband: undefined },
    ]);
    const slowPublish = planMonitoring(PROFILE.profile, ["fast"], 1000);
    expect(slowPublish.items[0]?.queueSize).toBe(10);
  });

  it("converts deadbands to raw units (engineering = raw × scale + offset)", () => {
    const fast = PROFILE.signals.find((s) => s.id === "fast");
    if (!fast) throw new Error("no signal");
    expect(rawDeadband(fast)).toBeCloseTo(5);
    expect(rawDeadband({ ...fast, deadband: undefined })).toBeUndefined();
  });

  it("batches items with equal parameters, never more than the batch size per call", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(100, 500, 1000), { maxLength: 3000 }),
        fc.integer({ min: 1, max: 1000 }),
        (rates, size) => {
          const items: MonitoredSignal[] = rates.map((r, i) => ({
            signal: `s${i}`,
            samplingIntervalMs: r,
            queueSize: 1,
            deadband: undefined,
          }));
          const batches = batchesOf(items, size);
          expect(batches.flat()).toHaveLength(items.length);
          for (const batch of batches) {
            expect(batch.length).toBeLessThanOrEqual(size);
            expect(new Set(batch.map((b) => b.samplingIntervalMs)).size).toBe(1);
          }
        },
      ),
    );
  });
});

describe("silent-subscription bound", () => {
  it("allows one keep-alive interval, one late sample (capped) and a second of grace", () => {
    expect(
      silenceLimitMs({ publishingIntervalMs: 500, maxKeepAliveCount: 10, maxSamplingIntervalMs: 1000 }),
    ).toBe(5000 + 1000 + 1000);
    expect(
      silenceLimitMs({ publishingIntervalMs: 100, maxKeepAliveCount: 5, maxSamplingIntervalMs: 60_000 }),
    ).toBe(500 + 500 + 1000);
    expect(
      silenceLimitMs({ publishingIntervalMs: 1000, maxKeepAliveCount: 0, maxSamplingIntervalMs: 0 }),
    ).toBe(1000 + 1000 + 1000);
  });
});

describe("identity fingerprint", () => {
  const fields = {
    manufacturer: "Acme",
    serial_number: "S-1",
    software_revision: "4.8",
    application_uri: "urn:a",
    certificate_sha256: "ab".repeat(32),
  };

  it("hashes only the fields that identify the device, so a software update keeps it", () => {
    const before = fingerprintOf("opcua-machine-tool-identification", fields);
    const after = fingerprintOf("opcua-machine-tool-identification", {
      ...fields,
      software_revision: "5.0",
      build_number: "9",
    });
    expect(before).toEqual(after);
    expect(before).toMatchObject({ ok: true, value: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(
      fingerprintOf("opcua-machine-tool-identification", { ...fields, serial_number: "S-2" }),
    ).not.toEqual(before);
    expect(fingerprintOf("opcua-certificate", fields)).toEqual({
      ok: true,
      value: `sha256:${"ab".repeat(32)}`,
    });
    expect(fingerprintOf("opcua-application-uri", fields)).not.toEqual(
      fingerprintOf("opcua-application-uri", { application_uri: "urn:b" }),
    );
    expect(Object.keys(FINGERPRINT_FIELDS)).toHaveLength(3);
  });

  it("fails as a value when a key field is missing or the method is not OPC UA", () => {
    expect(fingerprintOf("opcua-machine-tool-identification", { manufacturer: "Acme" })).toMatchObject({
      ok: false,
      error: { code: "ONRAMP_OPCUA_IDENTITY_UNAVAILABLE", message: expect.stringContaining("serial_number") },
    });
    expect(fingerprintOf("modbus-serial-register", fields)).toMatchObject({ ok: false });
  });
});

describe("certificate chains", () => {
  it("takes the leaf of a DER chain (short and long length forms)", () => {
    const short = Buffer.from([0x30, 0x02, 0xaa, 0xbb]);
    const long = Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x00]), Buffer.alloc(256, 1)]);
    expect(leafCertificate(Buffer.concat([short, long]))).toEqual(short);
    expect(leafCertificate(Buffer.concat([long, short]))).toEqual(long);
  });
});
