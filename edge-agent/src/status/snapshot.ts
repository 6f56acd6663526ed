import type { ChallengeCounters } from "../challenge/challenge.js";
import type { DriverCounters } from "../drivers/driver.js";
import type { DeviceStatus } from "../pipeline/device-states.js";
import type { PipelineCounters } from "../pipeline/pipeline.js";
import type { PublisherStats } from "../publish/publisher.js";
import type { SpoolStats } from "../spool/spool.js";

/** Everything `/status`, `/metrics` and `onramp-agent status` show: one JSON document. */
export interface AgentSnapshot {
  readonly agent: { readonly version: string; readonly startedAt: number; readonly now: number };
  readonly gateway: {
    readonly enterprise: string;
    readonly id: string;
    readonly session: string;
    readonly kid: string;
  };
  readonly broker: PublisherStats & { readonly url: string };
  readonly spool: SpoolStats;
  readonly pipeline: PipelineCounters;
  readonly challenges: ChallengeCounters;
  readonly devices: readonly AgentDeviceStatus[];
}

/** A device as the pipeline sees it, plus its driver's own counters (named in the driver's README). */
export interface AgentDeviceStatus extends DeviceStatus {
  readonly counters: DriverCounters;
}
