export { AnswersSchema } from "./answers-schema.js";
export { latestDeclaration, saveDeclaration } from "./answers-store.js";
export {
  computeDigitalLevel,
  type Declaration,
  type DigitalLevel,
  type DigitalLevelItem,
  FLAG_NOT_SUPPORTED,
  FLAG_NOT_YET_JUDGED,
  FLAG_TOTAL_ONLY,
  isNeutralDigitalLevelFlag,
  NEUTRAL_DIGITAL_LEVEL_FLAGS,
} from "./digital-level.js";
export type { EvidenceFacts } from "./evidence-adjust.js";
export { fromNationalImport, type NationalImport, NationalImportSchema } from "./national-import.js";
export {
  type Bindings,
  type LoadedQuestionnaire,
  loadQuestionnaire,
  type Questionnaire,
} from "./questionnaire.js";
export { type DigitalLevelDeps, digitalLevelRoutes } from "./routes.js";
export { type Answers, type Level, levelOf } from "./scoring.js";
