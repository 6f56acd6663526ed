// The confusion table: each scenario's outcome read from its enterprise's report as the API serves
// it. Fraud "caught" = every subject device carries a failure flag matching the expected codes
// (when the scenario requires a flag) AND stands outside every verified rate's numerator (and, for
// declared equipment, inside the networking denominator). Honest "clean" = no failure flag, every
// device `consistent` or `live-verified`, verified rates equal to declared.
import type { Scenario } from "./scenarios/types.js";

interface Rate {
  readonly value: number | null;
  readonly numeratorDevices: readonly string[];
  readonly denominatorDevices: readonly string[];
}
export interface Report {
  readonly rates: {
    readonly networking: { readonly declared: Rate; readonly verified: Rate };
    readonly digitalisation: { readonly declared: Rate; readonly verified: Rate };
    readonly cnc: { readonly declared: Rate; readonly verified: Rate };
  };
  readonly devices: readonly { readonly device: string; readonly evidence: { readonly level: string } }[];
  readonly flags: readonly {
    readonly device: string;
    readonly code: string;
    readonly severity: string;
    readonly reason: string;
  }[];
}

export interface Row {
  readonly scenario: string;
  readonly class: string;
  readonly forges: string;
  readonly expected: "fraud" | "honest";
  readonly expectedCodes: readonly string[];
  /** Fraud: caught. Honest: flagged (a false positive). */
  readonly outcome: "caught" | "missed" | "clean" | "flagged";
  readonly failureCodes: readonly string[];
  readonly levels: Readonly<Record<string, string>>;
  readonly inVerifiedRates: readonly string[];
  readonly rates: string;
  readonly why: readonly string[];
}

const RATE_NAMES = ["networking", "digitalisation", "cnc"] as const;

export function matchesCode(code: string, pattern: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(code);
}

function ratesText(report: Report): string {
  const pct = (r: Rate) => (r.value === null ? "—" : `${Math.round(r.value * 100)} %`);
  return RATE_NAMES.map((n) => `${n} ${pct(report.rates[n].declared)}→${pct(report.rates[n].verified)}`).join(
    ", ",
  );
}

export function judge(scenario: Scenario, report: Report): Row {
  const failures = report.flags.filter((f) => f.severity === "failure");
  const inVerified = [
    ...new Set(RATE_NAMES.flatMap((n) => report.rates[n].verified.numeratorDevices)),
  ].sort();
  const levels = Object.fromEntries(report.devices.map((d) => [d.device, d.evidence.level]));
  const why: string[] = [];
  const base = {
    scenario: scenario.name,
    class: scenario.class,
    forges: scenario.forges,
    failureCodes: [...new Set(failures.map((f) => `${f.device}:${f.code}`))].sort(),
    levels,
    inVerifiedRates: inVerified,
    rates: ratesText(report),
  };
  const expected = scenario.expected;
  if (expected.kind === "honest") {
    if (failures.length > 0) why.push(`${failures.length} failure flags`);
    for (const d of report.devices)
      if (d.evidence.level !== "consistent" && d.evidence.level !== "live-verified")
        why.push(`${d.device} at ${d.evidence.level}`);
    for (const n of RATE_NAMES) {
      const { declared, verified } = report.rates[n];
      if (declared.value !== verified.value)
        why.push(`${n} verified ${verified.value} ≠ declared ${declared.value}`);
    }
    return {
      ...base,
      expected: "honest",
      expectedCodes: [],
      outcome: why.length === 0 ? "clean" : "flagged",
      why,
    };
  }
  for (const subject of expected.subjects) {
    if (expected.codes.length > 0) {
      const own = failures.filter((f) => f.device === subject);
      if (!own.some((f) => expected.codes.some((p) => matchesCode(f.code, p))))
        why.push(`${subject}: no flag matching ${expected.codes.join(" | ")}`);
    }
    if (inVerified.includes(subject)) why.push(`${subject} counted in a verified rate`);
    const level = levels[subject];
    if (level === "consistent" || level === "live-verified") why.push(`${subject} at ${level}`);
    if (expected.counted && !report.rates.networking.verified.denominatorDevices.includes(subject))
      why.push(`${subject} not in the networking denominator`);
  }
  return {
    ...base,
    expected: "fraud",
    expectedCodes: expected.codes,
    outcome: why.length === 0 ? "caught" : "missed",
    why,
  };
}

export interface Totals {
  readonly fraudsCaught: number;
  readonly frauds: number;
  readonly honestFlagged: number;
  readonly honest: number;
}

export function totalsOf(rows: readonly Row[]): Totals {
  return {
    fraudsCaught: rows.filter((r) => r.outcome === "caught").length,
    frauds: rows.filter((r) => r.expected === "fraud").length,
    honestFlagged: rows.filter((r) => r.outcome === "flagged").length,
    honest: rows.filter((r) => r.expected === "honest").length,
  };
}
