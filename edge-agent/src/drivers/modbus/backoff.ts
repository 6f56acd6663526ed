/** Bounds of an exponential backoff, ms. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * The wait before attempt `attempt` (0-based): exponential, capped, with "equal jitter" — half
 * the delay fixed, half random — so that many devices behind one dead gateway do not retry in
 * lock-step, while a single device still backs off predictably (AWS Architecture Blog,
 * "Exponential Backoff And Jitter", 2015).
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + (random() * ceiling) / 2;
}
