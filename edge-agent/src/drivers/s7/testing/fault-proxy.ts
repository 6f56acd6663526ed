import net from "node:net";

/**
 * Test-only fault injection in front of a real S7 server (Snap7), for the two faults Snap7 cannot
 * produce itself: a CPU that agrees to a smaller PDU than asked (Snap7 agrees to any size), and a
 * connection dropped in the middle of a read (between the request and its answer). Everything
 * else passes through unchanged, frame by frame (TPKT framing, RFC 1006).
 */
export interface FaultProxy {
  readonly port: number;
  /** Largest TPKT frame the client sent, in bytes. */
  readonly largestRequest: number;
  /** Read-var requests the client sent. */
  readonly readRequests: number;
  /** From now on, the agreed PDU in setup-communication answers becomes `size`. */
  agreePdu(size: number | undefined): void;
  /** The next read-var request closes the connection instead of reaching the server. */
  dropNextRead(): void;
  close(): Promise<void>;
}

function frames(onFrame: (frame: Buffer) => void): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4) {
      const length = buffered.readUInt16BE(2);
      if (buffered.length < length) return;
      onFrame(buffered.subarray(0, length));
      buffered = buffered.subarray(length);
    }
  };
}

/** S7 PDU of a TPKT frame carrying COTP DT: after TPKT (4) and COTP DT (3). */
function s7Of(frame: Buffer): Buffer | undefined {
  return frame.length > 7 && frame[5] === 0xf0 && frame[7] === 0x32 ? frame.subarray(7) : undefined;
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  let agreed: number | undefined;
  let dropNext = false;
  let largestRequest = 0;
  let readRequests = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: "127.0.0.1", port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", closeBoth);
    upstream.on("error", closeBoth);
    client.on("close", closeBoth);
    upstream.on("close", closeBoth);
    client.on(
      "data",
      frames((frame) => {
        largestRequest = Math.max(largestRequest, frame.length);
        const s7 = s7Of(frame);
        // Job (ROSCTR 1), function 0x04 read var: its parameters start after the 10-byte header.
        if (s7 && s7[1] === 0x01 && s7[10] === 0x04) {
          readRequests += 1;
          if (dropNext) {
            dropNext = false;
            closeBoth();
            return;
          }
        }
        upstream.write(frame);
      }),
    );
    upstream.on(
      "data",
      frames((frame) => {
        const s7 = s7Of(frame);
        // Ack-data (ROSCTR 3) of setup communication (function 0xF0): PDU size at param bytes 6-7.
        if (s7 && agreed !== undefined && s7[1] === 0x03 && s7[12] === 0xf0) {
          const copy = Buffer.from(frame);
          copy.writeUInt16BE(agreed, 7 + 12 + 6);
          client.write(copy);
          return;
        }
        client.write(frame);
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    get largestRequest() {
      return largestRequest;
    },
    get readRequests() {
      return readRequests;
    },
    agreePdu(size) {
      agreed = size;
    },
    dropNextRead() {
      dropNext = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
