import { computeDigitalLevel, type LoadedQuestionnaire, latestDeclaration } from "../digital-level/index.js";
import { canonicalJson, type EnterpriseReport, type JsonValue } from "../indicators/index.js";
import type { SqlExecutor } from "../state/sql-client.js";
import type { BundleDigitalLevel } from "../verify-cli/bundle-format.js";

/**
 * The bundle's `digitalLevel` (format /3): the enterprise's latest submission — the one the
 * enterprise report counts — with who declared it, when and how, the questionnaire and bindings
 * by the sha256 of their bytes, and the report's digitalLevel section computed exactly as the
 * report computes it (the same declaration, adjusted to the same indicators).
 */
export async function bundleDigitalLevel(
  sql: SqlExecutor,
  ent: string,
  loaded: LoadedQuestionnaire,
  report: EnterpriseReport,
): Promise<BundleDigitalLevel> {
  const { questionnaire: q, bindings: b, files } = loaded;
  const stored = await latestDeclaration(sql, ent, q);
  const result = computeDigitalLevel(q, b, stored?.declaration ?? null, report);
  return {
    questionnaire: { id: q.id, version: q.version, ...files.questionnaire },
    bindings: { id: b.questionnaire, version: b.version, ...files.bindings },
    submission:
      stored === null
        ? null
        : { source: stored.source, answeredBy: stored.answeredBy, declaration: stored.declaration },
    result: JSON.parse(canonicalJson(result as unknown as JsonValue)),
  };
}
