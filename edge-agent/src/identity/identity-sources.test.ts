import { IdentitySourceSchema } from "@onramp/contract";
import { IdentityMethod } from "@onramp/profiles";
import { describe, expect, it } from "vitest";

describe("identity methods and birth sources", () => {
  // A method the birth contract did not know was dropped by the agent: the S7 and MTConnect
  // devices of the demo read their identity and announced none, stuck at evidence level `declared`.
  it("accepts in a birth every identity method a profile can name", () => {
    const unknown = IdentityMethod.options.filter((m) => !IdentitySourceSchema.safeParse(m).success);
    expect(unknown).toEqual([]);
  });
});
