import { deviceHeartbeatMs } from "./equipment.js";
import { EXECUTION_ACTIVE, heldValueAt, sortedPoints } from "./execution.js";
import type { DeviceRecord, PresenceEvent, SignalSeries } from "./inputs.js";
import type { PresenceParams } from "./params.js";
import { type DeviceStatusAt, deviceStatusAt, sortPresenceEvents } from "./presence.js";
import { signalHoldMs } from "./signal-hold.js";

export type GatewayState = "online" | "offline" | "unknown";

/**
 * The serving gateway's connection at an instant: a birth or a frame through it says online, a
 * gateway-offline or death says offline.
 */
export function gatewayStateAt(events: readonly PresenceEvent[], at: number): GatewayState {
  let latest: PresenceEvent | null = null;
  for (const event of sortPresenceEvents(events)) {
    if (event.at > at) break;
    if (!event.kind.startsWith("status-")) latest = event;
  }
  if (latest === null) return "unknown";
  return latest.kind === "gateway-online" || latest.kind === "frame" ? "online" : "offline";
}

/**
 * INDICATORS §3 at one instant, with the three things kept apart: the gateway's connection, the
 * device's presence (only its own frames make it online) and whether it is producing
 * (execution=ACTIVE, known only while it is online).
 */
export interface OnCloudStatus {
  readonly device: string;
  readonly presence: DeviceStatusAt;
  readonly gateway: GatewayState;
  /** null: no execution signal, or not online so its state is unknown. */
  readonly producing: boolean | null;
}

export function onCloudStatusAt(
  device: DeviceRecord,
  events: readonly PresenceEvent[],
  series: readonly SignalSeries[],
  params: PresenceParams,
  at: number,
): OnCloudStatus {
  const own = events.filter((event) => event.device === device.id);
  const presence = deviceStatusAt(own, deviceHeartbeatMs(device, params), params, at);
  const execution = series.filter((s) => s.device === device.id && s.role === "execution");
  let producing: boolean | null = null;
  if (execution.length > 0 && presence.status === "online") {
    producing = execution.some(
      (s) =>
        heldValueAt(sortedPoints(s.points), at, signalHoldMs(device, s.signal, params)) === EXECUTION_ACTIVE,
    );
  }
  return { device: device.id, presence, gateway: gatewayStateAt(own, at), producing };
}
