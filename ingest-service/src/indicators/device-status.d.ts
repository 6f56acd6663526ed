import type { DeviceRecord, PresenceEvent, SignalSeries } from "./inputs.js";
import type { PresenceParams } from "./params.js";
import { type DeviceStatusAt } from "./presence.js";
export type GatewayState = "online" | "offline" | "unknown";
/**
 * The serving gateway's connection at an instant: a birth or a frame through it says online, a
 * gateway-offline or death says offline.
 */
export declare function gatewayStateAt(events: readonly PresenceEvent[], at: number): GatewayState;
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
export declare function onCloudStatusAt(device: DeviceRecord, events: readonly PresenceEvent[], series: readonly SignalSeries[], params: PresenceParams, at: number): OnCloudStatus;
