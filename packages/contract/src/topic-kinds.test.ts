import { describe, expect, it } from "vitest";
import { BodySchema } from "./messages/body.js";
import { TOPIC_KINDS } from "./topic-kinds.js";
import { TOPIC_KIND_NAMES } from "./topics.js";

describe("TOPIC_KINDS", () => {
  it.each(TOPIC_KIND_NAMES)("documents %s with an example its own schema accepts", (kind) => {
    const { schema, example } = TOPIC_KINDS[kind];
    expect(example.kind).toBe(kind);
    expect(schema.safeParse(example).success).toBe(true);
    expect(BodySchema.safeParse(example).success).toBe(true);
  });

  it("retains exactly birth and death, so late subscribers learn whether a gateway is up", () => {
    const retained = TOPIC_KIND_NAMES.filter((kind) => TOPIC_KINDS[kind].retained);
    expect(retained).toEqual(["birth", "death"]);
  });

  it("publishes every kind at QoS 1", () => {
    expect(TOPIC_KIND_NAMES.map((kind) => TOPIC_KINDS[kind].qos)).toEqual(TOPIC_KIND_NAMES.map(() => 1));
  });

  it("has cmd as the only cloud-to-gateway kind, signed by the cloud", () => {
    const inbound = TOPIC_KIND_NAMES.filter((kind) => TOPIC_KINDS[kind].direction === "cloud-to-gateway");
    expect(inbound).toEqual(["cmd"]);
    expect(TOPIC_KINDS.cmd.signedBy).toBe("cloud");
  });
});
