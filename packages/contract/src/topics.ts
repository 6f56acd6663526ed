import { type OnrampError, onrampError } from "./errors.js";
import { ID_MAX_LENGTH, isId } from "./ids.js";

/** Every topic starts with this prefix; the version level lets a v2 scheme run beside v1. */
export const TOPIC_PREFIX = "onramp/v1";

export const TOPIC_KIND_NAMES = ["birth", "death", "data", "status", "cmd", "reply"] as const;
export type TopicKind = (typeof TOPIC_KIND_NAMES)[number];

const KINDS: ReadonlySet<string> = new Set(TOPIC_KIND_NAMES);
const LONGEST_KIND = Math.max(...TOPIC_KIND_NAMES.map((kind) => kind.length));
/** Anything longer cannot be a valid topic: rejects huge strings before splitting them. */
const MAX_TOPIC_LENGTH = TOPIC_PREFIX.length + 2 * ID_MAX_LENGTH + LONGEST_KIND + 3;

export type ParsedTopic =
  | { ok: true; ent: string; gw: string; kind: TopicKind }
  | { ok: false; error: OnrampError };

export function isTopicKind(value: string): value is TopicKind {
  return KINDS.has(value);
}

/**
 * Builds `onramp/v1/{ent}/{gw}/{kind}`. Ids are validated when config is loaded, so an invalid id
 * here is a bug: it throws rather than publish to a topic that might contain a wildcard.
 */
export function buildTopic(ent: string, gw: string, kind: TopicKind): string {
  if (!isId(ent)) throw new TypeError(`buildTopic: invalid enterprise id ${JSON.stringify(ent)}`);
  if (!isId(gw)) throw new TypeError(`buildTopic: invalid gateway id ${JSON.stringify(gw)}`);
  return `${TOPIC_PREFIX}/${ent}/${gw}/${kind}`;
}

export function parseTopic(topic: string): ParsedTopic {
  if (topic.length > MAX_TOPIC_LENGTH) {
    return invalid(`topic is ${topic.length} characters, longer than any Onramp topic`);
  }
  // Quoted so control characters or an empty level stay visible in the log line.
  const quoted = JSON.stringify(topic);
  const levels = topic.split("/");
  if (levels.length !== 5) {
    return invalid(`topic ${quoted} has ${levels.length} levels; expected ${TOPIC_PREFIX}/{ent}/{gw}/{kind}`);
  }
  const [root, version, ent, gw, kind] = levels as [string, string, string, string, string];
  if (`${root}/${version}` !== TOPIC_PREFIX) {
    return invalid(`topic ${quoted} does not start with ${TOPIC_PREFIX}/`);
  }
  if (!isId(ent)) return invalid(`topic ${quoted} has an invalid enterprise id level ${JSON.stringify(ent)}`);
  if (!isId(gw)) return invalid(`topic ${quoted} has an invalid gateway id level ${JSON.stringify(gw)}`);
  if (!isTopicKind(kind)) {
    return invalid(
      `topic ${quoted} has unknown kind ${JSON.stringify(kind)}; expected ${TOPIC_KIND_NAMES.join(" | ")}`,
    );
  }
  return { ok: true, ent, gw, kind };
}

function invalid(message: string): ParsedTopic {
  return { ok: false, error: onrampError("ONRAMP_TOPIC_INVALID", message) };
}
