import { readFileSync } from "node:fs";
import {
  type LoadedQuestionnaire,
  QUESTIONNAIRE_DIR,
  questionnaireFileNames,
  questionnaireFromBytes,
} from "../digital-level/questionnaire.js";

/** The questionnaire edition `onramp-verify` scores with (the one the ingest loads by default). */
export const SHIPPED_EDITION = "2024-manufacturing";

/**
 * Set by the bin build (scripts/build-bins.mjs, esbuild `define`): the edition's two files as
 * base64 of their exact bytes, so the built verifier carries the questionnaire inside itself and
 * needs no checkout beside it. Undefined when running from the sources (tsx, vitest), which read
 * the same files from data/.
 */
declare const ONRAMP_SHIPPED_QUESTIONNAIRE: { questionnaire: string; bindings: string } | undefined;

/** Where the shipped questionnaire came from, for the verifier's output. */
export type ShippedFrom = "built-in" | "data-dir";

export interface ShippedQuestionnaire {
  readonly loaded: LoadedQuestionnaire;
  readonly from: ShippedFrom;
}

let shipped: ShippedQuestionnaire | undefined;

/** The questionnaire and bindings this verifier ships, parsed and checked once. */
export function shippedQuestionnaire(): ShippedQuestionnaire {
  if (shipped !== undefined) return shipped;
  if (typeof ONRAMP_SHIPPED_QUESTIONNAIRE !== "undefined") {
    const embedded = ONRAMP_SHIPPED_QUESTIONNAIRE;
    shipped = {
      loaded: questionnaireFromBytes(SHIPPED_EDITION, {
        questionnaire: Buffer.from(embedded.questionnaire, "base64"),
        bindings: Buffer.from(embedded.bindings, "base64"),
      }),
      from: "built-in",
    };
    return shipped;
  }
  const names = questionnaireFileNames(SHIPPED_EDITION);
  shipped = {
    loaded: questionnaireFromBytes(SHIPPED_EDITION, {
      questionnaire: readFileSync(`${QUESTIONNAIRE_DIR}${names.questionnaire}`),
      bindings: readFileSync(`${QUESTIONNAIRE_DIR}${names.bindings}`),
    }),
    from: "data-dir",
  };
  return shipped;
}
