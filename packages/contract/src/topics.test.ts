import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { idArb } from "./testing/arbitraries.js";
import { buildTopic, parseTopic, TOPIC_KIND_NAMES } from "./topics.js";

describe("buildTopic", () => {
  it("builds onramp/v1/{ent}/{gw}/{kind}", () => {
    expect(buildTopic("acme", "gw-1", "data")).toBe("onramp/v1/acme/gw-1/data");
  });

  it("throws on an invalid id rather than build a topic with a wildcard in it", () => {
    expect(() => buildTopic("+", "gw-1", "data")).toThrow(TypeError);
    expect(() => buildTopic("acme", "gw/1", "data")).toThrow(TypeError);
  });
});

describe("parseTopic", () => {
  it.each(TOPIC_KIND_NAMES)("accepts the %s topic", (kind) => {
    expect(parseTopic(`onramp/v1/acme/gw-1/${kind}`)).toEqual({ ok: true, ent: "acme", gw: "gw-1", kind });
  });

  it.each([
    ["a wrong prefix", "other/v1/acme/gw-1/data"],
    ["another version", "onramp/v2/acme/gw-1/data"],
    ["a missing level", "onramp/v1/acme/data"],
    ["an extra level", "onramp/v1/acme/gw-1/data/x"],
    ["a trailing slash", "onramp/v1/acme/gw-1/data/"],
    ["a leading slash", "/onramp/v1/acme/gw-1/data"],
    ["an empty enterprise level", "onramp/v1//gw-1/data"],
    ["an empty gateway level", "onramp/v1/acme//data"],
    ["an empty kind", "onramp/v1/acme/gw-1/"],
    ["a single-level wildcard", "onramp/v1/+/gw-1/data"],
    ["a multi-level wildcard", "onramp/v1/acme/#"],
    ["a wildcard kind", "onramp/v1/acme/gw-1/+"],
    ["an uppercase id", "onramp/v1/ACME/gw-1/data"],
    ["an unknown kind", "onramp/v1/acme/gw-1/telemetry"],
    ["an uppercase kind", "onramp/v1/acme/gw-1/DATA"],
    ["an id longer than 64 chars", `onramp/v1/${"a".repeat(65)}/gw-1/data`],
    ["the empty string", ""],
    ["a huge string", "onramp/v1/".repeat(10_000)],
  ])("rejects a topic with %s as ONRAMP_TOPIC_INVALID", (_what, topic) => {
    const result = parseTopic(topic);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("ONRAMP_TOPIC_INVALID");
  });

  it("round-trips buildTopic for any valid ids and kind", () => {
    fc.assert(
      fc.property(idArb, idArb, fc.constantFrom(...TOPIC_KIND_NAMES), (ent, gw, kind) => {
        expect(parseTopic(buildTopic(ent, gw, kind))).toEqual({ ok: true, ent, gw, kind });
      }),
    );
  });

  it("never throws and only accepts what buildTopic could have built", () => {
    const topicLike = fc.array(fc.oneof(fc.string(), fc.constantFrom("onramp", "v1", "data", "+", "#", "")), {
      maxLength: 7,
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          topicLike.map((levels) => levels.join("/")),
        ),
        (topic) => {
          const result = parseTopic(topic);
          if (result.ok) expect(buildTopic(result.ent, result.gw, result.kind)).toBe(topic);
        },
      ),
      { numRuns: 500 },
    );
  });
});
