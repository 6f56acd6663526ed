// Public surface of @onramp/ingest-service.
export { type BuildAppOptions, buildApp, parseConfig } from "./app.js";
export { type IngestConfig, type IngestConfigInput, IngestConfigSchema } from "./config.js";
export {
  type Answers as DigitalLevelAnswers,
  computeDigitalLevel,
  type DigitalLevel,
  type EvidenceFacts,
  loadQuestionnaire,
} from "./digital-level/index.js";
export { INGEST_ERRORS, IngestError, type IngestErrorCode, type RejectionCode } from "./errors.js";
export { startServer } from "./server.js";
export type {
  SampleRun,
  SignalPoint,
  SignalQuery,
  TelemetryBatch,
  TelemetryPoint,
  TelemetryStore,
} from "./store/telemetry-store.js";
