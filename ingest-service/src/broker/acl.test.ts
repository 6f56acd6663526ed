import { describe, expect, it } from "vitest";
import { isPublishAllowed, isSubscribeAllowed, parseMqttUsername } from "./acl.js";

const me = { ent: "acme", gw: "hall-1" };

describe("per-gateway topic ACL", () => {
  it.each(["birth", "death", "data", "status", "reply"])("lets a gateway publish its own %s", (kind) => {
    expect(isPublishAllowed(me, `onramp/v1/acme/hall-1/${kind}`)).toBe(true);
  });

  it.each([
    "onramp/v1/acme/hall-1/cmd",
    "onramp/v1/acme/hall-2/data",
    "onramp/v1/globex/hall-1/data",
    "onramp/v1/acme/hall-1/data/extra",
    "$SYS/broker/load",
  ])("refuses publishing on %s", (topic) => {
    expect(isPublishAllowed(me, topic)).toBe(false);
  });

  it("allows subscribing to its own cmd topic only, never a wildcard", () => {
    expect(isSubscribeAllowed(me, "onramp/v1/acme/hall-1/cmd")).toBe(true);
    expect(isSubscribeAllowed(me, "onramp/v1/acme/+/cmd")).toBe(false);
    expect(isSubscribeAllowed(me, "#")).toBe(false);
  });

  it("reads the gateway from an `{ent}/{gw}` username", () => {
    expect(parseMqttUsername("acme/hall-1")).toEqual(me);
    expect(parseMqttUsername("acme/hall-1/x")).toBeUndefined();
    expect(parseMqttUsername("acme")).toBeUndefined();
  });
});
