import { buildTopic, parseTopic, TOPIC_KINDS, type TopicKind } from "@onramp/contract";

/** The gateway an MQTT connection authenticated as. */
export interface GatewayIdentity {
  ent: string;
  gw: string;
}

/** `{ent}/{gw}`: unique, and usable as `%u` in a Mosquitto pattern ACL (README). */
export const mqttUsernameOf = (ent: string, gw: string) => `${ent}/${gw}`;

export function parseMqttUsername(username: string): GatewayIdentity | undefined {
  const [ent, gw, ...rest] = username.split("/");
  if (ent === undefined || gw === undefined || rest.length > 0) return undefined;
  return { ent, gw };
}

/** A gateway publishes only gateway→cloud kinds, only under its own ent and gw. */
export function isPublishAllowed(identity: GatewayIdentity, topic: string): boolean {
  const parsed = parseTopic(topic);
  if (!parsed.ok) return false;
  const kind: TopicKind = parsed.kind;
  return (
    parsed.ent === identity.ent &&
    parsed.gw === identity.gw &&
    TOPIC_KINDS[kind].direction === "gateway-to-cloud"
  );
}

/** A gateway subscribes only to its own cmd topic, literally (no wildcards). */
export function isSubscribeAllowed(identity: GatewayIdentity, filter: string): boolean {
  return filter === buildTopic(identity.ent, identity.gw, "cmd");
}
