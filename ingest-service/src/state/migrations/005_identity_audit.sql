-- Device identity that holds (issue 14): every change of a device's identity fingerprint seen in a
-- birth, like mapping_changes (the first fingerprint included, with no previous one), and the
-- nameplate serials a gateway's enrollment confirmed for devices that expose no identity.

CREATE TABLE identity_changes (
  ent text NOT NULL,
  gw text NOT NULL,
  dev text NOT NULL,
  at bigint NOT NULL,
  previous_fingerprint text,
  fingerprint text NOT NULL,
  previous_source text,
  source text NOT NULL
);
CREATE INDEX identity_changes_by_device ON identity_changes (ent, dev, at);

-- One row per (gateway, device): a new enrollment of the gateway replaces its confirmations.
CREATE TABLE nameplate_confirmations (
  ent text NOT NULL,
  gw text NOT NULL,
  dev text NOT NULL,
  serial text NOT NULL,
  fingerprint text NOT NULL,
  confirmed_at bigint NOT NULL,
  PRIMARY KEY (ent, gw, dev)
);
