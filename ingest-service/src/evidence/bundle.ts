import { buildTopic, type TopicKind } from "@onramp/contract";
import type { LoadedQuestionnaire } from "../digital-level/index.js";
import {
  canonicalJson,
  computeEnterpriseReport,
  type IndicatorParams,
  type JsonValue,
  type Period,
} from "../indicators/index.js";
import type { Registry } from "../state/registry.js";
import type { SqlExecutor } from "../state/sql-client.js";
import {
  BUNDLE_FORMAT,
  type Bundle,
  type BundleFrame,
  MAX_BUNDLE_FRAMES,
} from "../verify-cli/bundle-format.js";
import { bundleDigitalLevel } from "./bundle-digital-level.js";
import type { LoadedInput } from "./load-input.js";

interface ArchivedRow {
  gw: string;
  kind: TopicKind;
  receivedAt: number;
  raw: Uint8Array;
}

/**
 * Archived frames of the period, at most `MAX_BUNDLE_FRAMES`: when more exist, births, deaths,
 * status and replies are kept first (they are few and explain presence and liveness), and data
 * frames are taken at an even stride across the period so every part of it is sampled.
 */
async function sampleFrames(sql: SqlExecutor, ent: string, period: Period) {
  const [count] = await sql.query<{ n: number }>(
    `SELECT COUNT(*)::int AS n FROM frame_log WHERE ent = $1 AND raw IS NOT NULL AND received_at >= $2 AND received_at < $3`,
    [ent, period.from, period.to],
  );
  const available = Number(count?.n ?? 0);
  const others = await sql.query<ArchivedRow>(
    `SELECT gw, kind, received_at AS "receivedAt", raw FROM frame_log
     WHERE ent = $1 AND raw IS NOT NULL AND kind <> 'data' AND received_at >= $2 AND received_at < $3
     ORDER BY received_at LIMIT $4`,
    [ent, period.from, period.to, MAX_BUNDLE_FRAMES],
  );
  const dataRoom = MAX_BUNDLE_FRAMES - others.length;
  const dataAvailable = available - others.length;
  const stride = Math.max(1, Math.ceil(dataAvailable / Math.max(1, dataRoom)));
  const data = await sql.query<ArchivedRow>(
    `SELECT gw, kind, "receivedAt", raw FROM (
       SELECT gw, kind, received_at AS "receivedAt", raw,
         ROW_NUMBER() OVER (ORDER BY received_at, gw, sess, seq) AS n
       FROM frame_log WHERE ent = $1 AND raw IS NOT NULL AND kind = 'data' AND received_at >= $2 AND received_at < $3
     ) AS numbered WHERE (n - 1) % $4 = 0 ORDER BY "receivedAt" LIMIT $5`,
    [ent, period.from, period.to, stride, dataRoom],
  );
  const items: BundleFrame[] = [...others, ...data]
    .sort((a, b) => a.receivedAt - b.receivedAt)
    .map((row) => ({
      topic: buildTopic(ent, row.gw, row.kind),
      receivedAt: row.receivedAt,
      base64: Buffer.from(row.raw).toString("base64"),
    }));
  return { limit: MAX_BUNDLE_FRAMES, available, truncated: items.length < available, items };
}

/** Assembles the evidence bundle of one enterprise and period (format in verify-cli/bundle-format.ts). */
export async function buildEvidenceBundle(
  deps: { sql: SqlExecutor; registry: Registry },
  enterprise: { id: string; name: string },
  loaded: LoadedInput,
  params: IndicatorParams,
  now: number,
  /** The SME digital level questionnaire the server scores with; without it `digitalLevel` is null. */
  digitalLevel?: LoadedQuestionnaire,
): Promise<Bundle> {
  const report = computeEnterpriseReport(loaded.input, params);
  // A Sparkplug B gateway has no key and signed nothing: the bundle's frames and keys are the
  // signed path's; its devices' data stands in the input, marked unsigned in the report (issue 20).
  const signing = (await deps.registry.listGateways(enterprise.id)).filter(
    (g) => g.source === "onramp-agent",
  );
  const gateways = signing.map((g) => ({
    ent: g.ent,
    id: g.id,
    kid: g.kid,
    publicJwk: { ...g.publicJwk },
    enrolledAt: g.enrolledAt,
    revokedAt: g.revokedAt,
  }));
  return {
    format: BUNDLE_FORMAT,
    generatedAt: now,
    enterprise: { id: enterprise.id, name: enterprise.name },
    params,
    input: loaded.input,
    report: JSON.parse(canonicalJson(report as unknown as JsonValue)),
    frames: await sampleFrames(deps.sql, enterprise.id, loaded.input.period),
    gateways,
    registry: [
      ...loaded.registry.map((d) => ({ ...d })),
      // Declared equipment, announced or not, marked as such (issue 14).
      ...loaded.declared.map((e) => ({ ...e, source: "declaration" })),
    ],
    digitalLevel:
      digitalLevel === undefined
        ? null
        : await bundleDigitalLevel(deps.sql, enterprise.id, digitalLevel, report),
  };
}
