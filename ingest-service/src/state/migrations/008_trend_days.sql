-- Long trends (issue 15 §5): each closed local day's verified networking, CNC-ization and on-cloud
-- figures per enterprise, with the devices behind them, computed by a report of that day alone.
-- `figures` is a MemberTrendPoint (indicators/trends.ts). A stored day is recomputed when its
-- `watermark` (the ledger's counters over the hours the day's report reads: late spooled frames
-- raise them) or its `definition` (registry, declarations, enterprise profile, parameters) no
-- longer match. Kept after the frame log's retention has deleted the day's frames: the figures
-- are then the only record of that day.
CREATE TABLE trend_days (
  ent text NOT NULL REFERENCES enterprises (id),
  day_from bigint NOT NULL,
  day_to bigint NOT NULL,
  watermark text NOT NULL,
  definition text NOT NULL,
  figures json NOT NULL,
  computed_at bigint NOT NULL,
  PRIMARY KEY (ent, day_from)
);
