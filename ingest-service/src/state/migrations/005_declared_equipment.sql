-- Equipment the enterprise declares itself (issue 14, INDICATORS §1): a machine exists in the
-- registry before, or without, any gateway announcing it, so the machines an enterprise never
-- connects count in the denominators of the verified rates instead of vanishing by omission.
-- A gateway's birth for the same (ent, id) attaches to the declaration (devices keeps its row).
CREATE TABLE declared_equipment (
  ent text NOT NULL REFERENCES enterprises (id),
  id text NOT NULL,
  name text NOT NULL,
  class text NOT NULL,
  key_process boolean NOT NULL,
  declared_digital boolean NOT NULL,
  declared_networked boolean NOT NULL,
  declared_cnc boolean NOT NULL,
  declared_by text NOT NULL,
  declared_at bigint NOT NULL,
  -- First declaration: the equipment is judged from then on; later edits keep it.
  registered_at bigint NOT NULL,
  retired_at bigint,
  PRIMARY KEY (ent, id)
);
