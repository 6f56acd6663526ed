// Public surface of @onramp/contract. Anything not exported here is internal.

export { ERROR_CODES, type ErrorCode, type FrameError, type OnrampError } from "./errors.js";
export {
  DEFAULT_MAX_FRAME_BYTES,
  DEFAULT_MAX_JSON_DEPTH,
  type DecodeOptions,
  type DecodeResult,
  type DecodeResultKeepingBlocks,
  decodeFrame,
  decodeFrameAsync,
  type KeyLookup,
} from "./frame/decode.js";
export { describeFrame } from "./frame/describe.js";
export { encodeFrame, type Signer } from "./frame/encode.js";
export { type FrameEnvelope, FrameEnvelopeSchema } from "./frame/envelope.js";
export {
  type Ed25519PublicJwk,
  type GatewayKey,
  generateGatewayKey,
  keyIdOf,
  publicJwk,
} from "./frame/keys.js";
export {
  DeviceClass,
  DeviceId,
  EnterpriseId,
  GatewayId,
  ID_PATTERN,
  KeyId,
  RequestId,
  SessionId,
  SignalId,
} from "./ids.js";
export { contractJsonSchemas, JSON_SCHEMA_BASE_URI, type JsonSchema } from "./json-schemas.js";
export {
  type BirthBody,
  BirthBodySchema,
  type BirthDevice,
  BirthDeviceSchema,
  type Identity,
  IdentitySchema,
  type IdentitySource,
  IdentitySourceSchema,
  MAX_BIRTH_DEVICES,
  ProfileRef,
} from "./messages/birth.js";
export { type Body, BodySchema } from "./messages/body.js";
export { type Cause, CauseSchema } from "./messages/cause.js";
export {
  type ChallengeCmd,
  ChallengeCmdSchema,
  type CmdBody,
  CmdBodySchema,
  MAX_CHALLENGE_DEADLINE_MS,
  MAX_CHALLENGE_SIGNALS,
  Nonce,
} from "./messages/cmd.js";
export {
  type DataBody,
  DataBodySchema,
  type DeviceSamples,
  DeviceSamplesSchema,
  type Loss,
  LossSchema,
  MAX_DATA_DEVICES,
  MAX_DATA_SAMPLES,
} from "./messages/data.js";
export {
  CompactDeviceSchema,
  compactDataBody,
  type DataBodyV2,
  DataBodyV2Schema,
  expandDataBody,
} from "./messages/data-v2.js";
export { type DeathBody, DeathBodySchema, type DeathReason, DeathReasonSchema } from "./messages/death.js";
export {
  certificateThumbprintOf,
  DEVICE_PROOF_POLICIES,
  type DeviceProof,
  DeviceProofSchema,
  type DeviceProofVerdict,
  leafOfChain,
  MAX_PROOF_CERTIFICATE_BYTES,
  MAX_PROOF_SIGNATURE_BYTES,
  NoDeviceProofSchema,
  type OpcuaSessionProof,
  OpcuaSessionProofSchema,
  sessionNonceOf,
  verifyDeviceProof,
} from "./messages/device-proof.js";
export { EXAMPLE_BODIES, EXAMPLE_BODIES_V2 } from "./messages/examples.js";
export { ContractVersion, EpochMs, MAX_EPOCH_MS, MAX_TEXT_LENGTH } from "./messages/header.js";
export {
  type ChallengeReply,
  ChallengeReplySchema,
  MAX_CHALLENGE_SAMPLES,
  type ReplyBody,
  ReplyBodySchema,
} from "./messages/reply.js";
export {
  type ChallengeReplyV2,
  ChallengeReplyV2Schema,
  compactReplyBody,
  expandReplyBody,
} from "./messages/reply-v2.js";
export {
  type Quality,
  QualitySchema,
  type ReplySample,
  ReplySampleSchema,
  type Sample,
  SampleSchema,
  type SampleValue,
  SampleValueSchema,
} from "./messages/sample.js";
export {
  blockTimes,
  type ReplySampleBlock,
  ReplySampleBlockSchema,
  type SampleBlock,
  SampleBlockSchema,
} from "./messages/sample-blocks.js";
export {
  type DeviceState,
  DeviceStateSchema,
  MAX_STATUS_EVENTS,
  type StatusBody,
  StatusBodySchema,
  type StatusEvent,
  StatusEventSchema,
} from "./messages/status.js";
export {
  type BodyV2,
  BodyV2Schema,
  CONTRACT_VERSIONS,
  type ContractVersionNumber,
  expandBodyV2,
  toWireBody,
  type WireBody,
} from "./messages/versions.js";
export { type Direction, TOPIC_KINDS, type TopicKindInfo, type TopicPayloads } from "./topic-kinds.js";
export {
  buildTopic,
  isTopicKind,
  type ParsedTopic,
  parseTopic,
  TOPIC_KIND_NAMES,
  TOPIC_PREFIX,
  type TopicKind,
} from "./topics.js";
