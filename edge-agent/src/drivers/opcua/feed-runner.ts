import type { CompiledProfile } from "@onramp/profiles";
import type { Logger } from "pino";
import type { DeviceState, DriverCause, DriverResult, SignalFault } from "../driver.js";
import { cause, messageOf } from "./errors.js";
import { HeartbeatReplay } from "./heartbeat-replay.js";
import type { Link } from "./link.js";
import { planMonitoring } from "./monitoring-plan.js";
import { startPolling } from "./poll-feed.js";
import type { ResolvedNodes } from "./resolve.js";
import { type Feed, type FeedEvents, startSubscription, type ValueChange } from "./subscription-feed.js";
import type { OpcuaConnectionOptions } from "./url.js";
import { SilenceWatchdog, WATCHDOG_GRACE_MS } from "./watchdog.js";

export interface Connected {
  readonly link: Link;
  readonly resolved: ResolvedNodes;
}

/** Why a feed stopped, and what the driver must do about it. */
export interface FeedOutcome {
  /** Undefined when the driver itself stopped the feed. */
  readonly cause: DriverCause | undefined;
  /** When the device stopped delivering: the start of the disconnected interval. */
  readonly at: number;
  /** Start over with a new connection (discovery, trust check, session), not just a new feed. */
  readonly isLinkBroken: boolean;
  /** `disconnected` was already reported for this outcome. */
  readonly isReported: boolean;
}

export interface FeedRunContext {
  readonly conn: Connected;
  readonly profile: CompiledProfile;
  readonly options: OpcuaConnectionOptions;
  readonly where: string;
  readonly logger: Logger;
  readonly now: () => number;
  report(state: DeviceState, why?: DriverCause, at?: number): void;
  deliver(changes: readonly ValueChange[]): void;
  faults(faults: readonly SignalFault[]): void;
  reresolve(): Promise<DriverResult<ResolvedNodes>>;
  count(counter: string, n?: number): void;
}

export interface FeedRun {
  readonly outcome: Promise<FeedOutcome>;
  stop(): void;
}

/**
 * Runs one feed (subscription, or polling as the fallback) on a connected session until it must
 * be rebuilt: the watchdog finds it silent, the server ends it, node-opcua's reconnection
 * restores a session whose nodes moved, or the reconnection takes too long.
 */
export function runFeed(c: FeedRunContext): FeedRun {
  let finish: (o: FeedOutcome) => void = () => undefined;
  const outcome = new Promise<FeedOutcome>((resolve) => {
    finish = resolve;
  });
  let isDone = false;
  let feed: Feed | undefined;
  let watchdog: SilenceWatchdog | undefined;
  let replay: HeartbeatReplay | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  const client = c.conn.link.client;

  const end = (o: FeedOutcome) => {
    if (isDone) return;
    isDone = true;
    watchdog?.stop();
    replay?.stop();
    clearTimeout(restartTimer);
    client.off("connection_lost", onLost);
    client.off("connection_reestablished", onRestored);
    // Not awaited: a dead subscription's DeleteSubscriptions may hang until its timeout, and the
    // new feed must not wait for it. Its late notifications are ignored (isDone).
    void feed?.stop();
    finish(o);
  };

  const onLost = () => {
    c.count("connectionLosses");
    watchdog?.pause();
    const at = c.now();
    const why = cause("ONRAMP_OPCUA_CONNECTION_LOST", `${c.where}: the connection broke; reconnecting`);
    c.report("disconnected", why, at);
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      const late = cause(
        "ONRAMP_OPCUA_CONNECTION_LOST",
        `${c.where}: no reconnection after ${c.options.reconnectRestartMs} ms; starting over`,
      );
      end({ cause: late, at, isLinkBroken: true, isReported: true });
    }, c.options.reconnectRestartMs);
    restartTimer.unref();
  };

  const onRestored = () => {
    clearTimeout(restartTimer);
    c.reresolve().then(
      (r) => {
        if (isDone) return;
        if (!r.ok) return end({ cause: r.error, at: c.now(), isLinkBroken: true, isReported: false });
        if (!sameNodes(r.value, c.conn.resolved)) {
          c.logger.info(
            { code: "ONRAMP_OPCUA_NODES_MOVED" },
            "the server's nodes changed across the reconnection; re-creating the subscription",
          );
          return end({ cause: undefined, at: c.now(), isLinkBroken: true, isReported: true });
        }
        watchdog?.resume();
        c.report("connected");
      },
      (error: unknown) =>
        end({
          cause: cause("ONRAMP_OPCUA_READ_FAILED", messageOf(error)),
          at: c.now(),
          isLinkBroken: true,
          isReported: false,
        }),
    );
  };
  client.on("connection_lost", onLost);
  client.on("connection_reestablished", onRestored);

  const events: FeedEvents & { failed(error: unknown): void } = {
    values(changes) {
      if (isDone) return;
      watchdog?.heard();
      c.count("valueChanges", changes.length);
      c.deliver(changes);
      replay?.seen(changes);
    },
    heard: () => watchdog?.heard(),
    ended(reason) {
      const at = watchdog?.lastHeardAt ?? c.now();
      end({
        cause: cause("ONRAMP_OPCUA_SILENT_SUBSCRIPTION", `${c.where}: ${reason}; re-creating it`),
        at,
        isLinkBroken: false,
        isReported: false,
      });
    },
    failed(error) {
      c.count("readFailures");
      c.logger.warn({ code: "ONRAMP_OPCUA_READ_FAILED", err: messageOf(error) }, "polled read failed");
    },
  };

  void (async () => {
    const { resolved, link } = c.conn;
    const plan = planMonitoring(
      c.profile.profile,
      [...resolved.signals.keys()],
      c.options.publishingIntervalMs,
    );
    let started: Feed | undefined;
    if (c.options.mode === "subscribe") {
      // Subscribed values that do not change are re-reported at their heartbeat while the
      // subscription vouches for them: the session is up and the server answered within its
      // keep-alive period (+ the watchdog's grace). Created before the subscription, whose initial
      // values may arrive before it returns; stopped again if the server makes us poll (every
      // poll is a fresh read that the reporter's heartbeat already covers).
      replay = new HeartbeatReplay({
        profile: c.profile,
        now: c.now,
        isVouched: () => {
          const keepAliveMs = feed?.keepAliveMs;
          if (isDone || keepAliveMs === undefined || watchdog === undefined || watchdog.isPaused)
            return false;
          return c.now() - watchdog.lastHeardAt <= keepAliveMs + WATCHDOG_GRACE_MS;
        },
        replay: (changes) => {
          if (isDone) return;
          c.count("heartbeatReplays", changes.length);
          c.deliver(changes);
        },
      });
      const settings = {
        keepAliveCount: c.options.keepAliveCount,
        batchSize: c.options.batchSize,
        timeoutMs: c.options.timeoutMs,
      };
      const r = await startSubscription(link.session, plan, resolved.signals, settings, events, c.where);
      if (r.ok === true) started = r.value;
      else if (r.ok === false)
        return end({ cause: r.error, at: c.now(), isLinkBroken: true, isReported: false });
      else
        c.logger.info(
          { code: "ONRAMP_OPCUA_POLLING", reason: r.reason },
          "the server has no subscriptions for us: polling instead",
        );
    }
    started ??= startPolling(link.session, plan, resolved.signals, events);
    if (isDone) return void started.stop();
    feed = started;
    c.count(started.kind === "poll" ? "pollingStarted" : "subscriptionsCreated");
    c.faults([...resolved.faults, ...started.faults]);
    if (started.kind !== "subscription") replay?.stop();
    if (started.silenceLimitMs !== undefined) {
      const limit = started.silenceLimitMs;
      watchdog = new SilenceWatchdog(limit, c.now, (lastHeardAt) => {
        c.count("silentSubscriptions");
        const why = cause(
          "ONRAMP_OPCUA_SILENT_SUBSCRIPTION",
          `${c.where}: no notification or keep-alive for ${limit} ms; re-creating the subscription`,
        );
        end({ cause: why, at: lastHeardAt, isLinkBroken: false, isReported: false });
      });
    }
    c.report("connected");
  })().catch((error: unknown) =>
    end({
      cause: cause("ONRAMP_OPCUA_SUBSCRIPTION_FAILED", `${c.where}: ${messageOf(error)}`),
      at: c.now(),
      isLinkBroken: true,
      isReported: false,
    }),
  );

  return {
    outcome,
    stop: () => end({ cause: undefined, at: c.now(), isLinkBroken: false, isReported: true }),
  };
}

function sameNodes(a: ResolvedNodes, b: ResolvedNodes): boolean {
  if (a.signals.size !== b.signals.size || a.faults.length !== b.faults.length) return false;
  for (const [signal, nodeId] of a.signals) {
    if (b.signals.get(signal)?.toString() !== nodeId.toString()) return false;
  }
  return true;
}
