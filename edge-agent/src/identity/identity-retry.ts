/**
 * When to read a device's identity again after a read failed. The identity is read once per
 * connection; a read that times out (a Modbus gateway busy with a loaded host's first polls did,
 * in the demo) would otherwise leave the device without a fingerprint — stuck at evidence level
 * `declared` — until it happened to reconnect. So a failed read is retried while the device runs:
 * soon at first, then backing off to once a minute, so a device that has no identity to give costs
 * one request a minute.
 */
export const IDENTITY_RETRY_FIRST_MS = 2_000;
export const IDENTITY_RETRY_MAX_MS = 60_000;

/** Delay before retry number `attempt` (0 = the first retry): doubling from 2 s, capped at 60 s. */
export function identityRetryDelayMs(attempt: number): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 16);
  return Math.min(IDENTITY_RETRY_FIRST_MS * 2 ** exponent, IDENTITY_RETRY_MAX_MS);
}
