import type { ClientSession, NodeId } from "node-opcua";
import type { MonitoringPlan } from "./monitoring-plan.js";
import { readValues } from "./read-values.js";
import type { Feed, FeedEvents } from "./subscription-feed.js";

/**
 * Polled reads, for servers without subscriptions (or mode=poll): each sampling interval its
 * own loop of Read calls with maxAge 0, the next read scheduled only after the previous one
 * answered, so a slow server is never queued up. A failed read is reported and retried at the
 * next interval; node-opcua's reconnection repairs a broken channel underneath.
 */
export function startPolling(
  session: ClientSession,
  plan: MonitoringPlan,
  nodeIds: ReadonlyMap<string, NodeId>,
  events: FeedEvents & { failed(error: unknown): void },
): Feed {
  const byInterval = new Map<number, string[]>();
  for (const item of plan.items) {
    const group = byInterval.get(item.samplingIntervalMs) ?? [];
    group.push(item.signal);
    byInterval.set(item.samplingIntervalMs, group);
  }
  let isStopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const loop = (intervalMs: number, signals: readonly string[]) => {
    const started = Date.now();
    readValues(
      session,
      signals.map((s) => ({ signal: s, nodeId: nodeIds.get(s) })),
    )
      .then(
        (changes) => {
          if (isStopped) return;
          events.heard();
          events.values(changes);
        },
        (error: unknown) => {
          if (!isStopped) events.failed(error);
        },
      )
      .finally(() => {
        if (isStopped) return;
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            loop(intervalMs, signals);
          },
          Math.max(0, intervalMs - (Date.now() - started)),
        );
        timers.add(timer);
      });
  };
  for (const [intervalMs, signals] of byInterval) loop(intervalMs, signals);
  return {
    kind: "poll",
    silenceLimitMs: undefined,
    keepAliveMs: undefined,
    faults: [],
    async stop() {
      isStopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
