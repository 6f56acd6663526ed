import { connect, type Socket } from "node:net";
import {
  connectionRequest,
  dataFrame,
  isConnectionConfirm,
  parseSetupCommunication,
  pduRefOf,
  setupCommunication,
} from "./protocol.js";

/** Why a connection or a request failed; the driver turns it into a cause with a stable code. */
export type S7Failure =
  | { readonly kind: "timeout"; readonly timeoutMs: number; readonly during: string }
  | { readonly kind: "refused"; readonly detail: string }
  | { readonly kind: "unreachable"; readonly detail: string }
  | { readonly kind: "lost"; readonly detail: string }
  | { readonly kind: "cotp-refused" }
  | { readonly kind: "bad-answer"; readonly detail: string }
  | { readonly kind: "closed" };

export class S7FailureError extends Error {
  constructor(readonly failure: S7Failure) {
    super(failure.kind);
  }
}

export interface ConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly localTsap: number;
  readonly remoteTsap: number;
  /** PDU size asked for in setup communication; the CPU answers the size it agrees to. */
  readonly pduSize: number;
  readonly timeoutMs: number;
}

/**
 * One ISO-on-TCP connection to a CPU, after COTP connect and S7 setup communication. Requests go
 * one at a time (setup communication asked for one outstanding job each way: many CPUs, the
 * S7-200 SMART and LOGO! among them, accept no more), each with its own timeout.
 */
export class S7Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private waiting: { resolve: (pdu: Buffer) => void; reject: (e: S7FailureError) => void } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextRef = 1;
  private downListeners = new Set<(failure: S7Failure) => void>();
  private failure: S7Failure | undefined;
  /** The PDU size the CPU agreed to; set once connected. */
  pduSize = 0;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", (error) => this.down({ kind: "lost", detail: error.message }));
    socket.on("close", () => this.down({ kind: "lost", detail: "the CPU closed the connection" }));
  }

  static async open(options: ConnectOptions): Promise<S7Connection> {
    const socket = await openSocket(options);
    const connection = new S7Connection(socket);
    try {
      const confirm = await connection.exchange(
        connectionRequest(options.localTsap, options.remoteTsap),
        options.timeoutMs,
        "COTP connect",
        true,
      );
      if (!isConnectionConfirm(confirm)) throw new S7FailureError({ kind: "cotp-refused" });
      const ref = connection.takeRef();
      const answer = await connection.exchange(
        dataFrame(setupCommunication(ref, options.pduSize)),
        options.timeoutMs,
        "setup communication",
      );
      const agreed = parseSetupCommunication(answer);
      if (!agreed.ok) throw new S7FailureError({ kind: "bad-answer", detail: agreed.message });
      // Never more than asked: the planner sizes jobs for both our buffers and the CPU's (Snap7's
      // server, for one, agrees to any size it is offered, even past the 960 bytes of an S7-1500).
      connection.pduSize = Math.min(agreed.value, options.pduSize);
      return connection;
    } catch (error) {
      connection.close();
      // A CPU that drops the connection right after the COTP request refuses the TSAP (wrong rack/slot).
      if (error instanceof S7FailureError && error.failure.kind === "lost")
        throw new S7FailureError({ kind: "cotp-refused" });
      throw error;
    }
  }

  get isOpen(): boolean {
    return this.failure === undefined;
  }

  onDown(listener: (failure: S7Failure) => void): () => void {
    this.downListeners.add(listener);
    return () => this.downListeners.delete(listener);
  }

  takeRef(): number {
    const ref = this.nextRef;
    this.nextRef = this.nextRef >= 0xffff ? 1 : this.nextRef + 1;
    return ref;
  }

  /** Sends one S7 PDU (built with `ref`) and resolves with the CPU's answer PDU. */
  request(build: (ref: number) => Buffer, timeoutMs: number, during: string): Promise<Buffer> {
    const run = async (): Promise<Buffer> => {
      const ref = this.takeRef();
      const answer = await this.exchange(dataFrame(build(ref)), timeoutMs, during);
      if (pduRefOf(answer) !== ref)
        throw new S7FailureError({
          kind: "bad-answer",
          detail: `answer to PDU ${pduRefOf(answer)}, expected ${ref}`,
        });
      return answer;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.down({ kind: "closed" });
    this.socket.destroy();
  }

  private exchange(frame: Buffer, timeoutMs: number, during: string, isRawPayload = false): Promise<Buffer> {
    if (this.failure) return Promise.reject(new S7FailureError(this.failure));
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new S7FailureError({ kind: "timeout", timeoutMs, during }));
        // The answer may still come: a late answer would be taken for the next request's.
        this.down({ kind: "lost", detail: `no answer to ${during} within ${timeoutMs} ms` });
        this.socket.destroy();
      }, timeoutMs);
      this.waiting = {
        resolve: (pdu) => {
          clearTimeout(timer);
          resolve(pdu);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.rawMode = isRawPayload;
      this.socket.write(frame);
    });
  }

  /** During COTP connect the whole TPKT payload is the answer; afterwards the S7 PDU inside DT TPDUs. */
  private rawMode = false;

  private receive(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const length = this.buffered.readUInt16BE(2);
      if (this.buffered[0] !== 0x03 || length < 7) {
        this.fail({ kind: "bad-answer", detail: "not an ISO-on-TCP (RFC 1006) frame" });
        return;
      }
      if (this.buffered.length < length) return;
      const payload = this.buffered.subarray(4, length);
      this.buffered = this.buffered.subarray(length);
      this.deliver(payload);
    }
  }

  private deliver(payload: Buffer): void {
    if (this.rawMode) {
      this.answer(Buffer.from(payload));
      return;
    }
    // COTP DT: length indicator, 0xF0, then TPDU number with the EOT bit (0x80) on the last one.
    const headerLength = (payload[0] ?? 0) + 1;
    if (payload[1] !== 0xf0) return;
    this.fragments.push(Buffer.from(payload.subarray(headerLength)));
    if (((payload[2] ?? 0) & 0x80) === 0) return;
    const pdu = Buffer.concat(this.fragments);
    this.fragments = [];
    this.answer(pdu);
  }

  private answer(pdu: Buffer): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(pdu);
  }

  private fail(failure: S7Failure): void {
    this.down(failure);
    this.socket.destroy();
  }

  private down(failure: S7Failure): void {
    if (this.failure) return;
    this.failure = failure;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(new S7FailureError(failure));
    for (const listener of this.downListeners) listener(failure);
    this.downListeners.clear();
  }
}

function openSocket(options: ConnectOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: options.host, port: options.port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new S7FailureError({ kind: "unreachable", detail: `no TCP answer within ${options.timeoutMs} ms` }),
      );
    }, options.timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      resolve(socket);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      const detail = `${error.code ?? "error"}: ${error.message}`;
      reject(
        new S7FailureError(
          error.code === "ECONNREFUSED" ? { kind: "refused", detail } : { kind: "unreachable", detail },
        ),
      );
    });
  });
}
