import type { FastifyInstance } from "fastify";
import { requireRole } from "../api/auth.js";
import { WindowQuery, windowOf } from "../api/schemas.js";
import { securedRoute } from "../api/typed-route.js";
import type { IngestContext } from "../context.js";
import { IngestError } from "../errors.js";
import {
  type CopiedStreamMatch,
  findCopiedStreams,
  type StreamSeries,
} from "../indicators/checks/copied-stream.js";
import type { Period } from "../indicators/inputs.js";
import type { CopiedStreamParams, IndicatorParams } from "../indicators/params.js";
import { DeviceRelations } from "../state/device-relations.js";
import { Registry } from "../state/registry.js";
import type { SqlExecutor } from "../state/sql-client.js";
import type { SignalReader } from "../store/telemetry-store.js";
import { LIMITS } from "./load-input.js";
import type { ProfileSignals } from "./profile-signals.js";

/** The city-wide scan reads at most this many streams: one request stays bounded in memory. */
export const MAX_SCANNED_STREAMS = 200_000;

export interface CopiedStreamScan {
  readonly period: Period;
  readonly enterprises: number;
  /** Streams of the eligible roles read from the telemetry store. */
  readonly streams: number;
  readonly matches: readonly CopiedStreamMatch[];
}

/**
 * Issue 14: the same series under two devices across every enterprise — the bureau's view, with
 * both sides named. Reads each registered device's streams of the eligible roles for the period,
 * indexes them all in one `StreamIndex` and confirms the candidates (`findCopiedStreams`). Pairs
 * declared related in one enterprise (a meter and the machine it feeds) are exempt.
 */
export async function scanCopiedStreams(
  deps: { sql: SqlExecutor; store: SignalReader; signalsOf: ProfileSignals },
  enterprises: readonly string[],
  period: Period,
  params: CopiedStreamParams,
): Promise<CopiedStreamScan> {
  const registry = new Registry(deps.sql);
  const relations = new DeviceRelations(deps.sql);
  const streams: StreamSeries[] = [];
  const related = new Set<string>();
  for (const ent of enterprises) {
    for (const r of await relations.list(ent)) {
      related.add(`${ent}\u0000${r.from}\u0000${r.to}`);
      related.add(`${ent}\u0000${r.to}\u0000${r.from}`);
    }
    const seen = new Set<string>();
    for (const device of await registry.listDevices(ent)) {
      if (seen.has(device.id)) continue; // one record per device id, as the reports count them
      seen.add(device.id);
      for (const signal of deps.signalsOf(device.profile) ?? []) {
        if (!params.roles.includes(signal.role)) continue;
        if (streams.length >= MAX_SCANNED_STREAMS)
          throw new IngestError(
            "ONRAMP_PERIOD_TOO_LONG",
            `more than ${MAX_SCANNED_STREAMS} streams to scan; scan fewer enterprises or a shorter period`,
          );
        const points = await deps.store.readSignal({
          ent,
          gw: device.gw,
          dev: device.id,
          signal: signal.id,
          from: period.from,
          to: period.to,
          limit: LIMITS.maxPointsPerSignal,
        });
        if (points.length === 0) continue;
        streams.push({
          enterprise: ent,
          device: device.id,
          signal: signal.id,
          role: signal.role,
          points: points.map((p) => ({ t: p.t, v: p.value, q: p.quality })),
        });
      }
    }
  }
  const matches = findCopiedStreams(
    streams,
    params,
    (a, b) =>
      a.enterprise === b.enterprise && related.has(`${a.enterprise}\u0000${a.device}\u0000${b.device}`),
  );
  return { period, enterprises: enterprises.length, streams: streams.length, matches };
}

const REDACTED = {
  enterprise: "(another enterprise)",
  device: "(another enterprise's device)",
  signal: "(not shown)",
};

/** Scans with findings kept at most: a scheduled scan every 5 min with a copy in it fills this in ~5 h. */
export const MAX_KEPT_SCANS = 64;

const pairText = (m: CopiedStreamMatch) =>
  [m.a.enterprise, m.a.device, m.a.signal, m.b.enterprise, m.b.device, m.b.signal].join("\u0000");

/**
 * The recent city-wide scans' findings, kept so each enterprise report can carry the copies
 * touching its devices (input `copiedStreams`). Findings accumulate: a later scan that finds
 * nothing (a period cut at the last whole minute, a stream read before enough of it was stored)
 * does not clear a copy an earlier scan confirmed over a period the report overlaps — a copy
 * found once stays evidence for that period; otherwise whether a copier is caught would depend on
 * which scan ran last before a report was read (the fraud suite's CI run saw 6 copies, then 0).
 * Only scans with findings are kept, the latest `MAX_KEPT_SCANS`. The other enterprise's side is
 * redacted before it enters an enterprise's input: the input is embedded in the enterprise's
 * evidence bundle, which the enterprise may read, and the other side's identity is the bureau's.
 */
export class CopiedStreamFindings {
  readonly #scans: CopiedStreamScan[] = [];

  record(scan: CopiedStreamScan): void {
    if (scan.matches.length === 0) return;
    this.#scans.push(scan);
    if (this.#scans.length > MAX_KEPT_SCANS) this.#scans.shift();
  }

  /**
   * Cross-enterprise copies touching `ent` found by the kept scans whose period overlaps `period`;
   * a pair found by several scans once, with the fit of the most matched changes.
   */
  forEnterprise(ent: string, period: Period): CopiedStreamMatch[] {
    const best = new Map<string, CopiedStreamMatch>();
    for (const scan of this.#scans) {
      if (scan.period.to <= period.from || scan.period.from >= period.to) continue;
      for (const m of scan.matches) {
        if (m.a.enterprise === m.b.enterprise) continue; // the report compares its own streams itself
        if (m.a.enterprise !== ent && m.b.enterprise !== ent) continue;
        const key = pairText(m);
        const kept = best.get(key);
        if (kept === undefined || m.fit.matchedChanges > kept.fit.matchedChanges) best.set(key, m);
      }
    }
    return [...best.values()].map((m) =>
      m.a.enterprise === ent ? { ...m, b: REDACTED } : { ...m, a: REDACTED },
    );
  }
}

/** GET /bureau/copied-streams: the city-wide scan, for the bureau (and admin) only. */
export function copiedStreamRoutes(
  app: FastifyInstance,
  ctx: IngestContext,
  deps: {
    signalsOf: ProfileSignals;
    params: IndicatorParams;
    now: () => number;
    enterprises: () => Promise<string[]>;
    findings: CopiedStreamFindings;
    onScan?: (scan: CopiedStreamScan) => void;
  },
): void {
  securedRoute(app, ctx.apiTokens, {
    method: "GET",
    url: "/bureau/copied-streams",
    summary:
      "The same series (shifted in time, offset or scaled) under two devices of any enterprises, found by the city-wide index (issue 14); bureau only",
    tags: ["indicators"],
    querystring: WindowQuery,
    handler: async ({ principal, query }, request) => {
      requireRole(principal, "bureau", "admin");
      const period = windowOf(query, deps.now());
      if (period.to <= period.from)
        throw new IngestError("ONRAMP_API_VALIDATION", "query: `to` must be after `from`");
      if (period.to - period.from > LIMITS.maxPeriodMs)
        throw new IngestError("ONRAMP_PERIOD_TOO_LONG", "a scan covers at most 31 days");
      const scan = await scanCopiedStreams(
        { sql: ctx.sql, store: ctx.store, signalsOf: deps.signalsOf },
        await deps.enterprises(),
        period,
        deps.params.copiedStream,
      );
      request.log.info(
        { from: period.from, to: period.to, streams: scan.streams, copies: scan.matches.length },
        "copied-stream scan",
      );
      deps.findings.record(scan);
      deps.onScan?.(scan);
      return scan;
    },
  });
}
