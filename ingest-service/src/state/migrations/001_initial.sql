-- Onramp ingest state, one schema for PGlite (embedded) and PostgreSQL. Times are epoch ms (bigint).

CREATE TABLE enterprises (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at bigint NOT NULL
);

-- status follows birth/death: enrolled (never born), online, offline. revoked_at is separate:
-- a revoked gateway keeps its history but its connections and frames are refused.
CREATE TABLE gateways (
  ent text NOT NULL REFERENCES enterprises (id),
  id text NOT NULL,
  kid text NOT NULL UNIQUE,
  public_jwk jsonb NOT NULL,
  mqtt_username text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  status text NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'online', 'offline')),
  enrolled_at bigint NOT NULL,
  revoked_at bigint,
  last_session text,
  last_birth_at bigint,
  agent_version text,
  PRIMARY KEY (ent, id)
);

-- key_process and cnc are declarations by the enterprise (INDICATORS §1, §2.3), with who and when.
CREATE TABLE devices (
  ent text NOT NULL,
  gw text NOT NULL,
  id text NOT NULL,
  profile text NOT NULL,
  class text NOT NULL,
  fingerprint text,
  identity_source text,
  -- Digest of the effective mapping announced at birth: a remapping leaves a trace (INDICATORS §5).
  mapping text,
  key_process boolean NOT NULL DEFAULT false,
  cnc boolean NOT NULL DEFAULT false,
  declared_by text,
  declared_at bigint,
  heartbeat_ms bigint,
  expected_samples_per_hour double precision,
  first_birth_at bigint NOT NULL,
  last_birth_at bigint NOT NULL,
  PRIMARY KEY (ent, gw, id),
  FOREIGN KEY (ent, gw) REFERENCES gateways (ent, id)
);

-- Tokens are stored as SHA-256 of 256-bit random secrets: a slow KDF adds nothing against
-- guessing a 256-bit value, and a hash allows lookup by token.
CREATE TABLE enrollment_tokens (
  token_hash text PRIMARY KEY,
  ent text NOT NULL REFERENCES enterprises (id),
  gateway_id text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint,
  created_by text NOT NULL
);

CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('integrator', 'enterprise', 'bureau', 'admin')),
  ent text REFERENCES enterprises (id),
  name text NOT NULL,
  created_at bigint NOT NULL,
  revoked_at bigint
);

-- Dedupe on (session, seq), shared by every instance behind one shared subscription.
-- reserved: a birth's willSeq, held until the last will arrives (or forever, when it never fires).
CREATE TABLE frames_seen (
  ent text NOT NULL,
  gw text NOT NULL,
  sess text NOT NULL,
  seq bigint NOT NULL,
  reserved boolean NOT NULL,
  received_at bigint NOT NULL,
  PRIMARY KEY (ent, gw, sess, seq)
);

-- Per session: gaps = max_seq - min_seq + 1 - seqs, exact whatever the arrival order.
CREATE TABLE sessions (
  ent text NOT NULL,
  gw text NOT NULL,
  sess text NOT NULL,
  min_seq bigint NOT NULL,
  max_seq bigint NOT NULL,
  seqs bigint NOT NULL,
  duplicates bigint NOT NULL DEFAULT 0,
  first_seen bigint NOT NULL,
  last_seen bigint NOT NULL,
  PRIMARY KEY (ent, gw, sess)
);

CREATE TABLE presence (
  ent text NOT NULL,
  gw text NOT NULL,
  dev text NOT NULL,
  state text NOT NULL CHECK (state IN ('online', 'offline')),
  state_since bigint NOT NULL,
  cause text NOT NULL,
  first_seen bigint NOT NULL,
  last_seen bigint NOT NULL,
  PRIMARY KEY (ent, gw, dev)
);

CREATE TABLE presence_transitions (
  ent text NOT NULL,
  gw text NOT NULL,
  dev text NOT NULL,
  at bigint NOT NULL,
  from_state text NOT NULL,
  to_state text NOT NULL,
  cause text NOT NULL
);
CREATE INDEX presence_transitions_by_device ON presence_transitions (ent, gw, dev, at);

-- Hourly ledger. dev = '' is the gateway's own row: frame gaps, rejections, duplicates, skew and
-- spool losses belong to frames, which cannot be attributed to one device.
CREATE TABLE ledger (
  ent text NOT NULL,
  gw text NOT NULL,
  dev text NOT NULL,
  hour bigint NOT NULL,
  frames bigint NOT NULL DEFAULT 0,
  samples bigint NOT NULL DEFAULT 0,
  expected_samples double precision,
  gaps bigint NOT NULL DEFAULT 0,
  rejections bigint NOT NULL DEFAULT 0,
  duplicates bigint NOT NULL DEFAULT 0,
  skewed_frames bigint NOT NULL DEFAULT 0,
  lost_frames bigint NOT NULL DEFAULT 0,
  lost_samples bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (ent, gw, dev, hour)
);

-- The embedded telemetry store: one row per sample, keyed like an InfluxDB point so a rewrite
-- of the same sample overwrites it (idempotent redelivery).
CREATE TABLE telemetry_samples (
  ent text NOT NULL,
  gw text NOT NULL,
  dev text NOT NULL,
  signal text NOT NULL,
  t bigint NOT NULL,
  profile text NOT NULL,
  num double precision,
  bool boolean,
  str text,
  quality text NOT NULL,
  PRIMARY KEY (ent, gw, dev, signal, t)
);
