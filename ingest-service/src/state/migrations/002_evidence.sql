-- Indicators and evidence (issue 7): enterprise metadata for the bureau view (INDICATORS §6),
-- the audit trail of mapping changes (§5), a log of every verified frame receipt for the replay
-- checks with the exact bytes of a sample of them (evidence bundles), and challenge results (§5).

-- Bureau grouping and the declared working calendar (INDICATORS §3, §6). NULL calendar: the
-- enterprise declared none, and every hour counts as working time (the strictest reading).
ALTER TABLE enterprises ADD COLUMN district text;
ALTER TABLE enterprises ADD COLUMN development_zone text;
ALTER TABLE enterprises ADD COLUMN industry text NOT NULL DEFAULT 'other';
ALTER TABLE enterprises ADD COLUMN industry_kind text NOT NULL DEFAULT 'discrete'
  CHECK (industry_kind IN ('discrete', 'process'));
ALTER TABLE enterprises ADD COLUMN above_scale boolean NOT NULL DEFAULT false;
ALTER TABLE enterprises ADD COLUMN sme_digital_level double precision;
ALTER TABLE enterprises ADD COLUMN calendar jsonb;

-- Every change of a device's effective-mapping digest seen in a birth, the first one included.
CREATE TABLE mapping_changes (
  ent text NOT NULL,
  gw text NOT NULL,
  dev text NOT NULL,
  at bigint NOT NULL,
  previous_hash text,
  hash text NOT NULL,
  previous_class text,
  class text NOT NULL,
  previous_profile text,
  profile text NOT NULL
);
CREATE INDEX mapping_changes_by_device ON mapping_changes (ent, dev, at);

-- One row per verified frame receipt, duplicates included (the replay checks need the second
-- copy). digest: SHA-256 of the exact bytes. devices: a data frame's samples or a status frame's
-- events. raw: the exact
-- bytes, kept for births, deaths, status, replies and a sample of data frames (every Nth per
-- gateway and hour), so an evidence bundle can carry frames anyone can re-verify.
CREATE TABLE frame_log (
  ent text NOT NULL,
  gw text NOT NULL,
  kind text NOT NULL,
  sess text NOT NULL,
  seq bigint NOT NULL,
  ts bigint NOT NULL,
  received_at bigint NOT NULL,
  digest text NOT NULL,
  devices jsonb,
  raw bytea
);
CREATE INDEX frame_log_by_time ON frame_log (ent, received_at);

CREATE TABLE challenges (
  id text PRIMARY KEY,
  ent text NOT NULL,
  gw text NOT NULL,
  dev text NOT NULL,
  issued_at bigint NOT NULL,
  nonce text NOT NULL,
  deadline_ms bigint NOT NULL,
  -- The indicators' ChallengeReplyObservation, or NULL when nothing came back in time.
  reply jsonb,
  outcome text NOT NULL CHECK (outcome IN ('passed', 'failed')),
  causes jsonb NOT NULL,
  requested_by text NOT NULL
);
CREATE INDEX challenges_by_device ON challenges (ent, dev, issued_at);
