import { randomBytes } from "node:crypto";
import {
  type BirthBody,
  type Body,
  buildTopic,
  type ContractVersionNumber,
  type DataBody,
  type DeathBody,
  encodeFrame,
  type GatewayKey,
  generateGatewayKey,
  publicJwk,
  type Sample,
  type StatusBody,
  toWireBody,
} from "@onramp/contract";
import mqtt, { type MqttClient } from "mqtt";

export interface EnrollAnswer {
  enterprise: string;
  gateway: string;
  kid: string;
  mqtt: { url: string; username: string; password: string; clientId: string };
}

/**
 * A gateway as the agent would be: its own Ed25519 key, a session, a seq counter, and signed
 * frames built from the contract types. Tests drive it; nothing here is mocked.
 */
export class TestGateway {
  readonly key: GatewayKey = generateGatewayKey();
  sess = randomBytes(12).toString("base64url");
  private seq = 0;
  credentials: EnrollAnswer["mqtt"] | undefined;
  /** The contract version data and reply bodies are signed in: 1 as agents in the field, or 2. */
  contractVersion: ContractVersionNumber = 1;

  constructor(
    readonly ent: string,
    readonly gw: string,
  ) {}

  /** POST /api/v1/enroll with a one-time token, as the agent's `enroll` command does. */
  async enroll(httpUrl: string, token: string): Promise<EnrollAnswer> {
    const response = await fetch(`${httpUrl}/api/v1/enroll`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        token,
        publicJwk: publicJwk(this.key.publicKey),
        agent: { name: "test", version: "0" },
      }),
    });
    if (response.status !== 201)
      throw new Error(`enroll answered ${response.status}: ${await response.text()}`);
    const answer = (await response.json()) as EnrollAnswer;
    this.credentials = answer.mqtt;
    return answer;
  }

  nextSeq(): number {
    return this.seq++;
  }

  topic(kind: Body["kind"], ent = this.ent, gw = this.gw): string {
    return buildTopic(ent, gw, kind);
  }

  header() {
    return {
      v: 1 as const,
      ent: this.ent,
      gw: this.gw,
      sess: this.sess,
      seq: this.nextSeq(),
      ts: Date.now(),
    };
  }

  birth(devices: BirthBody["devices"]): BirthBody {
    const willSeq = this.nextSeq();
    return {
      ...this.header(),
      kind: "birth",
      agent: { name: "test", version: "0" },
      kid: this.key.kid,
      willSeq,
      devices,
    };
  }

  data(devices: { dev: string; samples: Sample[] }[]): DataBody {
    return { ...this.header(), kind: "data", devices };
  }

  status(events: StatusBody["events"]): StatusBody {
    return { ...this.header(), kind: "status", events };
  }

  death(reason: DeathBody["reason"]): DeathBody {
    return { ...this.header(), kind: "death", reason };
  }

  sign(body: Body): Buffer {
    return encodeFrame(toWireBody(body, this.contractVersion), this.key);
  }

  async connect(url: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
    if (this.credentials === undefined) throw new Error("enroll first");
    return mqtt.connectAsync(url, {
      clientId: this.credentials.clientId,
      username: this.credentials.username,
      password: this.credentials.password,
      reconnectPeriod: 0,
      ...options,
    });
  }
}

/** `count` numeric samples of one signal, one per second up to now. */
export function samples(signal: string, count: number, start = Date.now() - count * 1000): Sample[] {
  return Array.from({ length: count }, (_, i) => ({
    s: signal,
    v: i + 0.5,
    q: "good" as const,
    t: start + i * 1000,
  }));
}
