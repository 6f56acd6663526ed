-- SME digital level declarations (issue 15, INDICATORS §7): every submission is kept, the latest
-- per enterprise and questionnaire counts. `answers` holds item id → option ids; an import of the
-- national self-assessment that gives only its total keeps `answers` NULL and the total and level.
-- `answered_by` is the token that declared (role:name), `source` how it came in.
CREATE TABLE sme_digital_level_answers (
  ent text NOT NULL REFERENCES enterprises (id),
  questionnaire text NOT NULL,
  version text NOT NULL,
  answers jsonb,
  total_score double precision,
  total_level integer CHECK (total_level BETWEEN 0 AND 4),
  source text NOT NULL CHECK (source IN ('questionnaire', 'national-import')),
  answered_by text NOT NULL,
  answered_at bigint NOT NULL,
  CHECK (answers IS NOT NULL OR (total_score IS NOT NULL AND total_level IS NOT NULL))
);

CREATE INDEX sme_digital_level_answers_latest ON sme_digital_level_answers (ent, questionnaire, version, answered_at DESC);
