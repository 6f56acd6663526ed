-- Relations between an enterprise's devices, declared by the enterprise or its integrator
-- (issue 14): 'feeds' — meter from_dev measures the supply of machine to_dev; 'runs' — PLC
-- from_dev runs line to_dev. The physical-consistency checks (indicators/checks/related-devices.ts)
-- compare the two devices' data. Devices are named by id within the enterprise, as the indicators
-- name them (one record per device id), not by gateway: a device moved to another gateway keeps
-- its relations.
CREATE TABLE device_relations (
  ent text NOT NULL REFERENCES enterprises (id),
  kind text NOT NULL CHECK (kind IN ('feeds', 'runs')),
  from_dev text NOT NULL,
  to_dev text NOT NULL,
  declared_by text NOT NULL,
  declared_at bigint NOT NULL,
  PRIMARY KEY (ent, kind, from_dev, to_dev),
  CHECK (from_dev <> to_dev)
);
