import { randomInt } from "node:crypto";
import { CUMULATIVE_ROLES } from "@onramp/profiles";
import { IngestError } from "../errors.js";
import type { SignalSpec } from "../indicators/index.js";

/** Signals drawn at random on top of the counter and the state, so a gateway cannot prepare them. */
export const RANDOM_EXTRA_SIGNALS = 2;

/**
 * Which signals a challenge reads (issue 14 §4): the bureau's own list, checked against the
 * device's profile; by default every cumulative counter of the profile (`part_count`,
 * `energy_total`, `operating_hours`: a counter must have advanced consistently with the stream,
 * which a replayed or invented stream gets wrong), the execution state (else the controller mode),
 * and `RANDOM_EXTRA_SIGNALS` others drawn at random. Undefined when the profile is unknown to the
 * ingest: the gateway then reads its device's whole profile.
 */
export function challengeSignals(
  specs: readonly SignalSpec[],
  requested: readonly string[] | undefined,
  draw: (n: number) => number = randomInt,
): string[] | undefined {
  if (requested !== undefined) {
    const known = new Set(specs.map((s) => s.id));
    const unknown = requested.filter((id) => !known.has(id));
    if (specs.length > 0 && unknown.length > 0)
      throw new IngestError(
        "ONRAMP_API_VALIDATION",
        `signals: the device's profile has no signal ${unknown.join(", ")}`,
      );
    return [...new Set(requested)];
  }
  if (specs.length === 0) return undefined;
  const chosen = specs.filter((s) => CUMULATIVE_ROLES.includes(s.role)).map((s) => s.id);
  const state = specs.find((s) => s.role === "execution") ?? specs.find((s) => s.role === "controller_mode");
  if (state !== undefined) chosen.push(state.id);
  const rest = specs.map((s) => s.id).filter((id) => !chosen.includes(id));
  for (let i = 0; i < RANDOM_EXTRA_SIGNALS && rest.length > 0; i++) {
    const [picked] = rest.splice(draw(rest.length), 1);
    if (picked !== undefined) chosen.push(picked);
  }
  return chosen;
}
