import type { Outcome } from "./errors.js";
import { type Connection, type Connector, ModbusClientClass } from "./link.js";
import type { RtuEndpoint } from "./url.js";

/**
 * The silence that ends an RTU frame, which a master must also keep before its next request:
 * 3.5 character times, fixed at 1.75 ms above 19200 baud (Modbus over Serial Line v1.02
 * §2.5.1.1). A character is 1 start bit + 8 data bits + parity bit + stop bits.
 */
export function interFrameGapMs(endpoint: Pick<RtuEndpoint, "baud" | "parity" | "stopBits">): number {
  if (endpoint.baud > 19_200) return 1.75;
  const bitsPerChar = 1 + 8 + (endpoint.parity === "none" ? 0 : 1) + endpoint.stopBits;
  return (3.5 * bitsPerChar * 1000) / endpoint.baud;
}

/**
 * Opens the serial port of an RTU bus through modbus-serial's buffered RTU port, which
 * reassembles answers split over several reads (a USB adapter or pty hands bytes over in chunks).
 */
export function rtuConnector(endpoint: RtuEndpoint): Connector {
  return {
    async open(): Promise<Outcome<Connection>> {
      const client = new ModbusClientClass();
      let onLost: ((detail: string) => void) | undefined;
      let lostDetail = "serial port closed";
      client.on("error", (error: unknown) => {
        // modbus-serial wraps serialport errors in an object with a message, not an Error.
        lostDetail = String((error as { message?: unknown } | undefined)?.message ?? error);
        onLost?.(lostDetail);
      });
      try {
        await client.connectRTUBuffered(endpoint.path, {
          baudRate: endpoint.baud,
          parity: endpoint.parity,
          stopBits: endpoint.stopBits,
          dataBits: endpoint.dataBits,
        });
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return { ok: false, failure: { kind: "serial-port", detail } };
      }
      client.on("close", () => onLost?.(lostDetail));
      return {
        ok: true,
        value: {
          client,
          onLost(listener) {
            onLost = listener;
          },
          close() {
            return new Promise<void>((resolve) => {
              onLost = undefined;
              if (!client.isOpen) return resolve();
              client.close(() => resolve());
            });
          },
        },
      };
    },
  };
}
