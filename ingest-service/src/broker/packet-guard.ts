import type { Socket } from "node:net";

export interface OversizedPacket {
  declaredBytes: number;
  limitBytes: number;
}

/**
 * MQTT packet sizes read from the fixed headers of a byte stream (MQTT 3.1.1 §2.2: one type
 * byte, then the remaining length in 1–4 bytes of 7 bits each, §2.2.3). It only looks at
 * headers and skips bodies by counting, so it costs a few operations per packet.
 */
export class MqttPacketSizes {
  /** Bytes of the current packet's body still to skip; -1 while a fixed header is being read. */
  private bodyLeft = -1;
  private headerBytes = 0;
  private length = 0;
  private multiplier = 1;
  private packets = 0;

  constructor(private readonly limits: { firstPacket: number; otherPackets: number }) {}

  /**
   * Feeds the next bytes; returns the first packet over its limit (a remaining length longer
   * than 4 bytes declares `Infinity`), else undefined.
   */
  inspect(bytes: Uint8Array): OversizedPacket | undefined {
    let i = 0;
    while (i < bytes.length) {
      if (this.bodyLeft > 0) {
        const skip = Math.min(this.bodyLeft, bytes.length - i);
        this.bodyLeft -= skip;
        i += skip;
        continue;
      }
      if (this.bodyLeft === 0) this.startHeader();
      const byte = bytes[i++] as number;
      if (this.headerBytes++ === 0) continue; // the packet type and flags
      this.length += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      if (byte & 0x80) {
        if (this.headerBytes > 4) return { declaredBytes: Number.POSITIVE_INFINITY, limitBytes: this.limit };
        continue;
      }
      if (this.length > this.limit) return { declaredBytes: this.length, limitBytes: this.limit };
      this.packets++;
      this.bodyLeft = this.length;
    }
    return undefined;
  }

  private get limit(): number {
    return this.packets === 0 ? this.limits.firstPacket : this.limits.otherPackets;
  }

  private startHeader(): void {
    this.bodyLeft = -1;
    this.headerBytes = 0;
    this.length = 0;
    this.multiplier = 1;
  }
}

export interface PacketLimits {
  /** The CONNECT: the one packet a client sends before it is authenticated. */
  maxConnectBytes: number;
  maxPacketBytes: number;
}

/**
 * Closes a connection as soon as a packet header declares more than the limit, before the body
 * is buffered. aedes 1.2 has no packet-size option: its parser (mqtt-packet) appends everything
 * it is given to one buffer list until the declared length has arrived, so a client that never
 * authenticated could make the broker hold up to MQTT's 256 MiB per connection (issue 17: +93 MiB
 * for one CONNECT that claimed 250 MiB). aedes reads the socket only with `read()` in paused
 * mode (aedes lib/client.js nextBatch), so watching `read` on this one socket sees every byte,
 * without a copy or an extra stream stage on the hot path.
 */
export function guardPacketSizes(
  socket: Socket,
  limits: PacketLimits,
  onRefused: (packet: OversizedPacket) => void,
): void {
  const sizes = new MqttPacketSizes({
    firstPacket: limits.maxConnectBytes,
    otherPackets: limits.maxPacketBytes,
  });
  const read = socket.read.bind(socket);
  socket.read = (size?: number) => {
    const chunk = read(size) as Buffer | string | null;
    if (chunk === null || typeof chunk === "string") return chunk;
    const refused = sizes.inspect(chunk);
    if (refused === undefined) return chunk;
    onRefused(refused);
    socket.destroy();
    return null;
  };
}
