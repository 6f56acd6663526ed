import type { DigitalLevel } from "../../../src/digital-level/digital-level.js";
import type { Questionnaire } from "../../../src/digital-level/questionnaire.js";
import type { Answers } from "../../../src/digital-level/scoring.js";
import { ApiFailure, apiGet, apiSend, seg } from "./client.js";

export type { DigitalLevel, DigitalLevelItem } from "../../../src/digital-level/digital-level.js";
export type { Questionnaire } from "../../../src/digital-level/questionnaire.js";
export type { Answers } from "../../../src/digital-level/scoring.js";

/** GET /digital-level/questionnaire: the MIIT 2024 questionnaire as data, with its source. */
export async function questionnaire(): Promise<Questionnaire> {
  return (await apiGet<{ questionnaire: Questionnaire }>("/digital-level/questionnaire")).questionnaire;
}

/** The enterprise's latest declared answers, or null when it has none (404) or declared a total only. */
export async function declaredAnswers(ent: string): Promise<Answers | null> {
  try {
    const stored = await apiGet<{ kind: string; answers?: Answers }>(
      `/enterprises/${seg(ent)}/digital-level/answers`,
    );
    return stored.answers ?? null;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 404) return null;
    throw error;
  }
}

/** PUT the answers; the server answers with the declared score and level. */
export async function declareAnswers(
  ent: string,
  answers: Answers,
): Promise<{ declared: NonNullable<DigitalLevel["declared"]>; answeredAt: string }> {
  return apiSend("PUT", `/enterprises/${seg(ent)}/digital-level/answers`, { answers });
}
