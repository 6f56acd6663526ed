// The bureau's first round of challenges (INDICATORS §4, §5 liveness): once the park is online,
// the demo challenges every announced device once, as a bureau would on a first visit. An honest
// device answers with a fresh read from the device itself and rises to `live-verified`; the forged
// gateway has no device behind it and no agent to answer, so its fakes fail (LIVENESS_NO_REPLY) —
// a check family of its own beside the clone and the replayed session.
import type { Api } from "./ingest.js";
import type { ParkEnterprise } from "./park.js";

interface RegisteredDevice {
  readonly gw: string;
  readonly id: string;
}

export interface ChallengeRound {
  readonly passed: number;
  readonly failed: readonly {
    readonly ent: string;
    readonly gw: string;
    readonly dev: string;
    readonly causes: readonly string[];
  }[];
}

/**
 * Challenges every device of every enterprise once, a few at a time so a loaded 2-core machine is
 * not flooded; a device whose gateway never answers costs the challenge deadline.
 */
export async function challengeEveryDevice(
  api: Api,
  park: readonly ParkEnterprise[],
  deadlineMs = 15_000,
  concurrency = 4,
): Promise<ChallengeRound> {
  const queue: { ent: string; device: RegisteredDevice }[] = [];
  for (const ent of park) {
    const devices = await api.call<RegisteredDevice[]>("GET", `/enterprises/${ent.id}/devices`);
    for (const device of devices) queue.push({ ent: ent.id, device });
  }
  let passed = 0;
  const failed: { ent: string; gw: string; dev: string; causes: string[] }[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const { ent, device } = next;
      const result = await api
        .call<{ outcome: string; causes: { code: string }[] }>("POST", `/devices/${device.id}/challenge`, {
          enterprise: ent,
          gateway: device.gw,
          deadlineMs,
        })
        .catch((error: Error) => ({ outcome: "failed", causes: [{ code: error.message }] }));
      if (result.outcome === "passed") passed++;
      else failed.push({ ent, gw: device.gw, dev: device.id, causes: result.causes.map((c) => c.code) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { passed, failed };
}
