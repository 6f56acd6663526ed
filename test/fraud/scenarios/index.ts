// The scenario set, honest ones first (frauds copy from and clone the honest agent-run enterprise).
import { badQualityOnly } from "./bad-quality-only.js";
import { birthsStatusOnly } from "./births-status-only.js";
import { challengeReplyReplay } from "./challenge-reply-replay.js";
import { clonedIdentity } from "./cloned-identity.js";
import { constantRegular } from "./constant-regular.js";
import { contradictingChallenge } from "./contradicting-challenge.js";
import {
  copiedStreamOffset,
  copiedStreamScaled,
  copiedStreamShifted,
  copiedStreamSlowed,
} from "./copied-stream.js";
import { counterStalled } from "./counter-stalled.js";
import { decreasingCounter } from "./decreasing-counter.js";
import { honestAgent } from "./honest-agent.js";
import { honestSynthetic } from "./honest-synthetic.js";
import { identitySwaps } from "./identity-swaps.js";
import { ignoresChallenges } from "./ignores-challenges.js";
import { noDeviceProof } from "./no-device-proof.js";
import { replayedSession } from "./replayed-session.js";
import { resetAfterOwnStatus } from "./reset-after-own-status.js";
import { spindleWithoutPower } from "./spindle-without-power.js";
import type { Scenario } from "./types.js";
import { unannouncedEquipment } from "./unannounced-equipment.js";

export const HONEST_AGENT = honestAgent;
export const HONEST_SYNTHETIC = honestSynthetic;

export const SCENARIOS: readonly Scenario[] = [
  honestAgent,
  honestSynthetic,
  counterStalled,
  copiedStreamShifted,
  copiedStreamOffset,
  copiedStreamScaled,
  copiedStreamSlowed,
  spindleWithoutPower,
  identitySwaps,
  badQualityOnly,
  resetAfterOwnStatus,
  unannouncedEquipment,
  birthsStatusOnly,
  ignoresChallenges,
  contradictingChallenge,
  decreasingCounter,
  constantRegular,
  replayedSession,
  clonedIdentity,
  noDeviceProof,
  challengeReplyReplay,
];
