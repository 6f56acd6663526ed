import pino from "pino";
import { describe, expect, it } from "vitest";
import type { CopiedStreamMatch } from "../indicators/checks/copied-stream.js";
import type { Period } from "../indicators/index.js";
import { MetricsRegistry } from "../metrics/metrics.js";
import { CopiedStreamScanner } from "./copied-stream-scanner.js";
import { CopiedStreamFindings, type CopiedStreamScan } from "./copied-streams.js";

const period: Period = { from: 0, to: 3_600_000 };
const match = {
  a: { enterprise: "acme", device: "m-1", signal: "power_active" },
  b: { enterprise: "globex", device: "m-9", signal: "power_active" },
  fit: { matchedChanges: 60 },
} as unknown as CopiedStreamMatch;

function scanner(scan: () => Promise<CopiedStreamScan>) {
  const findings = new CopiedStreamFindings();
  const metrics = new MetricsRegistry();
  const touched: string[] = [];
  const s = new CopiedStreamScanner(
    {
      findings,
      enterprises: async () => ["acme", "globex"],
      periodAt: () => period,
      scan: () => scan(),
      onScan: (found) => touched.push(...found.matches.map((m) => m.b.enterprise)),
      now: () => period.to,
      log: pino({ level: "silent" }),
      metrics,
    },
    { everyMs: 60_000 },
  );
  return { findings, metrics, touched, s };
}

describe("CopiedStreamScanner", () => {
  it("records each scan where enterprise reports read it and tells the caller what it touched", async () => {
    const { findings, metrics, touched, s } = scanner(async () => ({
      period,
      enterprises: 2,
      streams: 4,
      matches: [match],
    }));
    await s.pass();
    expect(findings.forEnterprise("globex", period).map((m) => m.b.device)).toEqual(["m-9"]);
    expect(touched).toEqual(["globex"]);
    expect(metrics.render()).toContain("onramp_copied_stream_scans_total 1");
    expect(metrics.render()).toContain("onramp_copied_stream_scan_last_copies 1");
  });

  // Fault injected through the `scan` dependency: a store that fails mid-scan is hard to make
  // happen on cue with a real one, and what matters is what the scanner does with the failure.
  it("counts a failed scan, keeps the previous findings and never throws", async () => {
    let fail = false;
    const { findings, metrics, s } = scanner(async () => {
      if (fail) throw new Error("store unavailable");
      return { period, enterprises: 2, streams: 4, matches: [match] };
    });
    await s.pass();
    fail = true;
    await expect(s.pass()).resolves.toBeUndefined();
    expect(metrics.render()).toContain("onramp_copied_stream_scan_errors_total 1");
    expect(metrics.render()).toContain("onramp_copied_stream_scans_total 1");
    expect(findings.forEnterprise("acme", period).map((m) => m.a.device)).toEqual(["m-1"]);
  });

  it("keeps a copy an earlier scan found when a later one finds nothing, for periods overlapping the earlier scan", async () => {
    let found = true;
    const { findings, s } = scanner(async () => ({
      period,
      enterprises: 2,
      streams: 4,
      matches: found ? [match] : [],
    }));
    await s.pass();
    found = false;
    await s.pass();
    expect(findings.forEnterprise("globex", period).map((m) => m.b.device)).toEqual(["m-9"]);
    // The other enterprise's side is redacted; a period the scan did not cover gets nothing.
    expect(findings.forEnterprise("globex", period).map((m) => m.a.device)).toEqual([
      "(another enterprise's device)",
    ]);
    expect(findings.forEnterprise("globex", { from: period.to, to: period.to + 60_000 })).toEqual([]);
  });

  it("returns a pair found by several scans once, with the fit of the most matched changes", () => {
    const findings = new CopiedStreamFindings();
    const better = { ...match, fit: { matchedChanges: 90 } } as unknown as CopiedStreamMatch;
    findings.record({ period, enterprises: 2, streams: 4, matches: [match] });
    findings.record({ period, enterprises: 2, streams: 4, matches: [better] });
    findings.record({ period, enterprises: 2, streams: 4, matches: [match] });
    const copies = findings.forEnterprise("acme", period);
    expect(copies.map((m) => m.fit.matchedChanges)).toEqual([90]);
  });
});
