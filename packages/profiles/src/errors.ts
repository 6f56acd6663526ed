/**
 * The error registry of the profiles package (Fastify's `lib/errors.js` habit): every failure
 * this package reports as a value carries one of these stable codes, which tests, counters and
 * logs use. `docs/errors.md` holds the same table for people; `errors.test.ts` keeps the two in step.
 */
export interface ErrorInfo {
  /** What happened, in the words of the person who meets it. */
  readonly meaning: string;
  readonly howToSolve: string;
}

export const ERRORS = {
  ONRAMP_PROFILE_INVALID: {
    meaning: "A device profile is not valid YAML or does not match the profile format.",
    howToSolve:
      "Go to the reported file:line:column and fix the value at the reported path. Add the yaml-language-server modeline (packages/profiles/README.md) so the editor checks the file as you type.",
  },
  ONRAMP_PROFILE_SCHEMA_VERSION: {
    meaning: "The profile's schemaVersion is missing, unknown, or newer than this engine.",
    howToSolve:
      "Start a new profile with `schemaVersion: 1`. A profile written for a newer format needs a newer Onramp: upgrade the agent.",
  },
  ONRAMP_PROFILE_UNREADABLE: {
    meaning: "The profile or fixtures file could not be read from disk.",
    howToSolve: "Check the path and the file permissions; the message carries the operating-system error.",
  },
  ONRAMP_FIXTURE_INVALID: {
    meaning: "A fixtures file is not valid YAML or does not match the fixture format.",
    howToSolve:
      "Fix the value at the reported file:line:column; the format is in packages/profiles/README.md (Fixtures).",
  },
  ONRAMP_FIXTURE_MISMATCH: {
    meaning:
      "A fixture case decodes to something other than its `expect` block, or expects a signal its input does not give.",
    howToSolve:
      "Compare the reported got/expected values with the vendor document; fix the profile (address, order, scale) or the fixture, whichever is wrong.",
  },
  ONRAMP_FIXTURE_MISSING: {
    meaning:
      "A profile has no sibling `.fixtures.yaml`, or one of its signals is expected by no fixture case.",
    howToSolve:
      "Add `<profile>.fixtures.yaml` beside the profile with at least one case expecting every signal.",
  },
  ONRAMP_LIBRARY_RULE: {
    meaning:
      "A profile breaks a rule of the profile library (unique ids, id matching the file path, ranges on setpoints).",
    howToSolve:
      "Rename or move the file to `device-profiles/<class>/<vendor>-<model>.yaml`, give it a unique id, or add the missing range.",
  },
  ONRAMP_DECODE_UNSUPPORTED_TYPE: {
    meaning:
      "An OPC UA value has a data type the normaliser cannot map (Null, ByteString, NodeId, structures…).",
    howToSolve:
      "Point the profile at a variable of a scalar type (number, boolean, string, DateTime, LocalizedText, QualifiedName, StatusCode), or at a component of the structure.",
  },
  ONRAMP_DECODE_SHAPE: {
    meaning:
      "The raw input does not have the shape the signal's source describes (register count, array index, Int64 pair, protocol).",
    howToSolve:
      "Check the source in the profile: register count and dataType for Modbus, `index` for OPC UA arrays.",
  },
  ONRAMP_DECODE_TYPE_MISMATCH: {
    meaning: "The raw value cannot become the signal's type (for example a string read for a number signal).",
    howToSolve: "Fix the signal's `type` or its source so that they agree.",
  },
  ONRAMP_DECODE_NOT_FINITE: {
    meaning: "The device sent NaN or an infinity, which a sample cannot carry.",
    howToSolve:
      "Usually the device's way of saying 'not available'; the sample is reported with quality bad. If it persists, check the register order.",
  },
} as const satisfies Record<string, ErrorInfo>;

export type ErrorCode = keyof typeof ERRORS;
