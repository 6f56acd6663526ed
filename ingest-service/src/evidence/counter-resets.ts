import { CUMULATIVE_ROLES } from "@onramp/profiles";
import type { CounterReset, DeviceRecord, PresenceEvent } from "../indicators/index.js";

const CUMULATIVE: ReadonlySet<string> = new Set(CUMULATIVE_ROLES);

/**
 * The counter resets the frame log can show (INDICATORS §5 "counters that decrease without a
 * reset event"): a device's connection to its gateway interrupted — a signed status event
 * `disconnected` or `error` — and then re-established (`connected`). A controller that restarted
 * during the interruption may come back with its cumulative counters lower (non-retentive memory,
 * a reloaded program), so each cumulative signal of the device gets a reset at the reconnection.
 * A new gateway session is not one: restarting the agent leaves the machine's counters alone.
 */
export function resetsFromReconnections(
  devices: readonly Pick<DeviceRecord, "id" | "signals">[],
  presence: readonly PresenceEvent[],
): CounterReset[] {
  const counters = new Map(
    devices.map((d) => [d.id, d.signals.filter((s) => CUMULATIVE.has(s.role)).map((s) => s.id)]),
  );
  const interrupted = new Set<string>();
  const resets: CounterReset[] = [];
  for (const e of [...presence].sort((a, b) => a.at - b.at)) {
    if (e.kind === "status-disconnected" || e.kind === "status-error") {
      interrupted.add(e.device);
    } else if (e.kind === "status-connected" && interrupted.delete(e.device)) {
      for (const signal of counters.get(e.device) ?? []) resets.push({ device: e.device, signal, at: e.at });
    }
  }
  return resets.sort(
    (a, b) => a.at - b.at || a.device.localeCompare(b.device) || a.signal.localeCompare(b.signal),
  );
}
