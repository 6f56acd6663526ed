import type { BackoffPolicy } from "./backoff.js";
import { Link } from "./link.js";
import { interFrameGapMs, rtuConnector } from "./rtu-connector.js";
import { tcpConnector } from "./tcp-connector.js";
import { linkKeyOf, type ModbusEndpoint } from "./url.js";

/** A device's share of a link; the link closes when its last lease is released. */
export interface LinkLease {
  readonly link: Link;
  release(): Promise<void>;
}

export type LeaseResult =
  | { readonly ok: true; readonly lease: LinkLease }
  | { readonly ok: false; readonly field: string; readonly message: string };

interface Entry {
  readonly link: Link;
  readonly settings: Readonly<Record<string, string | number>>;
  readonly firstDevice: string;
  leases: number;
}

/** Settings of the connection itself, which every device sharing it must agree on. */
function sharedSettings(endpoint: ModbusEndpoint): Record<string, string | number> {
  return endpoint.transport === "tcp"
    ? { maxInFlight: endpoint.maxInFlight }
    : {
        baud: endpoint.baud,
        parity: endpoint.parity,
        stopBits: endpoint.stopBits,
        dataBits: endpoint.dataBits,
      };
}

/**
 * The links of one agent: one per TCP host:port, one per serial port, shared by every device
 * (unit id) behind it.
 */
export class LinkPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly reconnect: BackoffPolicy) {}

  acquire(endpoint: ModbusEndpoint, device: string): LeaseResult {
    const key = linkKeyOf(endpoint);
    const settings = sharedSettings(endpoint);
    let entry = this.entries.get(key);
    if (entry) {
      for (const [field, value] of Object.entries(settings)) {
        const agreed = entry.settings[field];
        if (agreed !== value) {
          return {
            ok: false,
            field,
            message: `${value} differs from ${agreed}, which device "${entry.firstDevice}" uses on the same ${endpoint.transport === "tcp" ? "connection" : "serial port"}`,
          };
        }
      }
    } else {
      entry = { link: this.createLink(endpoint), settings, firstDevice: device, leases: 0 };
      this.entries.set(key, entry);
    }
    entry.leases += 1;
    const owned = entry;
    let isReleased = false;
    return {
      ok: true,
      lease: {
        link: owned.link,
        release: async () => {
          if (isReleased) return;
          isReleased = true;
          owned.leases -= 1;
          if (owned.leases > 0) return;
          if (this.entries.get(key) === owned) this.entries.delete(key);
          await owned.link.close();
        },
      },
    };
  }

  async close(): Promise<void> {
    const links = [...this.entries.values()].map((entry) => entry.link);
    this.entries.clear();
    await Promise.all(links.map((link) => link.close()));
  }

  private createLink(endpoint: ModbusEndpoint): Link {
    if (endpoint.transport === "tcp") {
      return new Link(tcpConnector(endpoint.host, endpoint.port), {
        maxInFlight: endpoint.maxInFlight,
        gapMs: 0,
        reconnect: this.reconnect,
        reopenAfterTimeouts: 3,
      });
    }
    return new Link(rtuConnector(endpoint), {
      // One request at a time on a half-duplex bus, each followed by the inter-frame silence.
      maxInFlight: 1,
      gapMs: interFrameGapMs(endpoint),
      reconnect: this.reconnect,
      // A silent RTU unit says nothing about the serial port: never reopen for timeouts.
      reopenAfterTimeouts: Number.POSITIVE_INFINITY,
    });
  }
}
