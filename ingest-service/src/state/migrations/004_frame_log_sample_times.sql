-- The frame log keeps of a data frame only its sample times by signal (state/frame-log.ts,
-- encodeSampleTimes): the values live in the telemetry store and the replay checks read only
-- device, signal and time. Storing full samples cost PGlite 1,662 µs per 500-sample row as jsonb;
-- times by signal as json 148 µs (7.7 KB instead of 29 KB), as offsets from the device's earliest
-- sample fewer bytes still.
--
-- json, not jsonb: json input is only validated, not converted (measured 2x cheaper per row on
-- PGlite). The type changes first, so the conversion below runs on json and keeps each device's
-- signals in the order of their first sample (jsonb would reorder the keys).
ALTER TABLE frame_log ALTER COLUMN devices TYPE json USING devices::json;

-- [{dev, samples: [{s, v, q, t}, ...]}, ...] becomes [{dev, t0, dt: {s: [t - t0, ...], ...}}, ...]
-- with t0 the device's earliest sample time: devices in frame order, each signal's offsets in
-- sample order (WITH ORDINALITY). Status rows keep their events; empty data frames are the same
-- in both shapes.
UPDATE frame_log AS f SET devices = (
  SELECT json_agg(
    json_build_object(
      'dev', d.entry -> 'dev',
      't0', COALESCE(b.t0, 0),
      'dt', COALESCE((
        SELECT json_object_agg(g.signal, g.offsets ORDER BY g.first)
        FROM (
          SELECT x.sample ->> 's' AS signal,
            json_agg((x.sample ->> 't')::bigint - b.t0 ORDER BY x.n) AS offsets,
            MIN(x.n) AS first
          FROM json_array_elements(d.entry -> 'samples') WITH ORDINALITY AS x(sample, n)
          GROUP BY x.sample ->> 's'
        ) AS g
      ), '{}'::json)
    ) ORDER BY d.i
  )
  FROM json_array_elements(f.devices) WITH ORDINALITY AS d(entry, i)
  CROSS JOIN LATERAL (
    SELECT MIN((s.sample ->> 't')::bigint) AS t0 FROM json_array_elements(d.entry -> 'samples') AS s(sample)
  ) AS b
)
WHERE f.kind = 'data'
  AND json_typeof(f.devices) = 'array'
  AND json_array_length(f.devices) > 0
  AND f.devices -> 0 -> 'samples' IS NOT NULL;
