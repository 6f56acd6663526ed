-- The signals a challenge asked for (the bureau's choice, or the default mix of a counter, the
-- execution state and random others): a reply that leaves one out fails liveness
-- (LIVENESS_MISSING_SIGNALS), also when the indicators re-judge the recorded challenge.
-- NULL: the cmd named none, so the gateway read its device's whole profile.
ALTER TABLE challenges ADD COLUMN signals jsonb;
