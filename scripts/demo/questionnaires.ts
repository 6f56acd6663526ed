// The SME digital level questionnaire each demo enterprise submits at start (issue 15, INDICATORS
// §7), through the API with its own enterprise token. The honest enterprises answer what their
// plants are — every production machine connected, so both rate items at (60 %,100 %] — and sit
// well inside their band, so the evidence-adjusted score keeps their level even while the first
// minutes of telemetry are thin. The dishonest enterprise declares level 2 by a hair, counting its
// forged machines as networked: its verified rates leave the fakes (and the cloned CNC) out, the
// rate items drop a band, and the adjusted score falls below 40.
import type { Api } from "./ingest.js";
import type { ParkEnterprise } from "./park.js";

type Answers = Record<string, string[]>;

/** Level 2, 56.125 points by hand (bound items 12 + 3.5 of them). */
export const HONEST_LEVEL_2: Answers = {
  "foundation.network": ["B", "C"],
  "foundation.equipment-digitalisation": ["E"],
  "foundation.equipment-networking": ["E"],
  "foundation.data-collection": ["F", "G", "I", "K", "N"],
  "foundation.information-systems": ["C"],
  "foundation.network-security": ["B", "C"],
  "foundation.data-security": ["B", "C"],
  "management.planning": ["D"],
  "management.mechanisms": ["B", "C"],
  "management.talent": ["B", "D"],
  "management.funding": ["B"],
  "results.energy": ["B"],
  "results.quality": ["C"],
  "results.revenue-per-employee": ["B"],
  "results.cost": ["B"],
};

/** Level 3, 76.975 points by hand. */
export const HONEST_LEVEL_3: Answers = {
  "foundation.network": ["B", "C", "E"],
  "foundation.equipment-digitalisation": ["E"],
  "foundation.equipment-networking": ["E"],
  "foundation.data-collection": ["F", "G", "H", "I", "K", "L", "M", "N"],
  "foundation.information-systems": ["D"],
  "foundation.network-security": ["B", "C", "D"],
  "foundation.data-security": ["B", "C", "D"],
  "management.planning": ["E"],
  "management.mechanisms": ["B", "C", "D"],
  "management.talent": ["B", "C", "D"],
  "management.funding": ["C"],
  "results.energy": ["C"],
  "results.quality": ["C"],
  "results.revenue-per-employee": ["C"],
  "results.cost": ["B"],
};

/** Level 2 by a hair: 40.225 points, 12 of them on the two rate items. */
export const DISHONEST_LEVEL_2: Answers = {
  "foundation.network": ["B", "C"],
  "foundation.equipment-digitalisation": ["E"],
  "foundation.equipment-networking": ["E"],
  "foundation.data-collection": ["G", "I", "K"],
  "foundation.information-systems": ["C"],
  "management.planning": ["D"],
  "management.mechanisms": ["B", "C"],
  "management.funding": ["B"],
  "results.energy": ["B"],
  "results.quality": ["B"],
};

/** The answers of the park's `index`-th enterprise: the dishonest one, else level 2 and 3 in turn. */
export function answersFor(ent: ParkEnterprise, index: number): Answers {
  if (ent.isDishonest) return DISHONEST_LEVEL_2;
  return index % 2 === 0 ? HONEST_LEVEL_2 : HONEST_LEVEL_3;
}

/** PUT …/digital-level/answers with the enterprise's own token, as its staff would from the dashboard. */
export async function submitQuestionnaire(api: Api, ent: ParkEnterprise, index: number): Promise<number> {
  const token = await api.createToken("enterprise", ent.id);
  const result = await api.call<{ declared: { score: number; level: number } }>(
    "PUT",
    `/enterprises/${ent.id}/digital-level/answers`,
    { answers: answersFor(ent, index) },
    token,
  );
  return result.declared.level;
}
