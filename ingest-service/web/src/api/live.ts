import { useEffect, useState } from "preact/hooks";
import { apiGet, apiSend, seg } from "./client.js";
import type { DevicePresence } from "./types.js";

export type LiveState = "connecting" | "live" | "offline";

const key = (p: { gw: string; dev: string }) => `${p.gw}/${p.dev}`;

/**
 * The enterprise's device statuses, kept current by the server-sent event stream. EventSource
 * cannot send the bearer header, so each (re)connection first trades it for a one-use ticket.
 */
export function useLivePresence(ent: string): {
  presence: Map<string, DevicePresence> | null;
  live: LiveState;
  failed: boolean;
} {
  const [presence, setPresence] = useState<Map<string, DevicePresence> | null>(null);
  const [live, setLive] = useState<LiveState>("connecting");
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let closed = false;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    setPresence(null);
    setFailed(false);
    apiGet<DevicePresence[]>(`/enterprises/${seg(ent)}/presence`).then(
      (rows) => !closed && setPresence(new Map(rows.map((r) => [key(r), r]))),
      () => !closed && setFailed(true),
    );
    const merge = (rows: DevicePresence[]) =>
      setPresence((current) => {
        const next = new Map(current ?? []);
        for (const row of rows) next.set(key(row), row);
        return next;
      });
    const connect = async () => {
      try {
        const { ticket } = await apiSend<{ ticket: string }>("POST", "/events/tickets");
        if (closed) return;
        source = new EventSource(
          `/api/v1/events?ticket=${encodeURIComponent(ticket)}&ent=${encodeURIComponent(ent)}`,
        );
        source.addEventListener("ready", (e) => {
          setLive("live");
          merge((JSON.parse((e as MessageEvent<string>).data) as { devices: DevicePresence[] }).devices);
        });
        source.addEventListener("presence", (e) => merge(JSON.parse((e as MessageEvent<string>).data)));
        source.onerror = () => {
          // A ticket is single-use: reconnect with a fresh one rather than EventSource's own retry.
          source?.close();
          setLive("offline");
          if (!closed) retry = setTimeout(connect, 3000);
        };
      } catch {
        setLive("offline");
        if (!closed) retry = setTimeout(connect, 5000);
      }
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [ent]);

  return { presence, live, failed };
}
