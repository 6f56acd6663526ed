-- Sparkplug B gateways as a source (issue 20). A gateway row says where its data comes from:
-- 'onramp-agent' (signed frames, the default for every existing row) or 'sparkplug-b' (an edge
-- node of an existing Sparkplug B gateway, unsigned). A Sparkplug gateway has no key and no MQTT
-- login of ours: its kid and mqtt_username are 'sparkplug:{group}/{edge}' placeholders (unique, as
-- the columns require) and its password hash is not a scrypt hash, so no login can match it.
ALTER TABLE gateways ADD COLUMN source text NOT NULL DEFAULT 'onramp-agent' CHECK (source IN ('onramp-agent', 'sparkplug-b'));

-- Group/edge node → enterprise/gateway, registered by an admin or the enterprise's integrator.
CREATE TABLE sparkplug_edges (
  grp text NOT NULL,
  edge text NOT NULL,
  ent text NOT NULL,
  gw text NOT NULL,
  registered_by text NOT NULL,
  registered_at bigint NOT NULL,
  PRIMARY KEY (grp, edge),
  UNIQUE (ent, gw),
  FOREIGN KEY (ent, gw) REFERENCES gateways (ent, id)
);

-- Sparkplug device id of an edge node → Onramp device id with the profile the integrator chose.
CREATE TABLE sparkplug_devices (
  ent text NOT NULL,
  gw text NOT NULL,
  sp_device text NOT NULL,
  dev text NOT NULL,
  profile text NOT NULL,
  registered_by text NOT NULL,
  registered_at bigint NOT NULL,
  PRIMARY KEY (ent, gw, sp_device),
  UNIQUE (ent, gw, dev),
  FOREIGN KEY (ent, gw) REFERENCES gateways (ent, id)
);
