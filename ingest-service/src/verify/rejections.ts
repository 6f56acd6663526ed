import type { Logger } from "pino";
import type { RejectionCode } from "../errors.js";
import { LogThrottle } from "./log-throttle.js";

export interface Rejection {
  at: number;
  code: RejectionCode;
  message: string;
  topic: string;
  /** From the topic, when it parsed: who the frame claims to come from (unauthenticated). */
  ent: string | null;
  gw: string | null;
  path?: string | undefined;
}

const MAX_TOPIC_CHARS = 200;
const MAX_MESSAGE_CHARS = 500;

/**
 * Rejected frames: counted per code (a fixed set), the last `capacity` kept in a ring buffer for
 * the API, and logged once per gateway per code per minute. Memory is bounded whatever the flood.
 */
export class RejectionLog {
  private readonly ring: (Rejection | undefined)[];
  private next = 0;
  private readonly counts = new Map<RejectionCode, number>();
  private readonly throttle: LogThrottle;

  constructor(
    private readonly log: Logger,
    capacity = 500,
    logWindowMs = 60_000,
  ) {
    this.ring = new Array(capacity);
    this.throttle = new LogThrottle(logWindowMs);
  }

  record(input: Rejection): void {
    const entry: Rejection = {
      ...input,
      topic: input.topic.slice(0, MAX_TOPIC_CHARS),
      message: input.message.slice(0, MAX_MESSAGE_CHARS),
    };
    this.counts.set(entry.code, (this.counts.get(entry.code) ?? 0) + 1);
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.ring.length;
    const who = entry.gw === null ? `topic:${entry.topic}` : `${entry.ent}/${entry.gw}`;
    if (this.throttle.shouldLog(`${who}\u0000${entry.code}`, entry.at)) {
      this.log.warn(
        { code: entry.code, enterprise: entry.ent, gateway: entry.gw, topic: entry.topic, path: entry.path },
        `frame rejected: ${entry.message} (further ${entry.code} from this gateway not logged for a minute)`,
      );
    }
    const overflow = this.throttle.takeOverflow(entry.at);
    if (overflow > 0)
      this.log.warn({ suppressed: overflow }, "rejection log lines suppressed: too many distinct gateways");
  }

  /** Newest first; `ent` restricts to frames claiming that enterprise. */
  recent(filter: { ent?: string | undefined; limit?: number } = {}): Rejection[] {
    const out: Rejection[] = [];
    const limit = filter.limit ?? this.ring.length;
    for (let i = 1; i <= this.ring.length && out.length < limit; i++) {
      const entry = this.ring[(this.next - i + this.ring.length) % this.ring.length];
      if (entry === undefined) break;
      if (filter.ent === undefined || entry.ent === filter.ent) out.push(entry);
    }
    return out;
  }

  countsByCode(): ReadonlyMap<RejectionCode, number> {
    return this.counts;
  }
}
