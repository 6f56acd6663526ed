import type { Flag } from "../flags.js";
import type { ReceivedFrame } from "../inputs.js";
import type { ReplayParams } from "../params.js";
/**
 * INDICATORS §5 replay / duplication, over the verified data frames of the period in receipt
 * order:
 * - a repeated (session, seq): with other signed bytes (`REPLAY_SEQ_CONFLICT`), or the same bytes
 *   received again after `redeliveryWindowMs` (`REPLAY_SEQ_REPEATED`); a copy inside the window
 *   is an at-least-once redelivery and is ignored altogether;
 * - a session that reappears after a later one of the same gateway (`REPLAY_SESSION_REAPPEARED`);
 * - sample timestamps going backwards within a series, by more than `backwardsToleranceMs`
 *   (`REPLAY_SAMPLE_TIME_BACKWARDS`), or beyond `maxClockSkewMs` after receipt
 *   (`REPLAY_SAMPLE_TIME_FUTURE`).
 * Samples are read as the frame log keeps them: per device, per signal, times in sample order.
 * One flag per device and code, with the count and the first examples.
 */
export declare function checkReplay(frames: readonly ReceivedFrame[], params: ReplayParams, maxExamples: number): Flag[];
