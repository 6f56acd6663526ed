import { describe, expect, it } from "vitest";
import { DeviceId, EnterpriseId, GatewayId, SessionId } from "./ids.js";

describe("ids", () => {
  it.each(["a", "0", "acme", "hall-2_gw", "a".repeat(64)])(
    "accepts %j as an enterprise, gateway and device id",
    (id) => {
      expect(EnterpriseId.safeParse(id).success).toBe(true);
      expect(GatewayId.safeParse(id).success).toBe(true);
      expect(DeviceId.safeParse(id).success).toBe(true);
    },
  );

  it.each([
    ["empty", ""],
    ["uppercase", "Acme"],
    ["leading dash", "-acme"],
    ["leading underscore", "_acme"],
    ["65 characters", "a".repeat(65)],
    ["a slash", "a/b"],
    ["an MQTT wildcard", "a+"],
    ["a multi-level wildcard", "#"],
    ["a dot", "a.b"],
    ["a space", "a b"],
    ["non-ASCII", "größe"],
  ])("rejects an id with %s", (_what, id) => {
    expect(EnterpriseId.safeParse(id).success).toBe(false);
  });

  it("takes session ids of 16..64 chars of the base64url alphabet", () => {
    expect(SessionId.safeParse("AbCd0123_-xyzXYZ").success).toBe(true);
    expect(SessionId.safeParse("A".repeat(64)).success).toBe(true);
    expect(SessionId.safeParse("A".repeat(15)).success).toBe(false);
    expect(SessionId.safeParse("A".repeat(65)).success).toBe(false);
    expect(SessionId.safeParse("AbCd0123+/xyzXYZ").success).toBe(false);
  });
});
