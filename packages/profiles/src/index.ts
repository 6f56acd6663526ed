// Public surface of @onramp/profiles: everything another package may use is exported here.

export { ERRORS, type ErrorCode, type ErrorInfo } from "./errors.js";
export {
  expectedPathOf,
  LIBRARY_RULES,
  type LibraryEntry,
  type LibraryRule,
} from "./fixtures/check-library.js";
export { rawInputOf } from "./fixtures/fixture-input.js";
export {
  ExpectedSample,
  FixtureCase,
  FixtureDataValue,
  FixtureFile,
  FixtureModbus,
} from "./fixtures/fixture-schema.js";
export {
  type FixturesResult,
  loadFixturesFile,
  parseFixtures,
} from "./fixtures/load-fixtures.js";
export {
  type FixtureCaseReport,
  type FixtureReport,
  type LoadedFixtures,
  runFixtures,
} from "./fixtures/run-fixtures.js";
export {
  FIXTURES_SCHEMA_ID,
  fixturesJsonSchema,
  PROFILE_SCHEMA_ID,
  PROFILES_SCHEMA_DIR,
  profileJsonSchema,
  profilesJsonSchemas,
} from "./json-schema.js";
export { createLocator, type DocumentLocator, type SourcePosition } from "./load/locate.js";
export { loadProfileFile, type ProfileResult, parseProfile } from "./load/parse-profile.js";
export { formatPath, formatProfileError, type PathSegment, type ProfileError } from "./load/profile-error.js";
export {
  FIRST_SCHEMA_VERSION,
  MIGRATIONS,
  type Migration,
  type MigrationResult,
  migrateProfile,
} from "./migrations.js";
export { decodeRegisters, type RegisterValue } from "./modbus/decode-registers.js";
export { encodeRegisters } from "./modbus/encode-registers.js";
export { identityText } from "./modbus/identity-text.js";
export { naiveReadCount, planReads } from "./modbus/plan-reads.js";
export {
  DEFAULT_MAX_BIT_GAP,
  DEFAULT_MAX_REGISTER_GAP,
  MODBUS_MAX_BITS_PER_READ,
  MODBUS_MAX_REGISTERS_PER_READ,
  type PlannedRead,
  type ReadableSignal,
  type ReadLimits,
  readLimitsFor,
  type SignalSlot,
} from "./modbus/planned-read.js";
export { splitRead } from "./modbus/split-read.js";
export { type MtconnectObservation, readObservation } from "./mtconnect/decode-observation.js";
export { type CompiledProfile, compileProfile, type PollGroup } from "./normalise/compile-profile.js";
export type { RawInput } from "./normalise/decode-source.js";
export { createReporter, type Reporter } from "./normalise/reporter.js";
export { DATA_TYPE_IDS, type DataTypeName } from "./opcua/data-type.js";
export {
  type MappedDataValue,
  mapDataValue,
  type OpcuaDataValue,
  type OpcuaScalar,
} from "./opcua/map-data-value.js";
export { qualityOfStatus } from "./opcua/status-code.js";
export * from "./roles.js";
export { decodeS7Bytes, type S7Decoded, type S7Value } from "./s7/decode-bytes.js";
export type { DecodeError, Quality, Sample } from "./sample.js";
export * from "./schema/mtconnect-source.js";
export * from "./schema/profile.js";
export * from "./schema/s7-source.js";
export * from "./schema/signal.js";
export * from "./schema/source.js";
export * from "./schema/sparkplug-mapping.js";
export * from "./units.js";
