import { type CompiledProfile, compileProfile, Profile, type ProfileInput } from "@onramp/profiles";

/** Test-only: S7 profiles built in code. */
export type SignalInput = ProfileInput["signals"][number];

export function compileS7Profile(
  signals: readonly SignalInput[],
  extra: Partial<ProfileInput> = {},
): CompiledProfile {
  return compileProfile(
    Profile.parse({
      schemaVersion: 1,
      id: "onramp-test/s7-driver",
      version: "1.0.0",
      vendor: "Onramp",
      model: "test CPU",
      class: "plc",
      protocol: "s7",
      source: { kind: "template", document: "edge-agent S7 driver tests", note: "built by the tests" },
      identity: { method: "s7-szl" },
      signals,
      ...extra,
    }),
  );
}

type S7Input = Extract<SignalInput["source"], { s7: unknown }>["s7"];

/** A signal of the `other` role reading `source`. */
export function s7Signal(id: string, type: SignalInput["type"], source: S7Input): SignalInput {
  return { id, role: "other", type, source: { s7: source } };
}
