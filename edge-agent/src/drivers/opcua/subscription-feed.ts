import {
  AttributeIds,
  ClientMonitoredItemGroup,
  type ClientSession,
  type ClientSubscription,
  DataChangeFilter,
  DataChangeTrigger,
  type DataValue,
  DeadbandType,
  type NodeId,
  type StatusCode,
  StatusCodes,
  TimestampsToReturn,
} from "node-opcua";
import type { DriverResult, SignalFault } from "../driver.js";
import { withTimeout } from "./discovery.js";
import { cause, messageOf } from "./errors.js";
import { batchesOf, type MonitoredSignal, type MonitoringPlan } from "./monitoring-plan.js";
import { silenceLimitMs } from "./watchdog.js";

/** A value change as the server sent it: status code and source timestamp included. */
export interface ValueChange {
  readonly signal: string;
  readonly dataValue: DataValue;
  /**
   * Set on a heartbeat replay of an unchanged value (heartbeat-replay.ts): the time the agent
   * vouches for it, which becomes the sample's time instead of the SourceTimestamp.
   */
  readonly vouchedAt?: number;
}

export interface FeedEvents {
  /** The changes of one publish response (or one poll), in one call. */
  values(changes: readonly ValueChange[]): void;
  /** Any sign of life: a notification, a keep-alive, a successful poll. */
  heard(): void;
  /** The feed died on its own (the server closed the subscription). */
  ended(reason: string): void;
}

export interface Feed {
  readonly kind: "subscription" | "poll";
  /** How long silence may last before the feed is presumed dead; undefined for polling. */
  readonly silenceLimitMs: number | undefined;
  /**
   * The server must answer within this (publishing interval × max keep-alive count, as revised,
   * OPC 10000-4 §5.13.1.1); undefined for polling.
   */
  readonly keepAliveMs: number | undefined;
  /** Signals the server refused to monitor. */
  readonly faults: readonly SignalFault[];
  stop(): Promise<void>;
}

export interface SubscriptionSettings {
  readonly keepAliveCount: number;
  readonly batchSize: number;
  readonly timeoutMs: number;
}

/** Statuses of a server without (usable) subscriptions: the driver polls instead. */
const NO_SUBSCRIPTIONS = [
  "BadServiceUnsupported",
  "BadTooManySubscriptions",
  "BadNotSupported",
  "BadNotImplemented",
];
/** Statuses of an item whose filter the server refuses: it is monitored again without one. */
const FILTER_REFUSED = [
  "BadFilterNotAllowed",
  "BadMonitoredItemFilterUnsupported",
  "BadDeadbandFilterInvalid",
  "BadMonitoredItemFilterInvalid",
];

export type SubscriptionOutcome =
  | DriverResult<Feed>
  | { readonly ok: "unsupported"; readonly reason: string };

/**
 * One subscription for the device: its items created in batches, value changes delivered per
 * publish response, and every publish response (data or keep-alive) counted as a sign of life.
 */
export async function startSubscription(
  session: ClientSession,
  plan: MonitoringPlan,
  nodeIds: ReadonlyMap<string, NodeId>,
  settings: SubscriptionSettings,
  events: FeedEvents,
  where: string,
): Promise<SubscriptionOutcome> {
  let subscription: ClientSubscription;
  try {
    subscription = await withTimeout(
      session.createSubscription2({
        requestedPublishingInterval: plan.publishingIntervalMs,
        requestedMaxKeepAliveCount: settings.keepAliveCount,
        // OPC 10000-4 §5.13.2.2: at least three keep-alive intervals.
        requestedLifetimeCount: settings.keepAliveCount * 6,
        maxNotificationsPerPublish: 0,
        publishingEnabled: true,
        priority: 10,
      }),
      settings.timeoutMs,
      "CreateSubscription",
    );
  } catch (error) {
    const text = messageOf(error);
    if (NO_SUBSCRIPTIONS.some((s) => text.includes(s))) return { ok: "unsupported", reason: text };
    return {
      ok: false,
      error: cause("ONRAMP_OPCUA_SUBSCRIPTION_FAILED", `${where}: CreateSubscription failed: ${text}`),
    };
  }
  let isStopping = false;
  subscription.on("raw_notification", () => events.heard());
  subscription.on("terminated", () => {
    if (!isStopping) events.ended("the server closed the subscription");
  });

  let pending: ValueChange[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length > 0) events.values(batch);
  };
  const faults: SignalFault[] = [];
  const monitor = async (
    batch: readonly MonitoredSignal[],
    withFilter: boolean,
  ): Promise<MonitoredSignal[]> => {
    const first = batch[0];
    if (!first) return [];
    const deadband = withFilter ? first.deadband : undefined;
    // The group is created and listened to before its items exist on the server. With an awaited
    // `subscription.monitorItems()` the listener came only after the call resumed, and an initial
    // notification dispatched before that was lost — for a value that never changes (a CNC's
    // overrides), for good: the signal never reached the stream, and a challenge reading it was
    // judged inconsistent with a stream that had no sample of it (seen in the demo under load).
    const group = ClientMonitoredItemGroup.create(
      subscription,
      batch.map((item) => ({ nodeId: nodeIds.get(item.signal), attributeId: AttributeIds.Value })),
      {
        samplingInterval: first.samplingIntervalMs,
        queueSize: first.queueSize,
        discardOldest: true,
        filter:
          deadband === undefined
            ? null
            : new DataChangeFilter({
                trigger: DataChangeTrigger.StatusValue,
                deadbandType: DeadbandType.Absolute,
                deadbandValue: deadband,
              }),
      },
      TimestampsToReturn.Both,
    );
    group.on("changed", (_item, dataValue, index) => {
      const signal = batch[index]?.signal;
      if (signal === undefined) return;
      if (pending.length === 0) queueMicrotask(flush);
      pending.push({ signal, dataValue });
    });
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        group.once("initialized", resolve);
        group.once("err", (message) => reject(new Error(message)));
      }),
      settings.timeoutMs * 3,
      "CreateMonitoredItems",
    );
    const retry: MonitoredSignal[] = [];
    group.monitoredItems.forEach((item, i) => {
      const status: StatusCode = item.statusCode ?? StatusCodes.Good;
      const wanted = batch[i];
      if (status.isGood() || !wanted) return;
      if (deadband !== undefined && FILTER_REFUSED.includes(status.name)) retry.push(wanted);
      else {
        faults.push({
          signal: wanted.signal,
          cause: cause(
            "ONRAMP_OPCUA_NODE_UNRESOLVED",
            `${where}: signal "${wanted.signal}": the server refused to monitor it (${status.name})`,
          ),
        });
      }
    });
    return retry;
  };
  try {
    for (const batch of batchesOf(plan.items, settings.batchSize)) {
      const retry = await monitor(batch, true);
      if (retry.length > 0) await monitor(retry, false);
    }
  } catch (error) {
    isStopping = true;
    await withTimeout(subscription.terminate(), settings.timeoutMs, "DeleteSubscriptions").catch(
      () => undefined,
    );
    return {
      ok: false,
      error: cause(
        "ONRAMP_OPCUA_SUBSCRIPTION_FAILED",
        `${where}: CreateMonitoredItems failed: ${messageOf(error)}`,
      ),
    };
  }
  return {
    ok: true,
    value: {
      kind: "subscription",
      keepAliveMs: subscription.publishingInterval * Math.max(1, subscription.maxKeepAliveCount),
      silenceLimitMs: silenceLimitMs({
        publishingIntervalMs: subscription.publishingInterval,
        maxKeepAliveCount: subscription.maxKeepAliveCount,
        maxSamplingIntervalMs: plan.maxSamplingIntervalMs,
      }),
      faults,
      async stop() {
        isStopping = true;
        await withTimeout(subscription.terminate(), settings.timeoutMs, "DeleteSubscriptions").catch(
          () => undefined,
        );
      },
    },
  };
}
