import { randomBytes } from "node:crypto";
import {
  type BirthDevice,
  type Body,
  buildTopic,
  type ContractVersionNumber,
  DEFAULT_MAX_FRAME_BYTES,
  type DeviceProof,
  type DeviceSamples,
  encodeFrame,
  type Loss,
  type ReplySample,
  type Signer,
  type StatusEvent,
  type TopicKind,
  toWireBody,
} from "@onramp/contract";

export interface BuiltFrame {
  readonly topic: string;
  readonly seq: number;
  /** The signed frame (JWS flattened JSON), exactly what is spooled and published. */
  readonly bytes: Buffer;
}

export interface FrameBuilderOptions {
  readonly ent: string;
  readonly gw: string;
  readonly signer: Signer;
  readonly agent: { readonly name: string; readonly version: string };
  /**
   * Contract version data and reply bodies are sent in (default 2, the compact form); 1 for an
   * ingest older than contract v2. Other kinds have one form.
   */
  readonly contractVersion?: ContractVersionNumber;
}

/**
 * Numbers and signs every gateway→cloud frame of one agent session. `seq` is taken here, before
 * the frame is spooled, so a frame resent after a reconnect or a restart keeps its number and
 * the ledger can drop the duplicate on `(sess, seq)` (DESIGN §4).
 */
export interface FrameBuilder {
  /** Random per agent start: 16 base64url chars = 96 bits. */
  readonly sess: string;
  readonly ent: string;
  readonly gw: string;
  readonly kid: string;
  topic(kind: TopicKind): string;
  data(devices: DeviceSamples[], loss: Loss | undefined, now: number): BuiltFrame;
  status(events: StatusEvent[], now: number): BuiltFrame;
  birth(devices: BirthDevice[], willSeq: number, now: number): BuiltFrame;
  death(reason: "graceful" | "lwt", now: number, detail?: string): BuiltFrame;
  reply(fields: ReplyFields, now: number): BuiltFrame;
}

export interface ReplyFields {
  readonly id: string;
  readonly nonce: string;
  readonly dev: string;
  readonly samples: ReplySample[];
  readonly error?: { code: string; message: string };
  readonly deviceClock?: number;
  readonly deviceProof?: DeviceProof;
}

export function createFrameBuilder(options: FrameBuilderOptions): FrameBuilder {
  const { ent, gw, signer } = options;
  const version = options.contractVersion ?? 2;
  const sess = randomBytes(12).toString("base64url");
  let seq = 0;
  const header = (now: number) => ({ v: 1 as const, ent, gw, sess, seq: seq++, ts: Math.round(now) });
  const sign = (body: Body): BuiltFrame => ({
    topic: buildTopic(ent, gw, body.kind),
    seq: "seq" in body ? body.seq : -1,
    bytes: encodeWithin(body),
  });
  /**
   * The batcher bounds a batch by its v1 size, so the v1 frame always fits the receiver's limit.
   * A v2 body is about an eighth of that for polled values, but a lone sample that is not good
   * and far in time from the others costs more in v2 than in v1; a batch made only of those can
   * overflow. Such a frame goes out in v1, which every ingest that reads v2 also reads.
   */
  const encodeWithin = (body: Body): Buffer => {
    const frame = encodeFrame(toWireBody(body, version), signer);
    return version === 2 && frame.byteLength > DEFAULT_MAX_FRAME_BYTES ? encodeFrame(body, signer) : frame;
  };
  return {
    sess,
    ent,
    gw,
    kid: signer.kid,
    topic: (kind) => buildTopic(ent, gw, kind),
    data(devices, loss, now) {
      const body: Body = { kind: "data", ...header(now), devices };
      return sign(loss === undefined ? body : { ...body, loss });
    },
    status: (events, now) => sign({ kind: "status", ...header(now), events }),
    birth: (devices, willSeq, now) =>
      sign({ kind: "birth", ...header(now), agent: { ...options.agent }, kid: signer.kid, willSeq, devices }),
    death(reason, now, detail) {
      const body: Body = { kind: "death", ...header(now), reason };
      return sign(detail === undefined ? body : { ...body, detail: detail.slice(0, 1024) });
    },
    reply(fields, now) {
      const base = { kind: "reply" as const, ...header(now), id: fields.id, op: "challenge" as const };
      const body: Body = {
        ...base,
        ok: fields.error === undefined,
        nonce: fields.nonce,
        dev: fields.dev,
        samples: fields.samples,
        ...(fields.deviceClock === undefined ? {} : { deviceClock: fields.deviceClock }),
        ...(fields.error === undefined ? {} : { error: fields.error }),
        ...(fields.deviceProof === undefined ? {} : { deviceProof: fields.deviceProof }),
      };
      return sign(body);
    },
  };
}
