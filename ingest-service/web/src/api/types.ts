// Response shapes of the /api/v1 routes the dashboard reads (ingest-service/README.md, API).
// The indicator report is the indicators core's own type, imported so the two never drift.
export type {
  DeviceEvidence,
  EnterpriseReport,
  EvidenceLevel,
  Flag,
  FlagCode,
  LeftOutDevice,
  LeftOutReason,
  NotJudgedReason,
  Rate,
  ScoredRate,
  TrendPoint,
  VerifiedRate,
} from "../../../src/indicators/index.js";

export type Role = "integrator" | "enterprise" | "bureau" | "admin";

export interface Me {
  role: Role;
  enterprise: string | null;
  name: string;
}

export interface Enterprise {
  id: string;
  name: string;
  createdAt: number;
}

export interface Gateway {
  ent: string;
  id: string;
  kid: string;
  status: "enrolled" | "online" | "offline";
  enrolledAt: number;
  revokedAt: number | null;
  lastBirthAt: number | null;
  agentVersion: string | null;
}

export interface Device {
  ent: string;
  gw: string;
  id: string;
  profile: string;
  class: string;
  keyProcess: boolean;
  cnc: boolean;
  heartbeatMs: number | null;
}

export type PresenceState = "never" | "online" | "stale" | "offline";

export interface DevicePresence {
  gw: string;
  dev: string;
  state: PresenceState;
  since: number | null;
  cause: string | null;
  lastSeen: number | null;
}

export interface LedgerRow {
  gw: string;
  dev: string;
  hour: number;
  frames: number;
  samples: number;
  gaps: number;
  rejections: number;
  duplicates: number;
  lostFrames: number;
  lostSamples: number;
}

export interface Rejection {
  at: number;
  code: string;
  message: string;
  topic: string;
  gw: string | null;
}

export interface SignalPoint {
  t: number;
  value: number | boolean | string | null;
  quality: "good" | "uncertain" | "bad";
}

/** GET …/devices/:dev/signals: the device's signals from its profile, each with its last value. */
export interface DeviceSignals {
  profile: string;
  isProfileKnown: boolean;
  signals: {
    id: string;
    name: string | null;
    role: string;
    unit: string | null;
    type: string;
    last: SignalPoint | null;
  }[];
}

export interface CreatedEnrollmentToken {
  token: string;
  gatewayId: string;
  expiresAt: number;
}

export interface ApiError {
  code: string;
  message: string;
}
