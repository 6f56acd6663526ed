/**
 * The digital level's flag codes (INDICATORS §7), apart from the scoring so the dashboard and the
 * bureau can tell them apart without bundling the evidence adjustment.
 */

/** Red: the evidence, judged, puts the adjusted score below the declared level's floor. */
export const FLAG_NOT_SUPPORTED = "DIGITAL_LEVEL_NOT_SUPPORTED";
/** Only a national self-assessment total was imported: nothing can be checked item by item. */
export const FLAG_TOTAL_ONLY = "DIGITAL_LEVEL_TOTAL_ONLY";
/**
 * Neutral, not a failure: the adjusted score is below the declared level's floor only through
 * items whose evidence has not had the time to be judged (issue 15 §4: "not yet judged", never red).
 */
export const FLAG_NOT_YET_JUDGED = "DIGITAL_LEVEL_NOT_YET_JUDGED";

/** The digital-level flags that say "wait", not "wrong": views show them in a neutral colour. */
export const NEUTRAL_DIGITAL_LEVEL_FLAGS: readonly string[] = [FLAG_NOT_YET_JUDGED];

/** Whether a digital-level flag code is neutral ("not yet judged") rather than a failure. */
export const isNeutralDigitalLevelFlag = (code: string): boolean =>
  NEUTRAL_DIGITAL_LEVEL_FLAGS.includes(code);
