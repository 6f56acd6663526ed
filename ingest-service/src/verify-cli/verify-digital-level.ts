import { computeDigitalLevel, type DigitalLevel } from "../digital-level/digital-level.js";
import type { LoadedQuestionnaire } from "../digital-level/questionnaire.js";
import { answerProblems } from "../digital-level/scoring.js";
import { canonicalJson, type EnterpriseReport, type JsonValue } from "../indicators/index.js";
import type { BundleDigitalLevel } from "./bundle-format.js";
import { diffJson } from "./diff-json.js";

export interface DigitalLevelCheck {
  /**
   * absent: the bundle has no digital level; other-questionnaire: it names files this verifier
   * does not ship (nothing recomputed); match / mismatch: recomputed and compared.
   */
  status: "absent" | "other-questionnaire" | "match" | "mismatch";
  /** The recomputed declared and evidence-adjusted score and level (match / mismatch). */
  recomputed: Pick<DigitalLevel, "declared" | "evidenceAdjusted"> | null;
  problems: string[];
}

/** Differences listed at most (the first ones say enough). */
const MAX_DIFFERENCES = 100;

/**
 * Recomputes the bundle's digital level offline (INDICATORS §7): the declared and evidence-adjusted
 * score and level from the bundled submission, the questionnaire and bindings this verifier ships
 * and the report recomputed from the bundle's inputs, compared with the bundled section. A bundle
 * scored with other questionnaire or bindings bytes (another edition, or an edited file) is not
 * recomputed with these: the check fails and says which files it would need.
 */
export function checkDigitalLevel(
  section: BundleDigitalLevel | null,
  report: EnterpriseReport,
  shipped: LoadedQuestionnaire,
): DigitalLevelCheck {
  if (section === null) return { status: "absent", recomputed: null, problems: [] };
  const mine = {
    questionnaire: {
      id: shipped.questionnaire.id,
      version: shipped.questionnaire.version,
      ...shipped.files.questionnaire,
    },
    bindings: {
      id: shipped.bindings.questionnaire,
      version: shipped.bindings.version,
      ...shipped.files.bindings,
    },
  };
  const other = (["questionnaire", "bindings"] as const).filter((k) => section[k].sha256 !== mine[k].sha256);
  if (other.length > 0) {
    const named = (f: BundleDigitalLevel["questionnaire"]) =>
      `${f.id} ${f.version} (${f.file}, sha256 ${f.sha256})`;
    return {
      status: "other-questionnaire",
      recomputed: null,
      problems: other.map(
        (k) =>
          `the bundle's ${k} is ${named(section[k])}; this verifier ships ${named(mine[k])}: ` +
          "the digital level is not recomputed with another text — use the onramp-verify of the release that ships it",
      ),
    };
  }
  const { questionnaire: q, bindings: b } = shipped;
  const declaration = section.submission?.declaration ?? null;
  const problems: string[] = [];
  if (declaration?.kind === "answers")
    for (const p of answerProblems(q, declaration.answers)) problems.push(`submission: ${p}`);
  const recomputed = computeDigitalLevel(q, b, declaration, report);
  const bundled = JSON.parse(canonicalJson(section.result as JsonValue));
  const fresh = JSON.parse(canonicalJson(recomputed as unknown as JsonValue));
  const differences = diffJson(bundled, fresh);
  for (const d of differences.slice(0, MAX_DIFFERENCES))
    problems.push(`${whereIn(recomputed, d.path)}: bundled ${d.bundled}, recomputed ${d.recomputed}`);
  if (differences.length > MAX_DIFFERENCES)
    problems.push(`… and ${differences.length - MAX_DIFFERENCES} more differences`);
  return {
    status: problems.length === 0 ? "match" : "mismatch",
    recomputed: { declared: recomputed.declared, evidenceAdjusted: recomputed.evidenceAdjusted },
    problems,
  };
}

/** `$.items[3].adjustedScore` → `item foundation.equipment-networking: $.items[3].adjustedScore`. */
function whereIn(level: DigitalLevel, path: string): string {
  const index = /^\$\.items\[(\d+)\]/.exec(path)?.[1];
  const item = index === undefined ? undefined : level.items[Number(index)];
  return item === undefined ? path : `item ${item.id} (${item.title.en}): ${path}`;
}
