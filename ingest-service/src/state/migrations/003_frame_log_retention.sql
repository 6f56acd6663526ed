-- Frame-log retention (state/frame-log-retention.ts): how far the raw-bytes cap has been applied.
-- One row; instances pruning together only ever move it forward (GREATEST), and re-trimming an
-- hour already within its cap changes nothing.
CREATE TABLE frame_log_trim (
  id int PRIMARY KEY CHECK (id = 1),
  trimmed_until bigint NOT NULL
);
