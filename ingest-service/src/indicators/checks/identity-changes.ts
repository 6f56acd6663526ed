import { type Flag, isoTime, makeFlag } from "../flags.js";
import type {
  ChallengeResult,
  DeviceRecord,
  IdentityChange,
  NameplateConfirmation,
  Period,
} from "../inputs.js";
import { compareText } from "../ordering.js";
import type { IdentityParams } from "../params.js";

/** The agent's reply code when a challenge's fresh identity read differs from the announced one. */
export const CHALLENGE_IDENTITY_CHANGED = "ONRAMP_CHALLENGE_IDENTITY_CHANGED";

export interface IdentityAudit {
  /** Every change of the device's fingerprint in the period, oldest first (first fingerprints excluded). */
  readonly changes: readonly IdentityChange[];
  /** Challenges whose reply said the device's identity changed and that no birth in the period explains. */
  readonly unexplainedChallengeReports: readonly { readonly id: string; readonly at: number }[];
  readonly flags: readonly Flag[];
}

/**
 * Identity changes audited like mapping changes (issue 14). Each fingerprint change a birth
 * announced in the period is a `warning` with old and new fingerprints: a machine may be
 * replaced. More than `maxChanges` changes in one period (default 1: the second fails) is the
 * pattern of machines swapped in and out under one device id, a `failure` that keeps the device
 * from "consistent". A challenge reply reporting a changed identity counts as a change too when no
 * birth at or after it in the period records one (the agent re-announces after such a reply, so a
 * report without a birth means the change was never announced).
 */
export function auditIdentityChanges(
  device: string,
  changes: readonly IdentityChange[],
  challenges: readonly ChallengeResult[],
  period: Period,
  params: IdentityParams,
): IdentityAudit {
  const inPeriod = changes
    .filter((c) => c.device === device && c.at >= period.from && c.at < period.to)
    .filter((c) => c.previousFingerprint !== null && c.previousFingerprint !== c.fingerprint)
    .sort((a, b) => a.at - b.at || compareText(a.fingerprint, b.fingerprint));
  const unexplained = challenges
    .filter((c) => c.device === device && c.reply?.error?.code === CHALLENGE_IDENTITY_CHANGED)
    .map((c) => ({ id: c.id, at: c.reply?.receivedAt ?? c.issuedAt }))
    .filter(({ at }) => at >= period.from && at < period.to)
    .filter(({ at }) => !inPeriod.some((change) => change.at >= at))
    .sort((a, b) => a.at - b.at || compareText(a.id, b.id));
  const flags: Flag[] = inPeriod.map((change) =>
    makeFlag(
      "IDENTITY_CHANGED",
      device,
      `At ${isoTime(change.at)} gateway "${change.gateway}" announced "${device}" with identity ${change.fingerprint} (${change.source}) instead of ${change.previousFingerprint} (${change.previousSource ?? "?"}): another physical device now answers under this id.`,
      { ...change },
    ),
  );
  const count = inPeriod.length + unexplained.length;
  if (count > params.maxChanges) {
    const fingerprints = [
      ...new Set(inPeriod.flatMap((c) => [c.previousFingerprint ?? "", c.fingerprint]).filter(Boolean)),
    ];
    flags.push(
      makeFlag(
        "IDENTITY_REPEATED_CHANGES",
        device,
        `The identity of "${device}" changed ${count} times in the period (at most ${params.maxChanges} allowed), across ${fingerprints.length} different fingerprints: machines are swapped in and out under one device id.`,
        {
          changes: count,
          maxChanges: params.maxChanges,
          fingerprints,
          times: inPeriod.map((c) => c.at),
          challengeReports: unexplained.map((r) => ({ ...r })),
        },
      ),
    );
  }
  return { changes: inPeriod, unexplainedChallengeReports: unexplained, flags };
}

/**
 * A nameplate identity is only an integrator's word, so the cloud holds it to the word given at
 * enrollment: the device's current fingerprint, when it is nameplate-sourced, must be the one
 * confirmed for this device id by the enrollment of one of the enterprise's gateways. A serial
 * that was never confirmed, or that changed since, is a `failure`.
 */
export function checkNameplateConfirmed(
  device: Pick<DeviceRecord, "id" | "fingerprint" | "identitySource">,
  confirmations: readonly NameplateConfirmation[],
): Flag[] {
  if (device.identitySource !== "nameplate" || device.fingerprint === undefined) return [];
  const own = confirmations
    .filter((c) => c.device === device.id)
    .sort((a, b) => a.confirmedAt - b.confirmedAt || compareText(a.gateway, b.gateway));
  if (own.some((c) => c.fingerprint === device.fingerprint)) return [];
  const data = {
    fingerprint: device.fingerprint,
    confirmed: own.map((c) => ({ ...c })),
  };
  const reason =
    own.length === 0
      ? `"${device.id}" announces a nameplate identity (${device.fingerprint}), but no enrollment of this enterprise's gateways confirmed a nameplate serial for it.`
      : `"${device.id}" announces a nameplate identity (${device.fingerprint}) other than the one confirmed at enrollment (serial "${own.at(-1)?.serial}" by gateway "${own.at(-1)?.gateway}" at ${isoTime(own.at(-1)?.confirmedAt ?? 0)}): the serial changed after enrollment.`;
  return [makeFlag("IDENTITY_NAMEPLATE_UNCONFIRMED", device.id, reason, data)];
}
