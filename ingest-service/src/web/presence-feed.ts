import type { IngestContext } from "../context.js";
import { DEFAULT_HEARTBEAT_MS, observedState, presenceKey } from "../state/presence-rules.js";
import { readPresence } from "../state/presence-store.js";

/** What the dashboard shows per device (the same fields as GET …/presence). */
export interface DevicePresence {
  gw: string;
  dev: string;
  state: ReturnType<typeof observedState>;
  since: number | null;
  cause: string | null;
  lastSeen: number | null;
}

/** INDICATORS §3 status of every device of an enterprise at `now`, keyed gw/dev. */
export async function presenceSnapshot(
  ctx: IngestContext,
  ent: string,
  now = Date.now(),
): Promise<Map<string, DevicePresence>> {
  const [devices, rows] = await Promise.all([ctx.registry.listDevices(ent), readPresence(ctx.sql, ent)]);
  const byKey = new Map(rows.map((r) => [presenceKey(r.ent, r.gw, r.dev), r]));
  const out = new Map<string, DevicePresence>();
  for (const d of devices) {
    const row = byKey.get(presenceKey(d.ent, d.gw, d.id));
    out.set(`${d.gw}/${d.id}`, {
      gw: d.gw,
      dev: d.id,
      state: observedState(row, d.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, now),
      since: row?.stateSince ?? null,
      cause: row?.cause ?? null,
      lastSeen: row?.lastSeen ?? null,
    });
  }
  for (const row of rows) {
    const key = `${row.gw}/${row.dev}`;
    if (out.has(key)) continue;
    out.set(key, {
      gw: row.gw,
      dev: row.dev,
      state: observedState(row, DEFAULT_HEARTBEAT_MS, now),
      since: row.stateSince,
      cause: row.cause,
      lastSeen: row.lastSeen,
    });
  }
  return out;
}

/** The entries of `next` that are new or differ from `previous`. */
export function changedPresence(
  previous: Map<string, DevicePresence>,
  next: Map<string, DevicePresence>,
): DevicePresence[] {
  const changed: DevicePresence[] = [];
  for (const [key, value] of next) {
    const before = previous.get(key);
    if (
      before === undefined ||
      before.state !== value.state ||
      before.since !== value.since ||
      before.cause !== value.cause ||
      before.lastSeen !== value.lastSeen
    ) {
      changed.push(value);
    }
  }
  return changed;
}
