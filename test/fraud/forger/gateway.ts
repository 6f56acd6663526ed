// A forged gateway: the enrolled credentials, its own key, and the wire contract followed to the
// letter (packages/contract/README.md): topics `onramp/v1/{ent}/{gw}/{kind}`, QoS 1, retained
// birth, a last will signed at connect (`willSeq`), `sess` random per connection, `seq` monotonic.
// What it sends is the scenario's business; this module only speaks the protocol.
import { randomBytes } from "node:crypto";
import { connectAsync, type MqttClient } from "mqtt";
import { z } from "zod";
import type { Enrollment } from "./enroll.js";
import { signBody, verifyCmd } from "./jws.js";

export interface ForgedSample {
  readonly s: string;
  readonly v: number | boolean | string | null;
  readonly q: "good" | "uncertain" | "bad";
  readonly t: number;
}
export interface BirthDevice {
  readonly id: string;
  readonly profile: string;
  readonly class: string;
  readonly mapping: string;
  readonly identity: { fingerprint: string; source: string; fields: Record<string, string> } | null;
}
/** The challenge cmd as packages/contract/README.md documents it (the fields the forger uses). */
const ChallengeCmdSchema = z.object({
  op: z.literal("challenge"),
  id: z.string(),
  dev: z.string(),
  nonce: z.string(),
  ts: z.number(),
  deadlineMs: z.number(),
  signals: z.array(z.string()).optional(),
});
export type ChallengeCmd = z.infer<typeof ChallengeCmdSchema>;
/** What a scenario answers to a challenge: samples to reply with, or nothing (ignore it). */
export type ChallengeAnswer =
  | { readonly samples: readonly ForgedSample[]; readonly nonce?: string }
  | undefined;

type Kind = "birth" | "death" | "data" | "status" | "reply";

export class ForgedGateway {
  readonly enrollment: Enrollment;
  #client: MqttClient | undefined;
  #sess = "";
  #seq = 0;
  /** Every frame this gateway published, by topic kind: scenarios replay them. */
  readonly sent: { kind: Kind; bytes: Buffer; body: Record<string, unknown> }[] = [];
  onChallenge: (cmd: ChallengeCmd) => ChallengeAnswer | Promise<ChallengeAnswer> = () => undefined;
  readonly challenges: ChallengeCmd[] = [];

  constructor(enrollment: Enrollment) {
    this.enrollment = enrollment;
  }

  get session(): string {
    return this.#sess;
  }

  topic(kind: Kind | "cmd"): string {
    return `onramp/v1/${this.enrollment.ent}/${this.enrollment.gw}/${kind}`;
  }

  #header(kind: Kind) {
    const { ent, gw } = this.enrollment;
    return { v: 1, kind, ent, gw, sess: this.#sess, seq: this.#seq++, ts: Date.now() };
  }

  /** Connects with a new session and a signed last will, then publishes the (retained) birth. */
  async connect(devices: readonly BirthDevice[]): Promise<void> {
    this.#sess = randomBytes(12).toString("base64url");
    this.#seq = 0;
    const will = { ...this.#header("death"), reason: "lwt" };
    const willBytes = await signBody(will, this.enrollment.key);
    const { mqtt } = this.enrollment;
    this.#client = await connectAsync(mqtt.url, {
      clientId: mqtt.clientId ?? `${this.enrollment.ent}/${this.enrollment.gw}`,
      username: mqtt.username,
      password: mqtt.password,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 1000,
      // The embedded broker checks each password against an scrypt hash (N = 2^15): with 20
      // gateways connecting at once on 2 loaded cores, CONNACK can take longer than mqtt.js's 30 s.
      connectTimeout: 120_000,
      will: { topic: this.topic("death"), payload: willBytes, qos: 1, retain: true },
    });
    this.#client.on("message", (_topic, payload) => void this.#onCmd(payload));
    await this.#client.subscribeAsync(this.topic("cmd"), { qos: 1 });
    await this.publish("birth", {
      agent: { name: "onramp-agent", version: "0.1.0" },
      kid: this.enrollment.key.kid,
      willSeq: will.seq,
      devices,
    });
  }

  /** Ends the connection: `graceful` publishes a signed death first; otherwise the will fires. */
  async disconnect(graceful: boolean): Promise<void> {
    const client = this.#client;
    if (client === undefined) return;
    if (graceful) await this.publish("death", { reason: "graceful" });
    this.#client = undefined;
    if (graceful) await client.endAsync();
    else client.stream.destroy(); // an abrupt loss, as a pulled cable: the broker sends the will
  }

  async publish(kind: Kind, fields: Record<string, unknown>): Promise<Buffer> {
    const body = { ...this.#header(kind), ...fields };
    const bytes = await signBody(body, this.enrollment.key);
    await this.publishBytes(kind, bytes, body);
    return bytes;
  }

  /** Publishes already-signed bytes (a replay). */
  async publishBytes(kind: Kind, bytes: Buffer, body: Record<string, unknown>): Promise<void> {
    const client = this.#client;
    if (client === undefined) throw new Error(`${this.enrollment.gw}: not connected`);
    await client.publishAsync(this.topic(kind), bytes, { qos: 1, retain: kind === "birth" });
    this.sent.push({ kind, bytes, body });
  }

  data(devices: readonly { dev: string; samples: readonly ForgedSample[] }[]): Promise<Buffer> {
    return this.publish("data", { devices });
  }

  status(events: readonly { dev: string; state: "connected" | "disconnected" | "error"; t: number }[]) {
    return this.publish("status", { events });
  }

  async #onCmd(payload: Buffer): Promise<void> {
    // Only a cmd that verifies with an enrolled cmd key and parses as a challenge is answered,
    // as the agent does; anything else is ignored.
    const parsed = ChallengeCmdSchema.safeParse(await verifyCmd(payload, this.enrollment.cmdKeys));
    if (!parsed.success) return;
    const body = parsed.data;
    this.challenges.push(body);
    const answer = await this.onChallenge(body);
    if (answer === undefined || this.#client === undefined) return;
    await this.publish("reply", {
      id: body.id,
      op: "challenge",
      ok: true,
      nonce: answer.nonce ?? body.nonce,
      dev: body.dev,
      samples: answer.samples,
    }).catch(() => {});
  }
}
